package io.lifeboat.replica;

import java.time.Instant;

/**
 * A fact an operation records on a replica's status besides its state, handed to {@link ReplicaTransitions}, which
 * applies it in the same transaction as the transition (or alone, {@link ReplicaTransitions#record}). The status
 * itself has no public setters: this is the whole list of what other rooms may record.
 */
public sealed interface ReplicaChange {

    /** The task working on the replica and who started it. */
    record AssignTask(long taskId, String startedBy) implements ReplicaChange {
    }

    /** The restore point a failover starts the replica from. */
    record ChooseRestorePoint(long restorePointId) implements ReplicaChange {
    }

    /** The snapshot a failover took first, to return to on undo. */
    record RecordMarker(String markerSnapshotId) implements ReplicaChange {
    }

    /**
     * The failover reverted the replica to its restore point, connected its NIC and asks for its power-on: from here it
     * may serve and take writes, so a resumed run of the failover must not revert it again; it only makes sure it is on.
     */
    record RecordFailoverPowerOnAsked() implements ReplicaChange {
    }

    /**
     * The failover's run rolls its replica back (powers it off and reverts it): whatever it wrote is being discarded, so
     * a retry after a failed roll-back cleans up rather than resume a replica half reverted.
     */
    record RollingBackFailover() implements ReplicaChange {
    }

    /** Where a failback writes: null for the original VM, else the new VM's name. */
    record ChooseFailbackTarget(String newVmName) implements ReplicaChange {
    }

    /** The tenant-site VM a failback chose to write to. */
    record RecordFailbackTargetVm(String vmId) implements ReplicaChange {
    }

    /**
     * The failback copied the disks home and powered the replica off, and is about to power the target on: from here
     * the target may take the tenant's writes, so a re-run of the failback must neither power it off nor copy over it.
     */
    record RecordFailbackSwitch() implements ReplicaChange {
    }

    /** The tenant asked the running failback to stop. */
    record RequestCancel() implements ReplicaChange {
    }

    /** What went wrong, for the user, when a working state failed. */
    record RecordError(String message) implements ReplicaChange {
    }

    /** Another machine on the tenant LAN claims the failed-over replica's IP: its MAC, first seen at {@code since}. */
    record RecordAddressConflict(String mac, Instant since) implements ReplicaChange {
    }

    /** The conflicting machine was dealt with (powered off); left FAILED_OVER clears it too. */
    record ClearAddressConflict() implements ReplicaChange {
    }
}
