package io.lifeboat.hypervisor;

import java.util.List;

/**
 * What the portal reads of one VM. {@code ipAddress} and {@code network} may be null when unknown.
 * {@code snapshots} is the whole snapshot tree flattened, oldest first; {@code currentSnapshotId} is the snapshot the VM
 * runs from (the one last reverted to or taken), null when it has none.
 */
public record VmInfo(
        String id,
        String name,
        String folderPath,
        PowerState powerState,
        String ipAddress,
        String network,
        int cpus,
        int memoryMb,
        List<SnapshotInfo> snapshots,
        String currentSnapshotId) {

    public enum PowerState { POWERED_ON, POWERED_OFF, SUSPENDED }
}
