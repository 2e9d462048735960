package io.lifeboat.tenancy;

/** A local account as the login needs it. */
public record AccountDetails(String username, String passwordHash, Role role, Long tenantId, String tenantName, boolean enabled) {

    public TenantContext context() {
        return new TenantContext(username, role, tenantId, tenantName);
    }
}
