package io.lifeboat.tenancy;

/** A tenant as lists show it. */
public record TenantSummary(long id, String name, String displayName, HardwarePlan plan, boolean enabled, String managedBy) {

    static TenantSummary of(Tenant tenant) {
        return new TenantSummary(tenant.getId(), tenant.getName(), tenant.getDisplayName(), tenant.getPlan(),
                tenant.isEnabled(), tenant.getManagedBy());
    }

    /** Declared in configuration ({@code lifeboat.setup.*}): shown read-only, changed only there. */
    public boolean managedByConfiguration() {
        return managedBy != null;
    }
}
