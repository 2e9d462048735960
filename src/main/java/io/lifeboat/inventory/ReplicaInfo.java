package io.lifeboat.inventory;

import java.time.Instant;

/** A replica as callers outside inventory see it. */
public record ReplicaInfo(long id, long tenantId, String vmId, String vmName, String replicaName, String ipAddress,
                          Long networkId, String networkName, int cpus, int memoryMb, String productionVmId,
                          String productionPowerState, boolean present, int restorePointCount, Instant latestRestorePoint) {

    static ReplicaInfo of(Replica r) {
        return new ReplicaInfo(r.getId(), r.getTenantId(), r.getVmId(), r.getVmName(), r.getReplicaName(), r.getIpAddress(),
                r.getNetworkId(), r.getNetworkName(), r.getCpus(), r.getMemoryMb(), r.getProductionVmId(),
                r.getProductionPowerState(), r.isPresent(), r.getRestorePointCount(), r.getLatestRestorePoint());
    }
}
