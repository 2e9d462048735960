package io.lifeboat.inventory;

/** Where a tenant's VMs live, by site name: for forms (no endpoints, no passwords). */
public record PlacementInfo(String tenantSite, String tenantFolder, String providerSite, String providerFolder) {
}
