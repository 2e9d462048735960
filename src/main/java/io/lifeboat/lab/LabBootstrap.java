package io.lifeboat.lab;

import io.lifeboat.inventory.InventoryService;
import io.lifeboat.network.TenantNetworkRef;
import io.lifeboat.network.TenantNetworkService;
import io.lifeboat.tenancy.HardwarePlan;
import io.lifeboat.tenancy.Role;
import io.lifeboat.tenancy.TenancyService;
import io.lifeboat.tenancy.TenantSummary;
import io.lifeboat.hypervisor.SiteEndpoint;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Creates the tenants, networks, sites, placements and demo accounts that match the lab's seeded simulators
 * ({@link LabConfiguration}), syncs the inventory and starts the data plane. Runs before the portal reports ready.
 */
@Component
@Order(0)
@ConditionalOnProperty(name = "lifeboat.lab.enabled", havingValue = "true")
public class LabBootstrap implements ApplicationRunner {

    public static final String TENANT_SITE = "lab-tenant-site";
    public static final String PROVIDER_SITE = "lab-provider-site";

    private static final Logger log = LoggerFactory.getLogger(LabBootstrap.class);

    private final TenancyService tenancy;
    private final TenantNetworkService networks;
    private final InventoryService inventory;
    private final LabDataPlane dataPlane;
    private final LabPlan plan;
    private final LabSites sites;
    private final List<LabAccount> accounts = new ArrayList<>();
    /** The tenants' further networks (see {@link LabPlan.LabSegment}), as the portal knows them. */
    private final List<TenantNetworkRef> moreNetworks = new ArrayList<>();

    LabBootstrap(TenancyService tenancy, TenantNetworkService networks, InventoryService inventory, LabDataPlane dataPlane,
                 LabPlan plan, LabSites sites) {
        this.tenancy = tenancy;
        this.networks = networks;
        this.inventory = inventory;
        this.dataPlane = dataPlane;
        this.plan = plan;
        this.sites = sites;
    }

    @Override
    public void run(ApplicationArguments args) {
        long started = System.nanoTime();
        log.info("Lab simulators: tenant site {} and provider site {}", sites.tenantSite().url(), sites.providerSite().url());
        log.info("{}", sites.seedReport());
        registerSites();
        accounts.add(new LabAccount("provider", "provider", Role.PROVIDER_ADMIN, null));
        tenancy.ensureLocalAccount("provider", "provider", Role.PROVIDER_ADMIN, null);
        for (LabPlan.LabTenant tenant : plan.tenants()) {
            registerTenant(tenant);
        }
        dataPlane.start(plan, sites, moreNetworks);
        log.info("Lab ready in {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    /** The tenant site's NEA has no uplink: it reaches the gateways through the tenant's router, with NAT (ADR 0006). */
    private void registerSites() {
        register(TENANT_SITE, sites.tenantSite(), null);
        register(PROVIDER_SITE, sites.providerSite(), LabPlan.APPLIANCE_UPLINK_PORT_GROUP);
    }

    private void register(String name, SiteEndpoint endpoint, String applianceUplink) {
        inventory.registerSite(name, endpoint.url(), endpoint.username(), endpoint.password(), endpoint.trustAllCertificates());
        inventory.configureAppliances(name, LabPlan.APPLIANCE_TEMPLATE, applianceUplink, true);
    }

    private void registerTenant(LabPlan.LabTenant tenant) {
        TenantSummary saved = tenancy.ensureTenant(tenant.name(), tenant.displayName(), new HardwarePlan(tenant.quotaCpus(), tenant.quotaMemoryMb()));
        long lan = networks.ensureNetwork(saved.id(), "LAN", tenant.subnet(), tenant.gateway(), tenant.vlan(), tenant.providerPortGroup(),
                tenant.drillPortGroup()).id();
        networks.setTenantPortGroup(lan, LabPlan.TENANT_LAN_PORT_GROUP);
        for (LabPlan.LabSegment n : tenant.moreNetworks()) {
            long id = networks.ensureNetwork(saved.id(), n.name(), n.subnet(), n.gateway(), n.vlan(), n.providerPortGroup(tenant.name()),
                    n.drillPortGroup(tenant.name())).id();
            networks.setTenantPortGroup(id, n.tenantPortGroup());
            moreNetworks.add(new TenantNetworkRef(id, tenant.name(), n.subnet(), n.gateway(), n.vlan()));
        }
        inventory.placeTenant(saved.id(), TENANT_SITE, tenant.tenantSiteFolder(), PROVIDER_SITE, tenant.providerFolder());
        account(tenant.name() + "-admin", tenant.name(), Role.TENANT_OPERATOR, tenant.name());
        account(tenant.name() + "-viewer", tenant.name(), Role.TENANT_VIEWER, tenant.name());
        log.info("Lab tenant {}: {}", tenant.name(), inventory.sync(saved.id()));
    }

    private void account(String username, String password, Role role, String tenant) {
        tenancy.ensureLocalAccount(username, password, role, tenant);
        accounts.add(new LabAccount(username, password, role, tenant));
    }

    /** The demo logins, for the start-up banner. */
    public List<LabAccount> accounts() {
        return List.copyOf(accounts);
    }
}
