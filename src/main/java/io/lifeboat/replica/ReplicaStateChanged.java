package io.lifeboat.replica;

import io.lifeboat.shared.TenantDataChanged;

/** A replica's failover state changed. Published after the transaction commits. */
public record ReplicaStateChanged(long replicaId, Long tenantId, ReplicaState state) implements TenantDataChanged {
}
