package io.lifeboat.failback;

/**
 * Where a failback writes the replica's data: the original VM at the tenant site ({@code newVmName} null), or a new VM
 * of that name, created in the tenant's production folder next to the original.
 */
public record FailbackTarget(String newVmName) {

    public static FailbackTarget original() {
        return new FailbackTarget(null);
    }

    public static FailbackTarget newVm(String name) {
        return new FailbackTarget(name == null ? null : name.trim());
    }

    public boolean isOriginal() {
        return newVmName == null;
    }
}
