package io.lifeboat.inventory;

import io.lifeboat.shared.TenantDataChanged;

/**
 * A site's vCenter started failing its checks, or works again: the provider's open screens show it at once and the
 * provider's webhooks announce it. Published inside the transaction that recorded the check.
 */
public record SiteContactChanged(String siteName, SiteContact contact) implements TenantDataChanged {

    @Override
    public Long tenantId() {
        return null;   // concerns the provider: every open screen refreshes, and a tenant's page shows what it means for it
    }
}
