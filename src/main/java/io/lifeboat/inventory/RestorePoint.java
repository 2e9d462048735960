package io.lifeboat.inventory;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import java.time.Instant;

/** A restore point: one snapshot of a replica. */
@Entity
class RestorePoint {

    @Id
    @GeneratedValue(generator = "restore_point_seq")
    @SequenceGenerator(name = "restore_point_seq", allocationSize = 50)
    private Long id;
    private Long replicaId;
    private String snapshotId;
    private String name;
    private String description;
    private Instant createdAt;

    protected RestorePoint() {
    }

    RestorePoint(Long replicaId, String snapshotId, String name, String description, Instant createdAt) {
        this.replicaId = replicaId;
        this.snapshotId = snapshotId;
        this.name = name;
        this.description = description;
        this.createdAt = createdAt;
    }

    RestorePointInfo view() {
        return new RestorePointInfo(id, replicaId, snapshotId, name, description, createdAt);
    }

    Long getReplicaId() {
        return replicaId;
    }

    String getSnapshotId() {
        return snapshotId;
    }

    Instant getCreatedAt() {
        return createdAt;
    }
}
