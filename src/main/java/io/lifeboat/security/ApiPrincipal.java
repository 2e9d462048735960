package io.lifeboat.security;

import io.lifeboat.tenancy.TenantContext;
import java.security.Principal;

/**
 * Who calls the REST API: the tenant context an API token or an access token resolved to, and whether the credential
 * may only read (an API token of the Read scope).
 */
record ApiPrincipal(TenantContext context, boolean readOnly) implements TenantPrincipal, Principal {

    @Override
    public String getName() {
        return context.username();
    }
}
