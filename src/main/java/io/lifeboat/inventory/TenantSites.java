package io.lifeboat.inventory;

import io.lifeboat.hypervisor.SiteEndpoint;

/** Where one tenant's VMs live, with the endpoints to reach them (passwords decrypted: keep it server-side). */
public record TenantSites(SiteEndpoint tenantSite, String tenantFolder, SiteEndpoint providerSite, String providerFolder) {
}
