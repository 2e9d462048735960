package io.lifeboat.network;

/**
 * vCPU and memory of running NEA VMs as vCenter configures them ({@code config.hardware}): one network's pair, or a
 * sum over several. A VM that is powered off uses nothing and is not counted.
 */
public record ApplianceResources(int vms, int cpus, int memoryMb) {

    public static final ApplianceResources NONE = new ApplianceResources(0, 0, 0);

    public ApplianceResources plus(ApplianceResources other) {
        return new ApplianceResources(vms + other.vms, cpus + other.cpus, memoryMb + other.memoryMb);
    }
}
