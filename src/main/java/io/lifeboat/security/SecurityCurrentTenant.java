package io.lifeboat.security;

import io.lifeboat.tenancy.AccessDeniedException;
import io.lifeboat.tenancy.CurrentTenant;
import io.lifeboat.tenancy.TenantContext;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** Reads the tenant context from the authenticated principal: the only source of truth about who asks. */
@Component
class SecurityCurrentTenant implements CurrentTenant {

    @Override
    public TenantContext get() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof TenantPrincipal user) {
            return user.context();
        }
        throw new AccessDeniedException("You are not logged in, or your session has expired. Please log in again.");
    }
}
