package io.lifeboat.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.tenancy.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A drill port group is isolated from every production port group of every tenant. Before, only a network's own
 * provider port group was compared in the portal's form, and networks from {@code lifeboat.setup} were not checked.
 */
class DrillIsolationTest {

    private static final long ACME = 1;
    private static final long GLOBEX = 2;

    private final TenantNetworkInfo acmeLan = new TenantNetworkInfo(10, ACME, "LAN", "192.168.60.0/24", "192.168.60.1", 3001,
            "tenant.acme.vlan3001", "tenant.acme.drill2001", "VM Network", false);
    private final TenantNetworkInfo globexLan = new TenantNetworkInfo(20, GLOBEX, "LAN", "192.168.60.0/24", "192.168.60.1", 3002,
            "tenant.globex.vlan3002", "tenant.globex.drill2002", "Globex LAN", false);
    private final List<TenantNetworkInfo> stored = List.of(acmeLan, globexLan);
    private final Map<Long, String> displayNames = Map.of(ACME, "ACME Corporation", GLOBEX, "Globex Corporation");

    @Test
    void a_drill_port_group_equal_to_its_own_networks_provider_port_group_is_refused() {
        refused(ACME, List.of(lan("tenant.acme.vlan3001", "tenant.acme.vlan3001")), "network.0.drillPortGroup", "this network's provider port group");
    }

    @Test
    void a_drill_port_group_equal_to_another_networks_provider_port_group_in_the_same_form_is_refused() {
        refused(ACME, List.of(lan("tenant.acme.vlan3001", "tenant.acme.vlan3003"),
                new NetworkForm("DMZ", "192.168.70.0/24", "192.168.70.1", 3003, "tenant.acme.vlan3003", "tenant.acme.drill2003")),
                "network.0.drillPortGroup", "the provider port group of network 'DMZ' in this form");
    }

    /** The provider reads these: the other tenant is named as the portal shows it, not by a database id. */
    @Test
    void a_drill_port_group_equal_to_another_tenants_provider_or_tenant_port_group_is_refused_naming_that_tenant() {
        refused(ACME, List.of(lan("tenant.acme.vlan3001", "tenant.globex.vlan3002")), "network.0.drillPortGroup",
                "the provider port group of network 'LAN' of tenant 'Globex Corporation'");
        refused(ACME, List.of(lan("tenant.acme.vlan3001", "Globex LAN")), "network.0.drillPortGroup",
                "the tenant port group of network 'LAN' of tenant 'Globex Corporation'");
        refused(null, List.of(lan("tenant.initech.vlan3004", "tenant.acme.vlan3001")), "network.0.drillPortGroup",
                "the provider port group of network 'LAN' of tenant 'ACME Corporation'");
    }

    @Test
    void a_drill_port_group_equal_to_the_tenant_port_group_of_the_network_it_replaces_is_refused() {
        refused(ACME, List.of(lan("tenant.acme.vlan3001", "VM Network")), "network.0.drillPortGroup", "the tenant port group of network 'LAN' of this tenant");
    }

    @Test
    void a_provider_port_group_equal_to_another_networks_drill_port_group_is_refused_naming_that_tenant() {
        refused(ACME, List.of(new NetworkForm("DMZ", "192.168.70.0/24", "192.168.70.1", 3003, "tenant.globex.drill2002", null)),
                "network.0.providerPortGroup", "the isolated drill port group of network 'LAN' of tenant 'Globex Corporation'");
    }

    @Test
    void a_tenants_networks_saved_again_or_moved_off_a_port_group_that_becomes_their_drill_port_group_pass() {
        assertThatCode(() -> DrillIsolation.check(ACME, List.of(lan("tenant.acme.vlan3001", "tenant.acme.drill2001")), stored, displayNames::get)).doesNotThrowAnyException();
        assertThatCode(() -> DrillIsolation.check(ACME, List.of(lan("tenant.acme.vlan3005", "tenant.acme.vlan3001")), stored, displayNames::get))
                .as("the stored LAN leaves tenant.acme.vlan3001").doesNotThrowAnyException();
        assertThatCode(() -> DrillIsolation.check(null, List.of(lan("tenant.initech.vlan3004", "tenant.initech.drill2004")), stored, displayNames::get))
                .doesNotThrowAnyException();
        assertThatCode(() -> DrillIsolation.check(ACME, List.of(new NetworkForm("Lab", "10.1.0.0/24", "10.1.0.1", 3010, "tenant.acme.vlan3010")), stored, displayNames::get))
                .as("no drill port group").doesNotThrowAnyException();
    }

    @Test
    void a_stored_network_whose_drill_port_group_a_production_network_uses_clashes() {
        TenantNetworkInfo sharing = new TenantNetworkInfo(30, ACME, "DMZ", "192.168.70.0/24", "192.168.70.1", 3003, "tenant.acme.vlan3003",
                "tenant.globex.vlan3002", null, false);
        TenantNetworkInfo onItsOwn = new TenantNetworkInfo(31, ACME, "Old", "192.168.71.0/24", "192.168.71.1", 3004, "tenant.acme.vlan3004",
                "tenant.acme.vlan3004", null, false);
        TenantNetworkInfo none = new TenantNetworkInfo(32, ACME, "Lab", "10.1.0.0/24", "10.1.0.1", 3010, "tenant.acme.vlan3010", null, null, false);
        List<TenantNetworkInfo> all = List.of(acmeLan, globexLan, sharing, onItsOwn, none);

        assertThat(DrillIsolation.clashes(sharing, all)).isTrue();
        assertThat(DrillIsolation.clashes(onItsOwn, all)).isTrue();
        assertThat(DrillIsolation.clashes(acmeLan, all)).isFalse();
        assertThat(DrillIsolation.clashes(none, all)).isFalse();
    }

    @Test
    void a_tenant_port_group_that_is_a_drill_port_group_is_found() {
        assertThat(DrillIsolation.drillingIn("tenant.globex.drill2002", stored)).contains(globexLan);
        assertThat(DrillIsolation.drillingIn("VM Network", stored)).isEmpty();
        assertThat(DrillIsolation.drillingIn(null, stored)).isEmpty();
    }

    private static NetworkForm lan(String providerPortGroup, String drillPortGroup) {
        return new NetworkForm("LAN", "192.168.60.0/24", "192.168.60.1", 3001, providerPortGroup, drillPortGroup);
    }

    private void refused(Long tenantId, List<NetworkForm> forms, String field, String why) {
        assertThatThrownBy(() -> DrillIsolation.check(tenantId, forms, stored, displayNames::get)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.field()).isEqualTo(field)).hasMessageContaining(why);
    }
}
