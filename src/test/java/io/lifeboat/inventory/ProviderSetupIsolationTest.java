package io.lifeboat.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.LabTest;
import io.lifeboat.lab.LabBootstrap;
import io.lifeboat.lab.LabPlan;
import io.lifeboat.network.TenantNetworkService;
import io.lifeboat.tenancy.TenancyService;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;

/**
 * Networks declared in {@code lifeboat.setup} are checked as the portal's form checks them. They were stored unchecked:
 * a drill port group equal to a production port group (its own network's, or another tenant's) was accepted, and a
 * drill there started copies next to the production VMs with their IPs. Start-up now stops, naming the key to change,
 * before anything of the tenant is written.
 */
@LabTest
class ProviderSetupIsolationTest {

    /** A tenant no other test creates: the lab's database is shared, and setup leaves a tenant made in the portal alone. */
    private static final String TENANT = "setup-check";

    @Autowired InventoryService inventory;
    @Autowired TenancyService tenancy;
    @Autowired TenantNetworkService networks;
    @Autowired LabPlan plan;

    @Test
    void a_declared_drill_port_group_equal_to_its_own_provider_port_group_stops_the_start() {
        refused(new ProviderSetupProperties.NetworkSetup("10.67.0.0/24", "10.67.0.1", 3067, "tenant.setup-check.vlan3067", "tenant.setup-check.vlan3067", null),
                "choose one other than the provider port group");
    }

    @Test
    void a_declared_drill_port_group_equal_to_another_tenants_provider_port_group_stops_the_start() {
        String globex = plan.tenants().get(1).providerPortGroup();
        refused(new ProviderSetupProperties.NetworkSetup("10.67.0.0/24", "10.67.0.1", 3067, "tenant.setup-check.vlan3067", globex, null),
                "the provider port group of network 'LAN' of tenant '" + plan.tenants().get(1).displayName() + "'");
    }

    /** A declared folder inside another tenant's: both would see, and fail over, the same VMs. Refused before writing, naming it. */
    @Test
    void a_declared_folder_inside_another_tenants_stops_the_start_naming_that_tenant() {
        String acme = plan.tenants().get(0).name();
        ProviderSetupProperties.TenantSetup declared = tenant("production/" + acme + "/more", new ProviderSetupProperties.NetworkSetup("10.67.0.0/24",
                "10.67.0.1", 3067, "tenant.setup-check.vlan3067", "tenant.setup-check.drill", null));

        assertThatThrownBy(() -> setupOf(declared).run(new DefaultApplicationArguments())).isInstanceOf(IllegalStateException.class)
                .hasMessage("Tenant " + TENANT + " in lifeboat.setup: folder 'production/" + acme + "/more' at site " + LabBootstrap.TENANT_SITE + " is, holds or lies in"
                        + " a folder of tenant " + acme + ". Give each tenant folders of its own, or each would see and fail over the other's VMs.");
        assertThat(tenancy.findTenantByName(TENANT)).as("nothing written").isEmpty();
    }

    private void refused(ProviderSetupProperties.NetworkSetup lan, String why) {
        assertThatThrownBy(() -> setupOf(tenant("production/setup-check", lan)).run(new DefaultApplicationArguments())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Tenant " + TENANT + " in lifeboat.setup: A drill port group must be isolated").hasMessageContaining(why)
                .hasMessageEndingWith("Change lifeboat.setup.tenants." + TENANT + ".networks.LAN.drill-port-group.");
        assertThat(tenancy.findTenantByName(TENANT)).as("nothing written").isEmpty();
    }

    private static ProviderSetupProperties.TenantSetup tenant(String tenantFolder, ProviderSetupProperties.NetworkSetup lan) {
        return new ProviderSetupProperties.TenantSetup("Setup check", 4, 8192, LabBootstrap.TENANT_SITE, tenantFolder, LabBootstrap.PROVIDER_SITE, "tenants/setup-check",
                Map.of("LAN", lan));
    }

    private ProviderSetup setupOf(ProviderSetupProperties.TenantSetup declared) {
        return new ProviderSetup(new ProviderSetupProperties(Map.of(), Map.of(TENANT, declared)), inventory, tenancy, networks);
    }
}
