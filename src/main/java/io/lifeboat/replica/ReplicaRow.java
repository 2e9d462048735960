package io.lifeboat.replica;

import java.time.Instant;

/**
 * One replica as the grids show it: inventory facts with its failover state. {@code failedOperation} is the working
 * state that failed when {@code state} is ERROR (it decides what Retry does), else null; {@code taskId} is the task of
 * the latest operation, null if none; {@code failbackTarget} is the new VM a failback writes to (null: the original);
 * {@code conflictMac} is the MAC of another machine on the tenant LAN that claims the failed-over IP (null: none);
 * {@code startedAtProvider}: a failover powered the replica on at the provider and did not finish (it may hold writes).
 */
public record ReplicaRow(long id, long tenantId, String vmName, ReplicaState state, String ipAddress, String network,
                         int restorePoints, Instant latestRestorePoint, int cpus, int memoryMb, String originalPowerState,
                         String errorMessage, Instant stateSince, Instant failedOverAt, String startedBy,
                         ReplicaState failedOperation, Long taskId, String failbackTarget, String conflictMac, Instant conflictSince,
                         boolean startedAtProvider) {

    /** Split brain: the replica and another machine at the tenant site both use the IP. */
    public boolean inConflict() {
        return conflictMac != null;
    }
}
