package io.lifeboat.replica;

import io.lifeboat.shared.TenantDataChanged;

/**
 * A replica's failover state changed from {@code from} to {@code state}. Published inside the transaction that changed it:
 * the UI pushes after commit; webhooks store their deliveries with the change.
 */
public record ReplicaStateChanged(long replicaId, Long tenantId, ReplicaState from, ReplicaState state) implements TenantDataChanged {
}
