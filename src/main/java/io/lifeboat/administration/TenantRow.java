package io.lifeboat.administration;

import io.lifeboat.tenancy.TenantSummary;

/** A tenant in the provider's list, with what its failed-over VMs use against its plan. */
public record TenantRow(TenantSummary tenant, long inFailover, int usedCpus, int usedMemoryMb) {
}
