package io.lifeboat.hypervisor;

import java.util.List;
import java.util.Map;

/**
 * A VM to clone from a template: {@code templatePath} is the template's inventory path below the datacenter's VM folder
 * (e.g. {@code lifeboat-templates/lifeboat-nea}); the clone goes to {@code folderPath} as {@code name}, powered off,
 * with one NIC per entry of {@code nicNetworks} in that order (port group names) and {@code extraConfig} set
 * (e.g. {@code guestinfo.*} keys the guest reads through VMware Tools).
 */
public record VmClone(String templatePath, String folderPath, String name, List<String> nicNetworks, Map<String, String> extraConfig) {

    public VmClone {
        nicNetworks = List.copyOf(nicNetworks);
        extraConfig = Map.copyOf(extraConfig);
    }

    @Override
    public String toString() {
        // ExtraConfig may hold a one-time secret (an enrolment token): never print values
        return "VmClone[" + templatePath + " -> " + folderPath + "/" + name + ", nics=" + nicNetworks + ", extraConfig keys=" + extraConfig.keySet() + "]";
    }
}
