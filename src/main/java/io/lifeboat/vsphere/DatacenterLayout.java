package io.lifeboat.vsphere;

import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.ObjectContent;
import com.vmware.vim25.ObjectSpec;
import com.vmware.vim25.SelectionSpec;
import com.vmware.vim25.TraversalSpec;
import io.lifeboat.hypervisor.HypervisorException;
import io.lifeboat.hypervisor.HypervisorException.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.lifeboat.vsphere.VimClient.filter;
import static io.lifeboat.vsphere.VimClient.propertySpec;
import static io.lifeboat.vsphere.VimClient.props;

/** A site's first datacenter as Lifeboat works on it, read in one retrieval at first use and again when it may have changed. */
record DatacenterLayout(String dcName, ManagedObjectReference datacenter, ManagedObjectReference vmFolder, ManagedObjectReference networkFolder,
                        String datastoreName, ManagedObjectReference datastore, ManagedObjectReference resourcePool,
                        List<ManagedObjectReference> hosts, Map<String, PortGroup> networks, Map<String, String> networkNames) {

    /** The first datacenter's folders, first datastore, a resource pool, hosts and networks: one retrieval. */
    static DatacenterLayout read(VimClient vim) {
        TraversalSpec folderTs = traversal("folders", "Folder", "childEntity",
                "folders", "dcHosts", "dcDatastores", "dcNetworks", "crHosts", "crPools");
        TraversalSpec dcHosts = traversal("dcHosts", "Datacenter", "hostFolder", "folders");
        TraversalSpec dcDatastores = traversal("dcDatastores", "Datacenter", "datastore");
        TraversalSpec dcNetworks = traversal("dcNetworks", "Datacenter", "networkFolder", "folders");
        TraversalSpec crHosts = traversal("crHosts", "ComputeResource", "host");
        TraversalSpec crPools = traversal("crPools", "ComputeResource", "resourcePool");
        ObjectSpec os = new ObjectSpec();
        os.setObj(vim.login().sc().getRootFolder());
        os.setSkip(true);
        os.setSelectSet(new SelectionSpec[]{folderTs, dcHosts, dcDatastores, dcNetworks, crHosts, crPools});
        List<ObjectContent> objects = vim.retrieve("read the datacenter layout", filter(os,
                propertySpec("Datacenter", "name", "vmFolder", "networkFolder"),
                propertySpec("Datastore", "name"),
                propertySpec("HostSystem", "name"),
                propertySpec("ResourcePool", "name"),
                propertySpec("Network", "name"),
                propertySpec("DistributedVirtualPortgroup", "key", "config.distributedVirtualSwitch")));

        Map<String, Object> dc = null;
        ManagedObjectReference dcRef = null;
        String dsName = null;
        ManagedObjectReference ds = null;
        ManagedObjectReference pool = null;
        List<ManagedObjectReference> hosts = new ArrayList<>();
        Map<String, PortGroup> networks = new HashMap<>();
        Map<String, String> networkNames = new HashMap<>();
        for (ObjectContent oc : objects) {
            Map<String, Object> p = props(oc);
            ManagedObjectReference obj = oc.getObj();
            switch (obj.getType()) {
                case "Datacenter" -> {
                    if (dc == null) {
                        dc = p;
                        dcRef = obj;
                    }
                }
                case "Datastore" -> {
                    if (ds == null) {
                        ds = obj;
                        dsName = (String) p.get("name");
                    }
                }
                case "HostSystem" -> hosts.add(obj);
                case "ResourcePool" -> pool = pool == null ? obj : pool;
                case "Network", "DistributedVirtualPortgroup", "OpaqueNetwork" -> {
                    String name = (String) p.get("name");
                    String key = (String) p.get("key");
                    if (name != null) {
                        networks.put(name, new PortGroup(name, obj, key, (ManagedObjectReference) p.get("config.distributedVirtualSwitch")));
                        networkNames.put(obj.getVal(), name);
                    }
                }
                default -> { }
            }
        }
        if (dc == null) {
            throw new HypervisorException(Kind.NOT_FOUND, "vSphere at " + vim.endpoint().url() + " has no datacenter.");
        }
        return new DatacenterLayout((String) dc.get("name"), dcRef, (ManagedObjectReference) dc.get("vmFolder"),
                (ManagedObjectReference) dc.get("networkFolder"), dsName, ds, pool, List.copyOf(hosts),
                Map.copyOf(networks), Map.copyOf(networkNames));
    }

    static TraversalSpec traversal(String name, String type, String path, String... next) {
        TraversalSpec ts = new TraversalSpec();
        ts.setName(name);
        ts.setType(type);
        ts.setPath(path);
        ts.setSkip(false);
        if (next.length > 0) {
            ts.setSelectSet(Arrays.stream(next).map(DatacenterLayout::selection).toArray(SelectionSpec[]::new));
        }
        return ts;
    }

    private static SelectionSpec selection(String name) {
        SelectionSpec s = new SelectionSpec();
        s.setName(name);
        return s;
    }
}
