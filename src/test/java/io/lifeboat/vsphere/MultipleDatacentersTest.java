package io.lifeboat.vsphere;

import static org.assertj.core.api.Assertions.assertThat;

import com.vmware.vim25.mo.Datacenter;
import com.vmware.vim25.mo.InventoryNavigator;
import com.vmware.vim25.mo.ManagedEntity;
import com.vmware.vim25.mo.ServiceInstance;
import io.lifeboat.hypervisor.HypervisorAdmin;
import io.lifeboat.inventory.ConnectionCheck;
import io.lifeboat.hypervisor.NewVm;
import io.lifeboat.hypervisor.VmInfo;
import io.lifeboat.vcsim.SimulatorProcess;
import java.net.URL;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A vCenter with two datacenters: the adapter works in the first and only there. It used to take the hosts and networks
 * of both, the last network of a name winning, so a VM was made with the first one's folder and pool and the second
 * one's port group, which vCenter refuses (the simulator dropped the connection).
 */
class MultipleDatacentersTest {

    @Test
    void a_site_with_two_datacenters_is_worked_in_the_first_only_and_names_the_other() throws Exception {
        try (SimulatorProcess sim = SimulatorProcess.start(SimulatorProcess.Options.defaults().withExtraArgs(List.of("-dc", "2")));
             VsphereConnectors.CloseableConnector connector = VsphereConnectors.yavijava()) {
            HypervisorAdmin site = connector.admin(sim.endpoint());
            assertThat(site.datacenters()).containsExactly("DC0", "DC1");
            assertThat(new ConnectionCheck(null, null, null, false, 0, 1, site.datacenters()).inventory())
                    .isEqualTo("0 folders, 1 networks in datacenter DC0. The site's other datacenters (DC1) are not used: Lifeboat finds"
                            + " and makes everything of a site in one datacenter. To use another, give the site a vCenter user that sees"
                            + " only that one.");
            site.createFolder("tenants/acme");
            String vm = site.createVm(new NewVm("tenants/acme", "app-01", 1, 256, "VM Network", "192.168.60.13", 16), Duration.ofSeconds(30));

            VmInfo made = site.listVms("tenants/acme").stream().filter(v -> v.id().equals(vm)).findFirst().orElseThrow();
            assertThat(made.network()).isEqualTo("VM Network");

            site.addHostPortGroup("lb-acme-vlan100", 100);
            ServiceInstance raw = new ServiceInstance(new URL(sim.endpoint().url()), sim.endpoint().username(), sim.endpoint().password(), true);
            try {
                assertThat(networksIn(raw, "DC0")).contains("lb-acme-vlan100");
                assertThat(networksIn(raw, "DC1")).as("nothing made in the other datacenter").contains("VM Network")
                        .doesNotContain("lb-acme-vlan100");
            } finally {
                raw.getServerConnection().logout();
            }
        }
    }

    /** The names of the networks of datacenter {@code name}, read with yavijava directly. */
    private static List<String> networksIn(ServiceInstance raw, String name) throws Exception {
        Datacenter datacenter = (Datacenter) new InventoryNavigator(raw.getRootFolder()).searchManagedEntity("Datacenter", name);
        return Arrays.stream(new InventoryNavigator(datacenter).searchManagedEntities("Network")).map(ManagedEntity::getName).toList();
    }
}
