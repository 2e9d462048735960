package io.lifeboat.failover;

/** A replica now runs at the provider on its tenant network; the network extension must carry its IP. */
public record ReplicaFailedOver(long taskId, long tenantId, long replicaId, String vmName, long networkId, String ipAddress) {
}
