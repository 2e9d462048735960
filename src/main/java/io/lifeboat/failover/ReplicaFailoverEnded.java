package io.lifeboat.failover;

/** A replica no longer runs at the provider (undo, or failback committed); its IP leaves the network extension. */
public record ReplicaFailoverEnded(long taskId, long tenantId, long replicaId, String vmName, Long networkId, String ipAddress) {
}
