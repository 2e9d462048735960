package io.lifeboat.tenancy;

/** What a user may do. Tenant roles always come with a tenant; the provider role never does. */
public enum Role {
    PROVIDER_ADMIN, TENANT_OPERATOR, TENANT_VIEWER;

    public boolean isTenantRole() {
        return this != PROVIDER_ADMIN;
    }

    /** How pages name the role: "tenant operator". */
    public String label() {
        return name().replace('_', ' ').toLowerCase(java.util.Locale.ROOT);
    }
}
