package io.lifeboat.security;

import io.lifeboat.tenancy.TenantContext;

/** A principal that knows its tenant context: local accounts and OIDC logins alike. */
interface TenantPrincipal {

    TenantContext context();
}
