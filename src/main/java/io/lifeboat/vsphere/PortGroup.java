package io.lifeboat.vsphere;

import com.vmware.vim25.ManagedObjectReference;

/** A network VMs connect to: a standard port group ({@code Network}) or a distributed one ({@code DistributedVirtualPortgroup}). */
record PortGroup(String name, ManagedObjectReference mor, String portgroupKey, ManagedObjectReference dvSwitch) {

    boolean distributed() {
        return portgroupKey != null;
    }
}
