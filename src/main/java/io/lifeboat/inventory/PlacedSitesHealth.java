package io.lifeboat.inventory;

/** How a tenant's two sites did at their last check: what the tenant's pages say while one of them fails. */
public record PlacedSitesHealth(SiteContact providerSite, SiteContact tenantSite) {
}
