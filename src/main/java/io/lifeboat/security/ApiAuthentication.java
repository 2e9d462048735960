package io.lifeboat.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An authenticated API request. Its details are the credential's description for the audit log and the rate limit
 * ("API token lb_1a2b3c4d", "access token of alice"), never a secret.
 */
final class ApiAuthentication extends AbstractAuthenticationToken {

    private final ApiPrincipal principal;

    ApiAuthentication(ApiPrincipal principal, String credential) {
        super(List.of(new SimpleGrantedAuthority("ROLE_" + principal.context().role().name())));
        this.principal = principal;
        setDetails(credential);
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public ApiPrincipal getPrincipal() {
        return principal;
    }

    String credential() {
        return (String) getDetails();
    }
}
