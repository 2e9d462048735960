package io.lifeboat.replica;

import io.lifeboat.shared.Texts;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Version;
import java.time.Instant;

/** The failover state of one replica. Changed only through {@link ReplicaTransitions}; optimistic locking on {@code version}. */
@Entity
public class ReplicaStatus {

    /** What the error_message column keeps. */
    static final int ERROR_MESSAGE_LENGTH = 2000;

    @Id
    private Long replicaId;
    private Long tenantId;
    @Enumerated(EnumType.STRING)
    private ReplicaState state;
    @Version
    private Long version;
    private Long restorePointId;
    private String markerSnapshotId;
    /** The failover reverted the replica and asked for its power-on: it may run, and hold writes made since. */
    private boolean failoverPowerOnAsked;
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
    /** The failback switched to the target: the replica is off and the target is (being) powered on with its data. */
    private boolean failbackSwitched;
    /** The tenant asked to cancel the running failback transfer; the runner polls it. */
    private boolean cancelRequested;
    private String conflictMac;
    private Instant conflictSince;

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
            this.failoverPowerOnAsked = false;
            this.failbackTargetName = null;
            this.failbackTargetVmId = null;
            this.failbackSwitched = false;
        }
        this.cancelRequested = false;
        if (next != ReplicaState.FAILED_OVER) {
            clearAddressConflict();    // only a replica proxied to the tenant LAN can collide with a machine there
        }
        this.state = next;
        this.stateSince = now;
    }

    /** Records {@code change}; package-private like the setters it calls, so only this room changes a status. */
    void record(ReplicaChange change) {
        if (change instanceof ReplicaChange.AssignTask c) {
            assign(c.taskId(), c.startedBy());
        } else if (change instanceof ReplicaChange.ChooseRestorePoint c) {
            chooseRestorePoint(c.restorePointId());
        } else if (change instanceof ReplicaChange.RecordMarker c) {
            recordMarker(c.markerSnapshotId());
        } else if (change instanceof ReplicaChange.RecordFailoverPowerOnAsked) {
            recordFailoverPowerOnAsked();
        } else if (change instanceof ReplicaChange.RollingBackFailover) {
            this.failoverPowerOnAsked = false;
        } else if (change instanceof ReplicaChange.ChooseFailbackTarget c) {
            chooseFailbackTarget(c.newVmName());
        } else if (change instanceof ReplicaChange.RecordFailbackTargetVm c) {
            recordFailbackTargetVm(c.vmId());
        } else if (change instanceof ReplicaChange.RecordFailbackSwitch) {
            recordFailbackSwitch();
        } else if (change instanceof ReplicaChange.RequestCancel) {
            requestCancel();
        } else if (change instanceof ReplicaChange.RecordError c) {
            recordError(c.message());
        } else if (change instanceof ReplicaChange.RecordAddressConflict c) {
            recordAddressConflict(c.mac(), c.since());
        } else if (change instanceof ReplicaChange.ClearAddressConflict) {
            clearAddressConflict();
        }
    }

    /** The first machine seen claiming the IP is kept: a second one says nothing new to the tenant. */
    private void recordAddressConflict(String mac, Instant since) {
        if (conflictMac == null) {
            this.conflictMac = mac;
            this.conflictSince = since;
        }
    }

    private void clearAddressConflict() {
        this.conflictMac = null;
        this.conflictSince = null;
    }

    public String getConflictMac() {
        return conflictMac;
    }

    public Instant getConflictSince() {
        return conflictSince;
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

    void recordFailoverPowerOnAsked() {
        this.failoverPowerOnAsked = true;
    }

    void chooseFailbackTarget(String newVmName) {
        this.failbackTargetName = newVmName;
        this.failbackTargetVmId = null;
    }

    void recordFailbackTargetVm(String vmId) {
        this.failbackTargetVmId = vmId;
    }

    void recordFailbackSwitch() {
        this.failbackSwitched = true;
    }

    void requestCancel() {
        this.cancelRequested = true;
    }

    public String getFailbackTargetName() {
        return failbackTargetName;
    }

    public String getFailbackTargetVmId() {
        return failbackTargetVmId;
    }

    public boolean isFailbackSwitched() {
        return failbackSwitched;
    }

    public boolean isCancelRequested() {
        return cancelRequested;
    }

    void recordError(String errorMessage) {
        this.errorMessage = Texts.shortened(errorMessage, ERROR_MESSAGE_LENGTH);
    }

    public Long getReplicaId() {
        return replicaId;
    }

    public Long getTenantId() {
        return tenantId;
    }

    public ReplicaState getState() {
        return state;
    }

    public Long getRestorePointId() {
        return restorePointId;
    }

    public String getMarkerSnapshotId() {
        return markerSnapshotId;
    }

    public boolean isFailoverPowerOnAsked() {
        return failoverPowerOnAsked;
    }

    public Instant getStateSince() {
        return stateSince;
    }

    public String getErrorMessage() {
        return errorMessage;
    }

    public ReplicaState getFailedOperation() {
        return failedOperation;
    }

    public Long getTaskId() {
        return taskId;
    }

    public String getStartedBy() {
        return startedBy;
    }

    public Instant getFailedOverAt() {
        return failedOverAt;
    }
}
