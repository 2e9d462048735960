package io.lifeboat.failover;

import java.time.Instant;

/** One replica as the grids show it: inventory facts with its failover state. */
public record ReplicaRow(long id, long tenantId, String vmName, ReplicaState state, String ipAddress, String network,
                         int restorePoints, Instant latestRestorePoint, int cpus, int memoryMb, String originalPowerState,
                         String errorMessage, Instant stateSince, Instant failedOverAt, String startedBy) {
}
