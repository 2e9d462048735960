package io.lifeboat.administration;

import io.lifeboat.network.NetworkForm;
import java.util.List;

/**
 * A tenant as the provider enters it: identity and plan, where its VMs live (tenant site and folder: the originals;
 * provider site and folder: the replicas) and its networks. {@code id} null for a new tenant.
 */
public record TenantForm(Long id, String name, String displayName, int cpus, int memoryMb, String tenantSite, String tenantFolder,
                         String providerSite, String providerFolder, List<NetworkForm> networks) {

    public TenantForm {
        networks = networks == null ? List.of() : List.copyOf(networks);
    }
}
