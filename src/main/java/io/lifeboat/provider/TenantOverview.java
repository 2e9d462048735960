package io.lifeboat.provider;

/** One tenant on the provider's dashboard. */
public record TenantOverview(long tenantId, String name, String displayName, long replicas, long inFailover, long errors,
                             int usedCpus, int quotaCpus, int usedMemoryMb, int quotaMemoryMb) {
}
