package io.lifeboat.replica;

/** A replica's failover state changed. Published after the transaction commits. */
public record ReplicaStateChanged(long replicaId, long tenantId, ReplicaState state) {
}
