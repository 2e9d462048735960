package io.lifeboat.inventory;

/** How many tenants place production VMs or replicas at a site. */
record SiteUse(long siteId, long tenants) {
}
