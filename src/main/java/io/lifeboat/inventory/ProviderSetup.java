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
        setup.sites().forEach((name, site) -> inventory.registerSite(name, site.url(), site.username(), site.password(), site.trustAllCertificates()));
        for (Map.Entry<String, ProviderSetupProperties.TenantSetup> entry : setup.tenants().entrySet()) {
            ProviderSetupProperties.TenantSetup tenant = entry.getValue();
            long tenantId = tenancy.ensureTenant(entry.getKey(), tenant.displayName(), new HardwarePlan(tenant.quotaCpus(), tenant.quotaMemoryMb())).id();
            inventory.placeTenant(tenantId, tenant.tenantSite(), tenant.tenantFolder(), tenant.providerSite(), tenant.providerFolder());
            tenant.networks().forEach((name, network) ->
                    networks.ensureNetwork(tenantId, name, network.subnet(), network.gateway(), network.vlan(), network.providerPortGroup(),
                            network.drillPortGroup()));
        }
        if (!setup.sites().isEmpty() || !setup.tenants().isEmpty()) {
            log.info("Provider setup applied: {} sites, {} tenants", setup.sites().size(), setup.tenants().size());
        }
    }
}
