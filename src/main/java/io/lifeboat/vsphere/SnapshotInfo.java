package io.lifeboat.vsphere;

import java.time.Instant;

/** One snapshot of a VM; on a replica, one restore point. */
public record SnapshotInfo(String id, String name, String description, Instant createdAt) {
}
