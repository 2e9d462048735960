package io.lifeboat.security;

import io.lifeboat.tenancy.TenantContext;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * The principal of an OIDC login: the identity provider's user, plus the tenant context the portal resolved and
 * verified from the token at login. Authorities are Lifeboat's role only (never the token's raw roles), so
 * {@code @RolesAllowed} means the same as for a local account. The ID token stays for RP-initiated logout.
 */
record LifeboatOidcUser(TenantContext context, OidcUser token) implements OidcUser, TenantPrincipal {

    @Override
    public Map<String, Object> getClaims() {
        return token.getClaims();
    }

    @Override
    public OidcUserInfo getUserInfo() {
        return token.getUserInfo();
    }

    @Override
    public OidcIdToken getIdToken() {
        return token.getIdToken();
    }

    @Override
    public Map<String, Object> getAttributes() {
        return token.getAttributes();
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority("ROLE_" + context.role().name()));
    }

    @Override
    public String getName() {
        return context.username();
    }
}
