package io.lifeboat.security;

import io.lifeboat.tenancy.TenantContext;
import java.security.Principal;

/** Who calls the REST API: the tenant context an API token or an access token resolved to. */
record ApiPrincipal(TenantContext context) implements TenantPrincipal, Principal {

    @Override
    public String getName() {
        return context.username();
    }
}
