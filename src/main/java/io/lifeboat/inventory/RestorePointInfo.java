package io.lifeboat.inventory;

import java.time.Instant;

/** A restore point as callers see it; {@code snapshotId} is the replica's vSphere snapshot. */
public record RestorePointInfo(long id, long replicaId, String snapshotId, String name, String description, Instant createdAt) {
}
