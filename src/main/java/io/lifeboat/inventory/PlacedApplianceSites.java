package io.lifeboat.inventory;

import io.lifeboat.appliance.NeaRole;
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
    public ApplianceSite of(long tenantId, NeaRole role) {
        TenantPlacement placement = placements.findById(tenantId)
                .orElseThrow(() -> new IllegalStateException("Tenant " + tenantId + " has no sites configured yet."));
        Site site = role == NeaRole.PROVIDER ? placement.getProviderSite() : placement.getTenantSite();
        return new ApplianceSite(site.getName(), site.endpoint(cipher), site.getApplianceTemplate(), site.getApplianceUplinkNetwork());
    }
}
