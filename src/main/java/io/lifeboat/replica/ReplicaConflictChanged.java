package io.lifeboat.replica;

import io.lifeboat.shared.TenantDataChanged;

/** A failed-over replica's address conflict was found ({@code mac} set) or cleared (null); the pages show it at once. */
public record ReplicaConflictChanged(long replicaId, Long tenantId, String mac) implements TenantDataChanged {
}
