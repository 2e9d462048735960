package io.lifeboat.hypervisor;

/**
 * A VM to create: where, how big, its one NIC's port group, the guest IP the lab's simulator reports for it
 * (null for none) and its one thin disk's size.
 */
public record NewVm(String folderPath, String name, int cpus, int memoryMb, String network, String guestIp, long diskMb) {
}
