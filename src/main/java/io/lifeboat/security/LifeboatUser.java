package io.lifeboat.security;

import io.lifeboat.tenancy.TenantContext;
import java.util.Collection;
import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** The principal of a local account: Spring's user details plus the tenant context resolved at login. */
record LifeboatUser(TenantContext context, String passwordHash, boolean enabled) implements UserDetails, TenantPrincipal {

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority("ROLE_" + context.role().name()));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return context.username();
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }
}
