package io.lifeboat.network;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.tenancy.HardwarePlan;
import io.lifeboat.tenancy.InvalidInputException;
import io.lifeboat.tenancy.TenancyService;
import io.lifeboat.tenancy.TenantSummary;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * A drill port group refused for clashing with another tenant's network names that tenant as the provider knows it, by
 * its display name: "tenant #2" sent the provider to the database to find out which one. No lab: only the database.
 */
@SpringBootTest(properties = "spring.quartz.scheduler-name=lifeboat-drill-isolation-names-test")
@ActiveProfiles("test")
class DrillIsolationNamesTest {

    @Autowired TenancyService tenancy;
    @Autowired TenantNetworkService networks;

    @Test
    void a_clash_with_another_tenants_network_names_that_tenant_by_its_display_name() {
        TenantSummary globex = tenancy.ensureTenant("globex-names", "Globex Corporation", new HardwarePlan(4, 8192));
        TenantSummary acme = tenancy.ensureTenant("acme-names", "ACME Corporation", new HardwarePlan(4, 8192));
        networks.ensureNetwork(globex.id(), "LAN", "192.168.60.0/24", "192.168.60.1", 3002, "tenant.globex.vlan3002", "tenant.globex.drill2002");
        TenantNetworkInfo acmeLan = networks.ensureNetwork(acme.id(), "LAN", "192.168.60.0/24", "192.168.60.1", 3001, "tenant.acme.vlan3001", null);

        assertThatThrownBy(() -> networks.checkDrillIsolation(acme.id(), List.of(new NetworkForm("LAN", "192.168.60.0/24", "192.168.60.1", 3001,
                "tenant.acme.vlan3001", "tenant.globex.vlan3002"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'tenant.globex.vlan3002' is the provider port group of network 'LAN' of tenant 'Globex Corporation':");
        assertThatThrownBy(() -> networks.setTenantPortGroup(acmeLan.id(), "tenant.globex.drill2002"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'tenant.globex.drill2002' is the isolated drill port group of network 'LAN' of tenant 'Globex Corporation':");
    }
}
