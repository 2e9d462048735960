package io.lifeboat.vsphere;

import com.vmware.vim25.ArrayOfManagedObjectReference;
import com.vmware.vim25.ArrayOfOptionValue;
import com.vmware.vim25.ArrayOfVirtualDevice;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.OptionValue;
import com.vmware.vim25.VirtualDevice;
import com.vmware.vim25.VirtualMachinePowerState;
import com.vmware.vim25.VirtualMachineSnapshotInfo;
import com.vmware.vim25.VirtualMachineSnapshotTree;
import io.lifeboat.hypervisor.SnapshotInfo;
import io.lifeboat.hypervisor.VmInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Property values as the property collector hands them over (an {@code ArrayOf…} wrapper, or a bare array, depending
 * on the server and the call), read into plain Java values.
 */
final class VimValues {

    private VimValues() {
    }

    static String currentSnapshot(VirtualMachineSnapshotInfo info) {
        return info == null || info.getCurrentSnapshot() == null ? null : info.getCurrentSnapshot().getVal();
    }

    static List<OptionValue> optionValues(Object value) {
        if (value instanceof ArrayOfOptionValue a && a.getOptionValue() != null) {
            return Arrays.asList(a.getOptionValue());
        }
        if (value instanceof OptionValue[] a) {
            return Arrays.asList(a);
        }
        return List.of();
    }

    static VmInfo.PowerState powerState(Object state) {
        if (state == VirtualMachinePowerState.poweredOn) {
            return VmInfo.PowerState.POWERED_ON;
        }
        if (state == VirtualMachinePowerState.suspended) {
            return VmInfo.PowerState.SUSPENDED;
        }
        return VmInfo.PowerState.POWERED_OFF;
    }

    static int intValue(Object o) {
        return o instanceof Number n ? n.intValue() : 0;
    }

    static List<ManagedObjectReference> mors(Object value) {
        if (value instanceof ArrayOfManagedObjectReference a && a.getManagedObjectReference() != null) {
            return Arrays.asList(a.getManagedObjectReference());
        }
        if (value instanceof ManagedObjectReference[] a) {
            return Arrays.asList(a);
        }
        return List.of();
    }

    static List<SnapshotInfo> snapshots(VirtualMachineSnapshotInfo info) {
        if (info == null || info.getRootSnapshotList() == null) {
            return List.of();
        }
        List<SnapshotInfo> all = new ArrayList<>();
        flatten(info.getRootSnapshotList(), all);
        all.sort(Comparator.comparing(SnapshotInfo::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())));
        return List.copyOf(all);
    }

    static void flatten(VirtualMachineSnapshotTree[] trees, List<SnapshotInfo> into) {
        for (VirtualMachineSnapshotTree t : trees) {
            Instant created = t.getCreateTime() == null ? null : t.getCreateTime().toInstant();
            into.add(new SnapshotInfo(t.getSnapshot().getVal(), t.getName(), t.getDescription(), created));
            if (t.getChildSnapshotList() != null) {
                flatten(t.getChildSnapshotList(), into);
            }
        }
    }

    static List<VirtualDevice> devices(Object value) {
        if (value instanceof ArrayOfVirtualDevice a && a.getVirtualDevice() != null) {
            return Arrays.asList(a.getVirtualDevice());
        }
        if (value instanceof VirtualDevice[] a) {
            return Arrays.asList(a);
        }
        return List.of();
    }
}
