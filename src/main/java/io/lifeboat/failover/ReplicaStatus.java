package io.lifeboat.failover;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Version;
import java.time.Instant;

/** The failover state of one replica. Changed only through {@link ReplicaStates}; optimistic locking on {@code version}. */
@Entity
class ReplicaStatus {

    @Id
    private Long replicaId;
    private Long tenantId;
    @Enumerated(EnumType.STRING)
    private ReplicaState state;
    @Version
    private Long version;
    private Long restorePointId;
    private String markerSnapshotId;
    private Instant stateSince;
    private String errorMessage;
    @Enumerated(EnumType.STRING)
    private ReplicaState failedOperation;
    private Long taskId;
    private String startedBy;
    private Instant failedOverAt;
    /** The tenant-site VM a failback writes to: null name for the original VM, else the new VM's name. */
    private String failbackTargetName;
    private String failbackTargetVmId;
    /** The tenant asked to cancel the running failback transfer; the runner polls it. */
    private boolean cancelRequested;

    protected ReplicaStatus() {
    }

    ReplicaStatus(Long replicaId, Long tenantId, Instant now) {
        this.replicaId = replicaId;
        this.tenantId = tenantId;
        this.state = ReplicaState.READY;
        this.stateSince = now;
    }

    void moveTo(ReplicaState next, Instant now) {
        if (next == ReplicaState.ERROR) {
            this.failedOperation = state;
        } else {
            this.errorMessage = null;
            this.failedOperation = null;
        }
        if (next == ReplicaState.FAILED_OVER && state == ReplicaState.FAILOVER_STARTING) {
            this.failedOverAt = now;
        }
        if (next == ReplicaState.READY) {
            this.failedOverAt = null;
            this.restorePointId = null;
            this.markerSnapshotId = null;
        }
        if (next == ReplicaState.READY || next == ReplicaState.FAILED_OVER) {
            this.failbackTargetName = null;
            this.failbackTargetVmId = null;
        }
        this.cancelRequested = false;
        this.state = next;
        this.stateSince = now;
    }

    void assign(Long taskId, String startedBy) {
        this.taskId = taskId;
        this.startedBy = startedBy;
    }

    void chooseRestorePoint(Long restorePointId) {
        this.restorePointId = restorePointId;
    }

    void recordMarker(String markerSnapshotId) {
        this.markerSnapshotId = markerSnapshotId;
    }

    void chooseFailbackTarget(String newVmName) {
        this.failbackTargetName = newVmName;
        this.failbackTargetVmId = null;
    }

    void recordFailbackTargetVm(String vmId) {
        this.failbackTargetVmId = vmId;
    }

    void requestCancel() {
        this.cancelRequested = true;
    }

    String getFailbackTargetName() {
        return failbackTargetName;
    }

    String getFailbackTargetVmId() {
        return failbackTargetVmId;
    }

    boolean isCancelRequested() {
        return cancelRequested;
    }

    void recordError(String errorMessage) {
        this.errorMessage = errorMessage;
    }

    Long getReplicaId() {
        return replicaId;
    }

    Long getTenantId() {
        return tenantId;
    }

    ReplicaState getState() {
        return state;
    }

    Long getRestorePointId() {
        return restorePointId;
    }

    String getMarkerSnapshotId() {
        return markerSnapshotId;
    }

    Instant getStateSince() {
        return stateSince;
    }

    String getErrorMessage() {
        return errorMessage;
    }

    ReplicaState getFailedOperation() {
        return failedOperation;
    }

    Long getTaskId() {
        return taskId;
    }

    String getStartedBy() {
        return startedBy;
    }

    Instant getFailedOverAt() {
        return failedOverAt;
    }
}
