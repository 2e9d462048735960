package io.lifeboat.hypervisor;

import java.time.Instant;

/** One snapshot of a VM; on a replica, one restore point. */
public record SnapshotInfo(String id, String name, String description, Instant createdAt) {
}
