package io.lifeboat.inventory;

import io.lifeboat.shared.TenantDataChanged;

/** A site's vCenter started failing its checks, or works again: the provider's open screens show it at once. */
public record SiteContactChanged(String siteName, boolean failing) implements TenantDataChanged {

    @Override
    public Long tenantId() {
        return null;   // concerns the provider: no tenant's screens show sites
    }
}
