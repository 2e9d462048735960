package io.lifeboat.vsphere;

import io.lifeboat.hypervisor.NewVm;
import io.lifeboat.hypervisor.SiteEndpoint;
import io.lifeboat.hypervisor.DatastoreFile;
import io.lifeboat.hypervisor.VmInfo;
import io.lifeboat.hypervisor.VmClone;
import io.lifeboat.hypervisor.CallsUnderWay;
import io.lifeboat.hypervisor.HypervisorException;
import io.lifeboat.hypervisor.HypervisorAdmin;

import com.vmware.vim25.DistributedVirtualSwitchPortConnection;
import com.vmware.vim25.FileInfo;
import com.vmware.vim25.FileQueryFlags;
import com.vmware.vim25.HostDatastoreBrowserSearchResults;
import com.vmware.vim25.HostDatastoreBrowserSearchSpec;
import com.vmware.vim25.HostNetworkInfo;
import com.vmware.vim25.HostNetworkPolicy;
import com.vmware.vim25.HostPortGroup;
import com.vmware.vim25.HostPortGroupSpec;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.ObjectContent;
import com.vmware.vim25.ObjectSpec;
import com.vmware.vim25.OptionValue;
import com.vmware.vim25.ParaVirtualSCSIController;
import com.vmware.vim25.PropertyFilterSpec;
import com.vmware.vim25.PropertySpec;
import com.vmware.vim25.SelectionSpec;
import com.vmware.vim25.TraversalSpec;
import com.vmware.vim25.VirtualDevice;
import com.vmware.vim25.VirtualDeviceBackingInfo;
import com.vmware.vim25.VirtualDeviceConfigSpec;
import com.vmware.vim25.VirtualDeviceConfigSpecFileOperation;
import com.vmware.vim25.VirtualDeviceConfigSpecOperation;
import com.vmware.vim25.VirtualDeviceConnectInfo;
import com.vmware.vim25.VirtualDisk;
import com.vmware.vim25.VirtualDiskFlatVer2BackingInfo;
import com.vmware.vim25.VirtualEthernetCard;
import com.vmware.vim25.VirtualEthernetCardDistributedVirtualPortBackingInfo;
import com.vmware.vim25.VirtualEthernetCardNetworkBackingInfo;
import com.vmware.vim25.VirtualMachineCloneSpec;
import com.vmware.vim25.VirtualMachineConfigSpec;
import com.vmware.vim25.VirtualMachineRelocateSpec;
import com.vmware.vim25.VirtualMachineFileInfo;
import com.vmware.vim25.VirtualMachineSnapshotInfo;
import com.vmware.vim25.VirtualSCSISharing;
import com.vmware.vim25.VirtualVmxnet3;
import io.lifeboat.hypervisor.HypervisorException.Kind;

import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import static io.lifeboat.vsphere.VimClient.filter;
import static io.lifeboat.vsphere.VimClient.mor;
import static io.lifeboat.vsphere.VimClient.objectSpec;
import static io.lifeboat.vsphere.VimClient.propertySpec;
import static io.lifeboat.vsphere.VimClient.props;

/**
 * {@link HypervisorAdmin} over yavijava for one endpoint. Works in the first datacenter of the endpoint, and only there
 * ({@link DatacenterLayout}). Caches what
 * rarely changes (datacenter layout, folder and network ids) and drops the caches when it logs in again, because a
 * restarted server may have a different inventory. Thread-safe: yavijava's client opens one HTTP connection per call.
 */
final class YavijavaSession implements HypervisorAdmin {

    private static final String[] VM_PROPS = {"name", "parent", "runtime.powerState", "guest.ipAddress", "network",
            "config.hardware.numCPU", "config.hardware.memoryMB", "snapshot"};
    private static final String GUEST_IP_KEY = "SET.guest.ipAddress";
    private static final Duration SHORT_TASK = Duration.ofSeconds(60);

    private final VimClient vim;
    private final DatastoreTransfer transfer;
    private volatile DatacenterLayout site;
    private final VmFolders folders;
    private final Map<String, String> dvSwitchUuids = new ConcurrentHashMap<>();

    YavijavaSession(SiteEndpoint endpoint, CallsUnderWay underWay) {
        this.vim = new VimClient(endpoint, underWay);
        this.folders = new VmFolders(vim, this::site);
        this.transfer = new DatastoreTransfer(endpoint);
        vim.onRelogin(this::forgetInventory);
    }

    void ensureLoggedIn() {
        vim.login();
    }

    void logout() {
        vim.logout();
    }

    private void forgetInventory() {
        site = null;
        folders.clear();
        dvSwitchUuids.clear();
    }

    // --- reading ----------------------------------------------------------------------------------------------

    @Override
    public List<VmInfo> listVms(String folderPath) {
        String path = VmFolders.normalize(folderPath);
        ManagedObjectReference folder = folders.byPath(path, false);
        List<ObjectContent> objects;
        try {
            objects = retrieveTree(folder, path);
        } catch (HypervisorException e) {
            if (e.kind() != Kind.NOT_FOUND || path.isEmpty()) {
                throw e;
            }
            folders.forget(path); // the cached folder id is stale (folder removed and made again): look it up once more
            folder = folders.byPath(path, false);
            objects = retrieveTree(folder, path);
        }

        Map<String, String[]> folderParents = new HashMap<>(); // id -> {name, parent id}
        List<Map<String, Object>> vms = new ArrayList<>();
        for (ObjectContent oc : objects) {
            Map<String, Object> p = props(oc);
            if ("Folder".equals(oc.getObj().getType())) {
                ManagedObjectReference parent = (ManagedObjectReference) p.get("parent");
                folderParents.put(oc.getObj().getVal(), new String[]{(String) p.get("name"), parent == null ? null : parent.getVal()});
            } else if ("VirtualMachine".equals(oc.getObj().getType())) {
                p.put("_id", oc.getObj().getVal());
                vms.add(p);
            }
        }
        folders.known(folder.getVal(), path);
        Map<String, String> ipFallback = guestIpsFromExtraConfig(vms);
        NetworkNames networkNames = new NetworkNames();
        List<VmInfo> result = new ArrayList<>(vms.size());
        for (Map<String, Object> p : vms) {
            ManagedObjectReference parent = (ManagedObjectReference) p.get("parent");
            String vmFolderPath = parent == null ? path : folders.resolve(parent.getVal(), folderParents);
            result.add(toVmInfo((String) p.get("_id"), p, vmFolderPath, ipFallback, networkNames));
        }
        return result;
    }

    @Override
    public List<String> listFolders() {
        ManagedObjectReference root = site().vmFolder();
        TraversalSpec tree = DatacenterLayout.traversal("tree", "Folder", "childEntity", "tree");
        ObjectSpec os = objectSpec(root);
        os.setSelectSet(new SelectionSpec[]{tree});
        Map<String, String[]> folderParents = new HashMap<>();
        for (ObjectContent oc : vim.retrieve("list the VM folders", filter(os, propertySpec("Folder", "name", "parent")))) {
            if ("Folder".equals(oc.getObj().getType()) && !oc.getObj().getVal().equals(root.getVal())) {
                Map<String, Object> p = props(oc);
                ManagedObjectReference parent = (ManagedObjectReference) p.get("parent");
                folderParents.put(oc.getObj().getVal(), new String[]{(String) p.get("name"), parent == null ? null : parent.getVal()});
            }
        }
        folders.known(root.getVal(), "");
        return folderParents.keySet().stream().map(id -> folders.resolve(id, folderParents)).sorted().toList();
    }

    private List<ObjectContent> retrieveTree(ManagedObjectReference folder, String path) {
        TraversalSpec tree = DatacenterLayout.traversal("tree", "Folder", "childEntity", "tree");
        ObjectSpec os = objectSpec(folder);
        os.setSelectSet(new SelectionSpec[]{tree});
        return vim.retrieve("list the VMs in " + path,
                filter(os, propertySpec("VirtualMachine", VM_PROPS), propertySpec("Folder", "name", "parent")));
    }

    @Override
    public VmInfo findVm(String vmId) {
        ManagedObjectReference vm = vmMor(vmId);
        Map<String, Object> p = vim.properties(vm, VM_PROPS);
        ManagedObjectReference parent = (ManagedObjectReference) p.get("parent");
        String path = parent == null ? null : folders.pathOf(parent);
        return toVmInfo(vmId, p, path, guestIpsFromExtraConfig(List.of(withId(p, vmId))), new NetworkNames());
    }

    private static Map<String, Object> withId(Map<String, Object> p, String id) {
        p.put("_id", id);
        return p;
    }

    private VmInfo toVmInfo(String id, Map<String, Object> p, String folderPath, Map<String, String> ipFallback,
                            NetworkNames networkNames) {
        String ip = (String) p.get("guest.ipAddress");
        if (ip == null || ip.isBlank()) {
            ip = ipFallback.get(id);
        }
        return new VmInfo(id, (String) p.get("name"), folderPath, VimValues.powerState(p.get("runtime.powerState")), ip,
                networkNames.nameOfFirst(p.get("network")), VimValues.intValue(p.get("config.hardware.numCPU")),
                VimValues.intValue(p.get("config.hardware.memoryMB")), VimValues.snapshots((VirtualMachineSnapshotInfo) p.get("snapshot")),
                VimValues.currentSnapshot((VirtualMachineSnapshotInfo) p.get("snapshot")));
    }

    /** The simulator (and some lab tooling) keeps a powered-off VM's IP only in its ExtraConfig: read those in one batch. */
    private Map<String, String> guestIpsFromExtraConfig(List<Map<String, Object>> vms) {
        List<ObjectSpec> missing = new ArrayList<>();
        for (Map<String, Object> p : vms) {
            Object ip = p.get("guest.ipAddress");
            if (ip == null || ip.toString().isBlank()) {
                missing.add(objectSpec(vmMor((String) p.get("_id"))));
            }
        }
        if (missing.isEmpty()) {
            return Map.of();
        }
        PropertyFilterSpec spec = new PropertyFilterSpec();
        spec.setObjectSet(missing.toArray(ObjectSpec[]::new));
        spec.setPropSet(new PropertySpec[]{propertySpec("VirtualMachine", "config.extraConfig")});
        spec.setReportMissingObjectsInResults(true);
        Map<String, String> ips = new HashMap<>();
        for (ObjectContent oc : vim.retrieve("read guest IPs", spec)) {
            for (OptionValue o : VimValues.optionValues(props(oc).get("config.extraConfig"))) {
                if (GUEST_IP_KEY.equals(o.getKey()) && o.getValue() != null) {
                    ips.put(oc.getObj().getVal(), o.getValue().toString());
                }
            }
        }
        return ips;
    }

    /**
     * Network names for one listing. The VM's {@code network} property is used rather than its devices, which is
     * exact for the one-NIC VMs the portal handles and much lighter for thousands of VMs. A network not in the cache
     * (created since we looked) refreshes the cache once per listing, not once per VM.
     */
    private final class NetworkNames {
        private boolean refreshed;

        String nameOfFirst(Object networks) {
            List<ManagedObjectReference> refs = VimValues.mors(networks);
            if (refs.isEmpty()) {
                return null;
            }
            String id = refs.get(0).getVal();
            String name = site().networkNames().get(id);
            if (name == null && !refreshed) {
                refreshed = true;
                site = null;
                name = site().networkNames().get(id);
            }
            return name;
        }
    }

    @Override
    public List<String> datacenters() {
        DatacenterLayout used = site();
        List<String> names = new ArrayList<>(List.of(used.dcName()));
        names.addAll(used.otherDatacenters());
        return names;
    }

    @Override
    public List<String> listNetworks() {
        site = null; // a listing should show port groups added by others since we last looked
        return site().networks().keySet().stream().sorted().toList();
    }

    // --- power, snapshots, NIC ----------------------------------------------------------------------------------

    @Override
    public void powerOn(String vmId, Duration timeout) {
        ManagedObjectReference vm = vmMor(vmId);
        try {
            vim.runTask("power on " + vmId, timeout, (v, sc) -> v.powerOnVM_Task(vm, null));
        } catch (HypervisorException e) {
            if (!VimClient.isFault(e, "InvalidPowerState")) { // already on: what the caller wanted
                throw e;
            }
        }
    }

    @Override
    public void powerOff(String vmId, Duration timeout) {
        ManagedObjectReference vm = vmMor(vmId);
        try {
            vim.runTask("power off " + vmId, timeout, (v, sc) -> v.powerOffVM_Task(vm));
        } catch (HypervisorException e) {
            if (!VimClient.isFault(e, "InvalidPowerState")) { // already off: left as it is
                throw e;
            }
        }
    }

    @Override
    public String takeSnapshot(String vmId, String name, String description, Duration timeout) {
        ManagedObjectReference vm = vmMor(vmId);
        Object result = vim.runTask("snapshot " + vmId, timeout,
                (v, sc) -> v.createSnapshot_Task(vm, name, description, false, false));
        return ((ManagedObjectReference) result).getVal();
    }

    @Override
    public void revertToSnapshot(String vmId, String snapshotId, Duration timeout) {
        ManagedObjectReference snapshot = snapshotOf(vmId, snapshotId);
        // suppressPowerOn: the caller decides when the VM runs (after its NIC is on the right network)
        vim.runTask("revert " + vmId + " to " + snapshotId, timeout,
                (v, sc) -> v.revertToSnapshot_Task(snapshot, null, Boolean.TRUE));
    }

    @Override
    public void removeSnapshot(String vmId, String snapshotId, Duration timeout) {
        ManagedObjectReference snapshot;
        try {
            snapshot = snapshotOf(vmId, snapshotId);
        } catch (HypervisorException e) {
            if (e.kind() == Kind.NOT_FOUND && !(e instanceof WrongVm)) {
                return; // already gone
            }
            throw e;
        }
        try {
            vim.runTask("remove snapshot " + snapshotId, timeout, (v, sc) -> v.removeSnapshot_Task(snapshot, false, Boolean.TRUE));
        } catch (HypervisorException e) {
            if (e.kind() != Kind.NOT_FOUND) {
                throw e;
            }
        }
    }

    /** The snapshot, after checking it belongs to the VM: reverting another VM by a mix-up would be a disaster. */
    private ManagedObjectReference snapshotOf(String vmId, String snapshotId) {
        ManagedObjectReference snapshot = mor("VirtualMachineSnapshot", snapshotId);
        Object owner = vim.properties(snapshot, "vm").get("vm");
        if (!(owner instanceof ManagedObjectReference o) || !vmId.equals(o.getVal())) {
            throw new WrongVm("Snapshot " + snapshotId + " does not belong to VM " + vmId + ".");
        }
        return snapshot;
    }

    private static final class WrongVm extends HypervisorException {
        WrongVm(String message) {
            super(Kind.NOT_FOUND, message);
        }
    }

    @Override
    public Optional<String> macAddress(String vmId) {
        return firstNic(vmMor(vmId)).map(VirtualEthernetCard::getMacAddress).filter(mac -> mac != null && !mac.isBlank())
                .map(mac -> mac.toLowerCase(java.util.Locale.ROOT));
    }

    private Optional<VirtualEthernetCard> firstNic(ManagedObjectReference vm) {
        Object devices = vim.properties(vm, "config.hardware.device").get("config.hardware.device");
        return VimValues.devices(devices).stream().filter(VirtualEthernetCard.class::isInstance).map(VirtualEthernetCard.class::cast).findFirst();
    }

    @Override
    public void connectNic(String vmId, String portGroupName, Duration timeout) {
        ManagedObjectReference vm = vmMor(vmId);
        PortGroup net = network(portGroupName);
        VirtualEthernetCard nic = firstNic(vm)
                .orElseThrow(() -> new HypervisorException(Kind.NOT_FOUND, "VM " + vmId + " has no network adapter."));
        if (DeviceSpecs.isOn(nic, net)) {
            return; // nothing to change: saves a task on retries
        }
        nic.setBacking(backing(net));
        VirtualDeviceConnectInfo connect = nic.getConnectable() == null ? new VirtualDeviceConnectInfo() : nic.getConnectable();
        connect.setConnected(true);
        connect.setStartConnected(true);
        connect.setAllowGuestControl(true);
        nic.setConnectable(connect);
        VirtualDeviceConfigSpec change = new VirtualDeviceConfigSpec();
        change.setOperation(VirtualDeviceConfigSpecOperation.edit);
        change.setDevice(nic);
        VirtualMachineConfigSpec spec = new VirtualMachineConfigSpec();
        spec.setDeviceChange(new VirtualDeviceConfigSpec[]{change});
        vim.runTask("connect " + vmId + " to " + portGroupName, timeout, (v, sc) -> v.reconfigVM_Task(vm, spec));
    }

    private VirtualDeviceBackingInfo backing(PortGroup net) {
        if (!net.distributed()) {
            VirtualEthernetCardNetworkBackingInfo b = new VirtualEthernetCardNetworkBackingInfo();
            b.setDeviceName(net.name());
            b.setNetwork(net.mor());
            return b;
        }
        String uuid = dvSwitchUuids.computeIfAbsent(net.dvSwitch().getVal(),
                id -> (String) vim.properties(net.dvSwitch(), "uuid").get("uuid"));
        DistributedVirtualSwitchPortConnection port = new DistributedVirtualSwitchPortConnection();
        port.setSwitchUuid(uuid);
        port.setPortgroupKey(net.portgroupKey());
        VirtualEthernetCardDistributedVirtualPortBackingInfo b = new VirtualEthernetCardDistributedVirtualPortBackingInfo();
        b.setPort(port);
        return b;
    }

    private PortGroup network(String name) {
        PortGroup net = site().networks().get(name);
        if (net == null) {
            site = null; // maybe created since we looked
            net = site().networks().get(name);
        }
        if (net == null) {
            throw new HypervisorException(Kind.NOT_FOUND, "There is no network (port group) named '" + name + "' at "
                    + vim.endpoint().url() + ".");
        }
        return net;
    }

    // --- appliances: clone, ExtraConfig, destroy --------------------------------------------------------------

    /**
     * Clones, then sets the NICs in a reconfiguration before the first power-on: the simulator ignores device changes in
     * a clone spec, and on vCenter the two steps are equivalent for a powered-off VM. ExtraConfig travels with the clone.
     */
    @Override
    public String cloneVm(VmClone spec, Duration timeout) {
        DatacenterLayout s = site();
        String templateFolder = spec.templatePath().contains("/") ? spec.templatePath().substring(0, spec.templatePath().lastIndexOf('/')) : "";
        String templateName = spec.templatePath().substring(spec.templatePath().lastIndexOf('/') + 1);
        String templateId = findVmByName(templateFolder, templateName).orElseThrow(() -> new HypervisorException(Kind.NOT_FOUND,
                "There is no appliance template '" + spec.templatePath() + "' at " + vim.endpoint().url() + "."));
        List<PortGroup> nets = spec.nicNetworks().stream().map(this::network).toList(); // a missing port group fails before anything is made
        ManagedObjectReference folder = folders.byPath(VmFolders.normalize(spec.folderPath()), true);
        VirtualMachineRelocateSpec location = new VirtualMachineRelocateSpec();
        location.setPool(s.resourcePool());
        VirtualMachineConfigSpec config = new VirtualMachineConfigSpec();
        config.setExtraConfig(DeviceSpecs.toOptionValues(spec.extraConfig()));
        VirtualMachineCloneSpec clone = new VirtualMachineCloneSpec();
        clone.setLocation(location);
        clone.setPowerOn(false);
        clone.setTemplate(false);
        clone.setConfig(config);
        Object made = vim.runTask("clone " + spec.templatePath() + " as " + spec.name(), timeout,
                (v, sc) -> v.cloneVM_Task(vmMor(templateId), folder, spec.name(), clone));
        String vmId = ((ManagedObjectReference) made).getVal();
        try {
            setNics(vmId, nets, timeout);
            return vmId;
        } catch (RuntimeException e) {
            try {
                destroyVm(vmId, timeout);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** One NIC per network, in order: existing cards are re-pointed, missing ones added, extra ones removed. */
    private void setNics(String vmId, List<PortGroup> nets, Duration timeout) {
        ManagedObjectReference vm = vmMor(vmId);
        List<VirtualEthernetCard> cards = VimValues.devices(vim.properties(vm, "config.hardware.device").get("config.hardware.device")).stream()
                .filter(VirtualEthernetCard.class::isInstance).map(VirtualEthernetCard.class::cast).toList();
        List<VirtualDeviceConfigSpec> changes = new ArrayList<>();
        for (int i = 0; i < Math.max(cards.size(), nets.size()); i++) {
            VirtualDeviceConfigSpec change = new VirtualDeviceConfigSpec();
            if (i >= nets.size()) {
                change.setOperation(VirtualDeviceConfigSpecOperation.remove);
                change.setDevice(cards.get(i));
            } else {
                VirtualEthernetCard nic = i < cards.size() ? DeviceSpecs.ownMac(cards.get(i)) : DeviceSpecs.newNic(-200 - i);
                nic.setBacking(backing(nets.get(i)));
                nic.setConnectable(DeviceSpecs.connected());
                change.setOperation(i < cards.size() ? VirtualDeviceConfigSpecOperation.edit : VirtualDeviceConfigSpecOperation.add);
                change.setDevice(nic);
            }
            changes.add(change);
        }
        VirtualMachineConfigSpec spec = new VirtualMachineConfigSpec();
        spec.setDeviceChange(changes.toArray(VirtualDeviceConfigSpec[]::new));
        vim.runTask("set the NICs of " + vmId, timeout, (v, sc) -> v.reconfigVM_Task(vm, spec));
    }

    @Override
    public void setExtraConfig(String vmId, Map<String, String> values, Duration timeout) {
        VirtualMachineConfigSpec spec = new VirtualMachineConfigSpec();
        Map<String, String> copy = new HashMap<>(values); // null values allowed: they remove the key
        spec.setExtraConfig(DeviceSpecs.toOptionValues(copy));
        vim.runTask("set the ExtraConfig of " + vmId, timeout, (v, sc) -> v.reconfigVM_Task(vmMor(vmId), spec));
    }

    @Override
    public Map<String, String> extraConfig(String vmId) {
        Map<String, String> values = new TreeMap<>();
        for (OptionValue o : VimValues.optionValues(vim.properties(vmMor(vmId), "config.extraConfig").get("config.extraConfig"))) {
            if (o.getValue() != null) {
                values.put(o.getKey(), o.getValue().toString());
            }
        }
        return values;
    }

    @Override
    public List<String> nicNetworks(String vmId) {
        List<String> result = new ArrayList<>();
        for (VirtualDevice device : VimValues.devices(vim.properties(vmMor(vmId), "config.hardware.device").get("config.hardware.device"))) {
            if (device instanceof VirtualEthernetCard nic) {
                result.add(networkName(nic));
            }
        }
        return result;
    }

    private String networkName(VirtualEthernetCard nic) {
        if (nic.getBacking() instanceof VirtualEthernetCardNetworkBackingInfo nb) {
            return nb.getDeviceName();
        }
        if (nic.getBacking() instanceof VirtualEthernetCardDistributedVirtualPortBackingInfo db && db.getPort() != null) {
            return site().networks().values().stream().filter(n -> db.getPort().getPortgroupKey().equals(n.portgroupKey()))
                    .map(PortGroup::name).findFirst().orElse(db.getPort().getPortgroupKey());
        }
        return null;
    }

    @Override
    public void destroyVm(String vmId, Duration timeout) {
        try {
            powerOff(vmId, timeout);
            vim.runTask("destroy " + vmId, timeout, (v, sc) -> v.destroy_Task(vmMor(vmId)));
        } catch (HypervisorException e) {
            if (e.kind() != Kind.NOT_FOUND && !VimClient.isFault(e, "ManagedObjectNotFound")) {
                throw e;
            }
        }
    }

    // --- provisioning -----------------------------------------------------------------------------------------

    @Override
    public String createFolder(String folderPath) {
        return folders.byPath(VmFolders.normalize(folderPath), true).getVal();
    }

    @Override
    public String createVm(NewVm spec, Duration timeout) {
        DatacenterLayout s = site();
        ManagedObjectReference folder = folders.byPath(VmFolders.normalize(spec.folderPath()), true);
        PortGroup net = network(spec.network());
        String ds = "[" + s.datastoreName() + "]";

        VirtualMachineConfigSpec config = new VirtualMachineConfigSpec();
        config.setName(spec.name());
        config.setGuestId("otherGuest64");
        config.setNumCPUs(spec.cpus());
        config.setMemoryMB((long) spec.memoryMb());
        VirtualMachineFileInfo files = new VirtualMachineFileInfo();
        files.setVmPathName(ds);
        config.setFiles(files);
        if (spec.guestIp() != null) {
            OptionValue ip = new OptionValue();
            ip.setKey(GUEST_IP_KEY);
            ip.setValue(spec.guestIp());
            config.setExtraConfig(new OptionValue[]{ip});
        }

        ParaVirtualSCSIController scsi = new ParaVirtualSCSIController();
        scsi.setKey(-100);
        scsi.setBusNumber(0);
        scsi.setSharedBus(VirtualSCSISharing.noSharing);
        VirtualDisk disk = new VirtualDisk();
        disk.setKey(-101);
        disk.setControllerKey(-100);
        disk.setUnitNumber(0);
        disk.setCapacityInKB(Math.max(1, spec.diskMb()) * 1024);
        VirtualDiskFlatVer2BackingInfo diskBacking = new VirtualDiskFlatVer2BackingInfo();
        diskBacking.setFileName(ds);
        diskBacking.setDiskMode("persistent");
        diskBacking.setThinProvisioned(true);
        disk.setBacking(diskBacking);
        VirtualVmxnet3 nic = DeviceSpecs.newNic(-102);
        nic.setBacking(backing(net));
        nic.setConnectable(DeviceSpecs.connected());
        config.setDeviceChange(new VirtualDeviceConfigSpec[]{
                DeviceSpecs.add(scsi, null), DeviceSpecs.add(disk, VirtualDeviceConfigSpecFileOperation.create), DeviceSpecs.add(nic, null)});

        Object vm = vim.runTask("create VM " + spec.name(), timeout,
                (v, sc) -> v.createVM_Task(folder, config, s.resourcePool(), null));
        return ((ManagedObjectReference) vm).getVal();
    }

    @Override
    public void markAsTemplate(String vmId) {
        try {
            vim.call("mark " + vmId + " as a template", (v, sc) -> {
                v.markAsTemplate(vmMor(vmId));
                return null;
            });
        } catch (HypervisorException e) {
            if (!VimClient.isFault(e, "NotSupported") && !VimClient.isFault(e, "InvalidState")) {
                throw e;
            }
        }
    }

    @Override
    public void addHostPortGroup(String name, int vlanId) {
        List<ManagedObjectReference> hosts = site().hosts();
        for (ManagedObjectReference host : hosts) {
            Map<String, Object> p = vim.properties(host, "configManager.networkSystem", "config.network");
            HostNetworkInfo info = (HostNetworkInfo) p.get("config.network");
            if (info != null && info.getPortgroup() != null
                    && Arrays.stream(info.getPortgroup()).map(HostPortGroup::getSpec).filter(Objects::nonNull)
                    .anyMatch(pg -> name.equals(pg.getName()))) {
                continue;
            }
            if (info == null || info.getVswitch() == null || info.getVswitch().length == 0) {
                throw new HypervisorException(Kind.NOT_FOUND, "Host " + host.getVal() + " has no virtual switch for port group " + name + ".");
            }
            HostPortGroupSpec spec = new HostPortGroupSpec();
            spec.setName(name);
            spec.setVlanId(vlanId);
            spec.setVswitchName(info.getVswitch()[0].getName());
            spec.setPolicy(new HostNetworkPolicy());
            ManagedObjectReference networkSystem = (ManagedObjectReference) p.get("configManager.networkSystem");
            try {
                vim.call("add port group " + name, (v, sc) -> {
                    v.addPortGroup(networkSystem, spec);
                    return null;
                });
            } catch (HypervisorException e) {
                // vcsim names the network object once per datacenter, and says DuplicateName for the next hosts
                if (!VimClient.isFault(e, "DuplicateName") && !VimClient.isFault(e, "AlreadyExists")) {
                    throw e;
                }
            }
        }
        site = null;
    }

    @Override
    public List<DatastoreFile> listVmFiles(String vmId) {
        ManagedObjectReference vm = vmMor(vmId);
        Map<String, Object> p = vim.properties(vm, "config.files.vmPathName", "datastore");
        String vmx = (String) p.get("config.files.vmPathName");
        List<ManagedObjectReference> datastores = VimValues.mors(p.get("datastore"));
        if (vmx == null || datastores.isEmpty()) {
            return List.of();
        }
        String dir = vmx.substring(0, vmx.lastIndexOf('/') < 0 ? vmx.length() : vmx.lastIndexOf('/'));
        ManagedObjectReference browser = (ManagedObjectReference) vim.properties(datastores.get(0), "browser").get("browser");
        HostDatastoreBrowserSearchSpec spec = new HostDatastoreBrowserSearchSpec();
        FileQueryFlags flags = new FileQueryFlags();
        flags.setFileSize(true);
        spec.setDetails(flags);
        spec.setMatchPattern(new String[]{"*"}); // vCenter's default; vcsim matches nothing without it
        Object result = vim.runTask("list the files of " + vmId, SHORT_TASK, (v, sc) -> v.searchDatastore_Task(browser, dir, spec));
        List<DatastoreFile> files = new ArrayList<>();
        if (result instanceof HostDatastoreBrowserSearchResults r && r.getFile() != null) {
            String folder = r.getFolderPath() == null ? dir : r.getFolderPath();
            String prefix = folder.endsWith("/") || folder.endsWith("]") ? folder : folder + "/";
            if (prefix.endsWith("]")) {
                prefix = prefix + " ";
            }
            for (FileInfo f : r.getFile()) {
                files.add(new DatastoreFile(prefix + f.getPath(), f.getFileSize() == null ? 0 : f.getFileSize()));
            }
        }
        files.sort(Comparator.comparing(DatastoreFile::datastorePath));
        return files;
    }

    @Override
    public InputStream download(String datastorePath, long offset) {
        return transfer.download(site().dcName(), new DatastoreFile(datastorePath, -1), offset);
    }

    @Override
    public void upload(String datastorePath, InputStream data, long length) {
        transfer.upload(site().dcName(), new DatastoreFile(datastorePath, length), data, length);
    }

    @Override
    public void moveFile(String sourcePath, String destinationPath, Duration timeout) {
        ManagedObjectReference dc = site().datacenter();
        vim.runTask("move " + sourcePath + " to " + destinationPath, timeout,
                (v, sc) -> v.moveDatastoreFile_Task(sc.getFileManager(), sourcePath, dc, destinationPath, dc, Boolean.TRUE));
    }

    @Override
    public void deleteFile(String datastorePath, Duration timeout) {
        ManagedObjectReference dc = site().datacenter();
        try {
            vim.runTask("delete " + datastorePath, timeout, (v, sc) -> v.deleteDatastoreFile_Task(sc.getFileManager(), datastorePath, dc));
        } catch (HypervisorException e) {
            if (!VimClient.isFault(e, "FileNotFound") && !VimClient.isFault(e, "CannotDeleteFile")) {
                throw e;
            }
        }
    }

    // --- inventory layout ---------------------------------------------------------------------------------------

    private static ManagedObjectReference vmMor(String vmId) {
        return mor("VirtualMachine", vmId);
    }

    private DatacenterLayout site() {
        DatacenterLayout s = site;
        if (s == null) {
            synchronized (this) {
                s = site;
                if (s == null) {
                    s = DatacenterLayout.read(vim);
                    site = s;
                }
            }
        }
        return s;
    }

}
