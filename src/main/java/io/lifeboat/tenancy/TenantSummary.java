package io.lifeboat.tenancy;

/** A tenant as lists show it. */
public record TenantSummary(long id, String name, String displayName, HardwarePlan plan) {

    static TenantSummary of(Tenant tenant) {
        return new TenantSummary(tenant.getId(), tenant.getName(), tenant.getDisplayName(), tenant.getPlan());
    }
}
