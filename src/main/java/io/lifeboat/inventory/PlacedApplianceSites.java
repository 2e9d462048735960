package io.lifeboat.inventory;

import io.lifeboat.network.ApplianceSite;
import io.lifeboat.network.ApplianceSites;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Where a tenant's NEAs run, from its placement: the provider NEA at its provider site, the tenant NEA at its own site. */
@Component
class PlacedApplianceSites implements ApplianceSites {

    private final TenantPlacementRepository placements;
    private final SecretCipher cipher;

    PlacedApplianceSites(TenantPlacementRepository placements, SecretCipher cipher) {
        this.placements = placements;
        this.cipher = cipher;
    }

    @Override
    @Transactional(readOnly = true)
    public ApplianceSite providerSite(long tenantId) {
        return applianceSite(placement(tenantId).getProviderSite());
    }

    @Override
    @Transactional(readOnly = true)
    public ApplianceSite tenantSite(long tenantId) {
        return applianceSite(placement(tenantId).getTenantSite());
    }

    private TenantPlacement placement(long tenantId) {
        return placements.findById(tenantId).orElseThrow(() -> new IllegalStateException("Tenant " + tenantId + " has no sites configured yet."));
    }

    private ApplianceSite applianceSite(Site site) {
        return new ApplianceSite(site.getName(), site.endpoint(cipher), site.getApplianceTemplate(), site.getApplianceUplinkNetwork());
    }
}
