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

/**
 * The datacenter of a site Lifeboat works in (the first the server lists), read at first use and again when it may have
 * changed: its folders, first datastore, a resource pool, hosts and networks, all from that datacenter alone. Objects of
 * a site's other datacenters are never mixed in (a port group of one with the folder and pool of another failed in
 * vCenter); {@code otherDatacenters} names them, so the provider is told they are not used.
 */
record DatacenterLayout(String dcName, ManagedObjectReference datacenter, ManagedObjectReference vmFolder, ManagedObjectReference networkFolder,
                        String datastoreName, ManagedObjectReference datastore, ManagedObjectReference resourcePool,
                        List<ManagedObjectReference> hosts, Map<String, PortGroup> networks, Map<String, String> networkNames,
                        List<String> otherDatacenters) {

    /** Two retrievals: the datacenters, then everything below the one used. */
    static DatacenterLayout read(VimClient vim) {
        List<ObjectContent> datacenters = datacenters(vim);
        if (datacenters.isEmpty()) {
            throw new HypervisorException(Kind.NOT_FOUND, "vSphere at " + vim.endpoint().url() + " has no datacenter.");
        }
        ObjectContent used = datacenters.get(0);
        Map<String, Object> dc = props(used);
        List<String> others = datacenters.stream().skip(1).map(oc -> (String) props(oc).get("name")).toList();

        String dsName = null;
        ManagedObjectReference ds = null;
        ManagedObjectReference pool = null;
        List<ManagedObjectReference> hosts = new ArrayList<>();
        Map<String, PortGroup> networks = new HashMap<>();
        Map<String, String> networkNames = new HashMap<>();
        for (ObjectContent oc : contentOf(vim, used.getObj())) {
            Map<String, Object> p = props(oc);
            ManagedObjectReference obj = oc.getObj();
            switch (obj.getType()) {
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
        return new DatacenterLayout((String) dc.get("name"), used.getObj(), (ManagedObjectReference) dc.get("vmFolder"),
                (ManagedObjectReference) dc.get("networkFolder"), dsName, ds, pool, List.copyOf(hosts),
                Map.copyOf(networks), Map.copyOf(networkNames), others);
    }

    /** Every datacenter of the site, in the server's order, with its name and folders. */
    private static List<ObjectContent> datacenters(VimClient vim) {
        ObjectSpec os = new ObjectSpec();
        os.setObj(vim.login().sc().getRootFolder());
        os.setSkip(true);
        os.setSelectSet(new SelectionSpec[]{traversal("folders", "Folder", "childEntity", "folders")});
        return vim.retrieve("list the datacenters", filter(os, propertySpec("Datacenter", "name", "vmFolder", "networkFolder")));
    }

    /** The datastores, hosts, resource pools and networks below {@code datacenter}. */
    private static List<ObjectContent> contentOf(VimClient vim, ManagedObjectReference datacenter) {
        TraversalSpec folderTs = traversal("folders", "Folder", "childEntity", "folders", "crHosts", "crPools");
        TraversalSpec dcHosts = traversal("dcHosts", "Datacenter", "hostFolder", "folders");
        TraversalSpec dcDatastores = traversal("dcDatastores", "Datacenter", "datastore");
        TraversalSpec dcNetworks = traversal("dcNetworks", "Datacenter", "networkFolder", "folders");
        TraversalSpec crHosts = traversal("crHosts", "ComputeResource", "host");
        TraversalSpec crPools = traversal("crPools", "ComputeResource", "resourcePool");
        ObjectSpec os = new ObjectSpec();
        os.setObj(datacenter);
        os.setSkip(true);
        os.setSelectSet(new SelectionSpec[]{dcHosts, dcDatastores, dcNetworks, folderTs, crHosts, crPools});
        return vim.retrieve("read the datacenter layout", filter(os,
                propertySpec("Datastore", "name"),
                propertySpec("HostSystem", "name"),
                propertySpec("ResourcePool", "name"),
                propertySpec("Network", "name"),
                propertySpec("DistributedVirtualPortgroup", "key", "config.distributedVirtualSwitch")));
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
