package io.lifeboat.inventory;

import io.lifeboat.network.TenantNetworkService;
import io.lifeboat.tenancy.HardwarePlan;
import io.lifeboat.tenancy.TenancyService;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/** Applies {@link ProviderSetupProperties} at start-up; idempotent, so it runs on every start and on every node. */
@Component
@EnableConfigurationProperties(ProviderSetupProperties.class)
class ProviderSetup implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ProviderSetup.class);

    private final ProviderSetupProperties setup;
    private final InventoryService inventory;
    private final TenancyService tenancy;
    private final TenantNetworkService networks;

    ProviderSetup(ProviderSetupProperties setup, InventoryService inventory, TenancyService tenancy, TenantNetworkService networks) {
        this.setup = setup;
        this.inventory = inventory;
        this.tenancy = tenancy;
        this.networks = networks;
    }

    @Override
    public void run(ApplicationArguments args) {
        setup.sites().forEach((name, site) -> {
            if (!inventory.registerConfiguredSite(name, site.url(), site.username(), site.password(), site.trustAllCertificates(),
                    site.certificateSha256())) {
                log.warn("Site {} is declared in lifeboat.setup but was created in the portal: left as it is. Delete it in the"
                        + " portal or remove it from the configuration.", name);
            } else {
                inventory.configureAppliances(name, site.applianceTemplate(), site.applianceUplinkNetwork(), false);
            }
        });
        for (Map.Entry<String, ProviderSetupProperties.TenantSetup> entry : setup.tenants().entrySet()) {
            applyTenant(entry.getKey(), entry.getValue());
        }
        if (!setup.sites().isEmpty() || !setup.tenants().isEmpty()) {
            log.info("Provider setup applied: {} sites, {} tenants", setup.sites().size(), setup.tenants().size());
        }
    }

    private void applyTenant(String name, ProviderSetupProperties.TenantSetup tenant) {
        if (tenancy.findTenantByName(name).filter(existing -> !existing.managedByConfiguration()).isPresent()) {
            log.warn("Tenant {} is declared in lifeboat.setup but was created in the portal: left as it is. Remove it from"
                    + " the configuration, or manage it only in the portal.", name);
            return;
        }
        long tenantId = tenancy.ensureTenant(name, tenant.displayName(), new HardwarePlan(tenant.quotaCpus(), tenant.quotaMemoryMb())).id();
        tenancy.markManagedByConfiguration(tenantId);
        requireFolderOfItsOwn(name, tenantId, tenant.tenantSite(), tenant.tenantFolder());
        requireFolderOfItsOwn(name, tenantId, tenant.providerSite(), tenant.providerFolder());
        inventory.placeTenant(tenantId, tenant.tenantSite(), tenant.tenantFolder(), tenant.providerSite(), tenant.providerFolder());
        tenant.networks().forEach((networkName, network) -> {
            long networkId = networks.ensureNetwork(tenantId, networkName, network.subnet(), network.gateway(), network.vlan(),
                    network.providerPortGroup(), network.drillPortGroup()).id();
            networks.setTenantPortGroup(networkId, network.tenantPortGroup());
        });
    }

    /** As the portal's tenant form: two tenants sharing a folder, or one nested in the other's, would see each other's VMs. */
    private void requireFolderOfItsOwn(String name, long tenantId, String site, String folder) {
        inventory.tenantSharing(tenantId, site, folder).ifPresent(other -> {
            throw new IllegalStateException("Tenant " + name + " in lifeboat.setup: folder '" + folder + "' at site " + site + " is, holds or"
                    + " lies in a folder of tenant #" + other + ". Give each tenant folders of its own, or each would see and fail over the"
                    + " other's VMs.");
        });
    }
}
