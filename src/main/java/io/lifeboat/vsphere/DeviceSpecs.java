package io.lifeboat.vsphere;

import com.vmware.vim25.OptionValue;
import com.vmware.vim25.VirtualDevice;
import com.vmware.vim25.VirtualDeviceBackingInfo;
import com.vmware.vim25.VirtualDeviceConfigSpec;
import com.vmware.vim25.VirtualDeviceConfigSpecFileOperation;
import com.vmware.vim25.VirtualDeviceConfigSpecOperation;
import com.vmware.vim25.VirtualDeviceConnectInfo;
import com.vmware.vim25.VirtualEthernetCard;
import com.vmware.vim25.VirtualEthernetCardDistributedVirtualPortBackingInfo;
import com.vmware.vim25.VirtualEthernetCardNetworkBackingInfo;
import com.vmware.vim25.VirtualVmxnet3;
import java.util.Map;

/** The pieces of a VM reconfiguration: NICs, their connection, device changes, ExtraConfig values. */
final class DeviceSpecs {

    private DeviceSpecs() {
    }

    static boolean isOn(VirtualEthernetCard nic, PortGroup net) {
        VirtualDeviceBackingInfo b = nic.getBacking();
        boolean connected = nic.getConnectable() == null || nic.getConnectable().isConnected() || nic.getConnectable().isStartConnected();
        if (b instanceof VirtualEthernetCardNetworkBackingInfo nb && !net.distributed()) {
            return connected && net.name().equals(nb.getDeviceName());
        }
        if (b instanceof VirtualEthernetCardDistributedVirtualPortBackingInfo db && net.distributed() && db.getPort() != null) {
            return connected && net.portgroupKey().equals(db.getPort().getPortgroupKey());
        }
        return false;
    }

    /**
     * A cloned card keeps the template's MAC in the simulator (vCenter gives a clone new ones): an empty generated
     * address is generated anew, so no two NEAs share a MAC. A MAC set by hand on the template stays as it is.
     */
    static VirtualEthernetCard ownMac(VirtualEthernetCard card) {
        if (!"manual".equalsIgnoreCase(card.getAddressType())) {
            card.setAddressType("generated");
            card.setMacAddress(null);
        }
        return card;
    }

    static VirtualVmxnet3 newNic(int key) {
        VirtualVmxnet3 nic = new VirtualVmxnet3();
        nic.setKey(key);
        nic.setAddressType("generated");
        return nic;
    }

    static VirtualDeviceConnectInfo connected() {
        VirtualDeviceConnectInfo connect = new VirtualDeviceConnectInfo();
        connect.setStartConnected(true);
        connect.setConnected(true);
        connect.setAllowGuestControl(true);
        return connect;
    }

    static OptionValue[] toOptionValues(Map<String, String> values) {
        return values.entrySet().stream().map(entry -> {
            OptionValue option = new OptionValue();
            option.setKey(entry.getKey());
            option.setValue(entry.getValue() == null ? "" : entry.getValue()); // vSphere removes a key set to ""
            return option;
        }).toArray(OptionValue[]::new);
    }

    static VirtualDeviceConfigSpec add(VirtualDevice device, VirtualDeviceConfigSpecFileOperation fileOperation) {
        VirtualDeviceConfigSpec spec = new VirtualDeviceConfigSpec();
        spec.setOperation(VirtualDeviceConfigSpecOperation.add);
        spec.setFileOperation(fileOperation);
        spec.setDevice(device);
        return spec;
    }
}
