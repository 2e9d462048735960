package io.lifeboat.vsphere;

import java.time.Duration;
import java.util.List;

/**
 * One logged-in session to one vSphere endpoint (a vCenter, or the lab's simulator).
 *
 * <p>Identifiers are vSphere managed object ids (e.g. {@code vm-42}, {@code snapshot-7}); they are stable
 * for the life of the object and are the only handles that leave this package. Every method either
 * completes or throws {@link HypervisorException} whose {@link HypervisorException#kind()} says what went
 * wrong (endpoint down, credentials refused, object vanished, task failed, task timed out) and whose message
 * can be shown to a user. Methods that start a vSphere task wait for it up to {@code timeout}.
 * Implementations are thread-safe.
 */
public interface Hypervisor {

    /** All VMs in the folder at {@code folderPath} (e.g. {@code tenants/acme}, relative to the datacenter's VM folder) and below, in one batch retrieval. Never null. */
    List<VmInfo> listVms(String folderPath);

    /** The VM with this id; throws NOT_FOUND if it is gone. */
    VmInfo findVm(String vmId);

    void powerOn(String vmId, Duration timeout);

    /** Hard power off; a VM already off is left as it is. */
    void powerOff(String vmId, Duration timeout);

    /** Takes a snapshot (no memory, not quiesced) and returns its id. */
    String takeSnapshot(String vmId, String name, String description, Duration timeout);

    void revertToSnapshot(String vmId, String snapshotId, Duration timeout);

    /** Removes one snapshot (not its children); a snapshot already gone is not an error. */
    void removeSnapshot(String vmId, String snapshotId, Duration timeout);

    /** Connects the VM's first NIC to the port group with this name; throws NOT_FOUND if there is no such network. */
    void connectNic(String vmId, String portGroupName, Duration timeout);

    /** Names of the networks (port groups) the endpoint knows. */
    List<String> listNetworks();

    /** Paths of every folder below the datacenter's VM folder (e.g. {@code tenants/acme}), sorted; never null. */
    List<String> listFolders();
}
