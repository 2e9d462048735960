package io.lifeboat.inventory;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Sites and tenants declared in configuration ({@code lifeboat.setup.*}), applied at start-up: how a provider points
 * Lifeboat at its real vCenters. Passwords may come from the environment ({@code ${VC_PASSWORD}}); they are stored
 * encrypted.
 */
@ConfigurationProperties("lifeboat.setup")
public record ProviderSetupProperties(Map<String, SiteSetup> sites, Map<String, TenantSetup> tenants) {

    public ProviderSetupProperties {
        sites = sites == null ? Map.of() : sites;
        tenants = tenants == null ? Map.of() : tenants;
    }

    /**
     * {@code certificateSha256}: the pinned thumbprint of an https site whose certificate no CA in the JDK's store signed;
     * {@code applianceTemplate} (inventory path below the VM folder) and {@code applianceUplinkNetwork}: what the site's
     * NEA VMs are cloned from and where their second NIC goes.
     */
    public record SiteSetup(String url, String username, String password, boolean trustAllCertificates, String certificateSha256,
                            String applianceTemplate, String applianceUplinkNetwork) {
    }

    public record TenantSetup(String displayName, int quotaCpus, int quotaMemoryMb, String tenantSite, String tenantFolder,
                              String providerSite, String providerFolder, Map<String, NetworkSetup> networks) {

        public TenantSetup {
            networks = networks == null ? Map.of() : networks;
        }
    }

    /**
     * {@code drillPortGroup}: an isolated port group at the provider for test failovers; without one, no drills.
     * {@code tenantPortGroup}: the network's port group at the tenant's site, where the tenant NEA VM joins it.
     */
    public record NetworkSetup(String subnet, String gateway, int vlan, String providerPortGroup, String drillPortGroup, String tenantPortGroup) {
    }
}
