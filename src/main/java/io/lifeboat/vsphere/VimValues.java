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
import java.util.function.Function;

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
        return items(value, ArrayOfOptionValue.class, ArrayOfOptionValue::getOptionValue, OptionValue[].class);
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
        return items(value, ArrayOfManagedObjectReference.class, ArrayOfManagedObjectReference::getManagedObjectReference,
                ManagedObjectReference[].class);
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
        return items(value, ArrayOfVirtualDevice.class, ArrayOfVirtualDevice::getVirtualDevice, VirtualDevice[].class);
    }

    /** The items of a value that comes as its {@code ArrayOf…} {@code wrapper} or as a bare {@code array}; none for anything else. */
    private static <W, T> List<T> items(Object value, Class<W> wrapper, Function<W, T[]> unwrap, Class<T[]> array) {
        T[] items = wrapper.isInstance(value) ? unwrap.apply(wrapper.cast(value)) : array.isInstance(value) ? array.cast(value) : null;
        return items == null ? List.of() : Arrays.asList(items);
    }
}
