package io.lifeboat.failover;

/**
 * A replica's failover state changed from {@code from} to {@code state}. Published inside the transaction that changed
 * it: listeners that act after commit say so (the UI pushes after commit, webhooks store their deliveries with it).
 */
public record ReplicaStateChanged(long replicaId, long tenantId, ReplicaState from, ReplicaState state) {
}
