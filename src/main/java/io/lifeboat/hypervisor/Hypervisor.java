package io.lifeboat.hypervisor;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /** The MAC address of the VM's first NIC (lower case, colon-separated); empty when it has none. */
    Optional<String> macAddress(String vmId);

    /** Connects the VM's first NIC to the port group with this name; throws NOT_FOUND if there is no such network. */
    void connectNic(String vmId, String portGroupName, Duration timeout);

    /** Names of the networks (port groups) the endpoint knows. */
    List<String> listNetworks();

    /** Paths of every folder below the datacenter's VM folder (e.g. {@code tenants/acme}), sorted; never null. */
    List<String> listFolders();

    /** The datacenter everything of this site is found in and made in, then the site's others, which are not used. */
    List<String> datacenters();

    /**
     * Clones a powered-off VM from the template at {@code spec.templatePath()}, with the NICs and ExtraConfig the spec
     * names, and returns its id. Throws NOT_FOUND when the template, the folder's parent or a port group does not exist;
     * TASK_FAILED when vSphere refuses the clone (e.g. the name is taken). A clone that fails half-way is destroyed
     * before the exception leaves, so nothing is left behind.
     */
    String cloneVm(VmClone spec, Duration timeout);

    /** Sets (adds or replaces) ExtraConfig keys of a VM; a null value removes the key. */
    void setExtraConfig(String vmId, Map<String, String> values, Duration timeout);

    /** The VM's ExtraConfig as key/value strings; never null. Throws NOT_FOUND if the VM is gone. */
    Map<String, String> extraConfig(String vmId);

    /** The port group names of the VM's NICs in device order; never null. */
    List<String> nicNetworks(String vmId);

    /** Powers the VM off if needed and deletes it with its files; a VM already gone is not an error. */
    void destroyVm(String vmId, Duration timeout);

    /** The id of the VM named {@code name} directly in the folder at {@code folderPath}; empty when there is none or no such folder. */
    default Optional<String> findVmByName(String folderPath, String name) {
        try {
            return listVms(folderPath).stream().filter(vm -> vm.name().equals(name) && samePath(vm.folderPath(), folderPath))
                    .map(VmInfo::id).findFirst();
        } catch (HypervisorException e) {
            if (e.kind() == HypervisorException.Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static boolean samePath(String a, String b) {
        return folderPath(a).equals(folderPath(b));
    }

    /** A folder path as written in a form or in configuration, compared as a path: " /production/acme/ " is "production/acme". */
    static String folderPath(String path) {
        String p = path == null ? "" : path.trim();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
