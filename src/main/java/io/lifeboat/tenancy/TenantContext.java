package io.lifeboat.tenancy;

/**
 * Who is asking: the user, their role and, for tenant users, their tenant. Built on the server from the
 * authenticated session, never from anything the browser sends.
 */
public record TenantContext(String username, Role role, Long tenantId, String tenantName) {

    public boolean isProvider() {
        return role == Role.PROVIDER_ADMIN;
    }

    public boolean canOperate() {
        return role == Role.TENANT_OPERATOR;
    }

    /** The tenant id, for tenant-scoped queries; throws for the provider, who has no tenant of its own. */
    public long requireTenantId() {
        if (tenantId == null) {
            throw new AccessDeniedException("This action is for tenant users only.");
        }
        return tenantId;
    }
}
