package io.lifeboat.vsphere;

import io.lifeboat.hypervisor.SnapshotInfo;
import io.lifeboat.hypervisor.NewVm;
import io.lifeboat.hypervisor.SiteEndpoint;
import io.lifeboat.hypervisor.DatastoreFile;
import io.lifeboat.hypervisor.VmInfo;
import io.lifeboat.hypervisor.VmClone;
import io.lifeboat.hypervisor.HypervisorException;
import io.lifeboat.hypervisor.HypervisorAdmin;
import io.lifeboat.hypervisor.Hypervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.lifeboat.lab.LabPlan;
import io.lifeboat.lab.LabSeeder;
import io.lifeboat.lab.LabSites;
import io.lifeboat.vcsim.SimulatorProcess;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The yavijava adapter against two real vSphere simulators (tenant site and provider site) seeded with the demo plan. */
class YavijavaHypervisorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final LabPlan PLAN = LabPlan.demo();

    private static LabSites sites;
    private static SimulatorProcess tenantSite;
    private static SimulatorProcess providerSite;
    private static VsphereConnectors.CloseableConnector connector;
    private static LabSeeder.SeedReport seeded;

    @BeforeAll
    static void startAndSeed() {
        sites = LabSites.start(PLAN);
        tenantSite = sites.tenantSimulator();
        providerSite = sites.providerSimulator();
        seeded = sites.seedReport();
        connector = VsphereConnectors.yavijava();
    }

    @AfterAll
    static void stop() {
        if (connector != null) {
            connector.close();
        }
        if (sites != null) {
            sites.close();
        }
    }

    private static Hypervisor provider() {
        return connector.connect(providerSite.endpoint());
    }

    private static Map<String, VmInfo> replicas(String tenant) {
        return provider().listVms("tenants/" + tenant).stream().collect(Collectors.toMap(VmInfo::name, Function.identity()));
    }

    @Test
    void listVms_returns_each_tenants_replicas_with_restore_points_ip_and_network() {
        LabSeeder seeder = new LabSeeder(connector);
        for (LabPlan.LabTenant tenant : PLAN.tenants()) {
            Map<String, VmInfo> replicas = replicas(tenant.name());
            assertThat(replicas.keySet()).containsExactlyInAnyOrderElementsOf(
                    tenant.vms().stream().map(LabPlan.LabVm::replicaName).toList());
            for (LabPlan.LabVm vm : tenant.vms()) {
                VmInfo replica = replicas.get(vm.replicaName());
                assertThat(replica.folderPath()).isEqualTo("tenants/" + tenant.name());
                assertThat(replica.ipAddress()).isEqualTo(vm.ip());
                assertThat(replica.network()).isEqualTo(LabPlan.ISOLATED_PORT_GROUP);
                assertThat(replica.powerState()).isEqualTo(VmInfo.PowerState.POWERED_OFF);
                assertThat(replica.cpus()).isEqualTo(vm.cpus());
                assertThat(replica.memoryMb()).isEqualTo(vm.memoryMb());
                assertThat(replica.snapshots()).extracting(SnapshotInfo::name, SnapshotInfo::createdAt)   // taken when they are named after
                        .containsExactlyElementsOf(seeder.restorePoints(vm.restorePoints()).stream().map(p -> tuple(p.name(), p.takenAt())).toList());
            }
        }
    }

    @Test
    void listVms_of_a_parent_folder_includes_subfolders_with_their_paths() {
        Map<String, String> folders = provider().listVms("tenants").stream()
                .collect(Collectors.toMap(VmInfo::name, VmInfo::folderPath));
        assertThat(folders).hasSize(10)
                .containsEntry("web-01_replica", "tenants/acme")
                .containsEntry("erp-01_replica", "tenants/globex");
    }

    @Test
    void parallel_failover_of_a_tenants_replicas_is_fast_and_undone_cleanly() throws Exception {
        List<VmInfo> replicas = List.copyOf(replicas("acme").values());
        Hypervisor provider = provider();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            long start = System.nanoTime();
            List<Future<?>> steps = new ArrayList<>();
            for (VmInfo vm : replicas) {
                steps.add(pool.submit(() -> {
                    provider.revertToSnapshot(vm.id(), vm.snapshots().get(vm.snapshots().size() - 1).id(), TIMEOUT);
                    provider.connectNic(vm.id(), "tenant.acme.vlan3001", TIMEOUT);
                    provider.powerOn(vm.id(), TIMEOUT);
                }));
            }
            for (Future<?> f : steps) {
                f.get();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(replicas("acme").values()).allSatisfy(vm -> {
                assertThat(vm.powerState()).isEqualTo(VmInfo.PowerState.POWERED_ON);
                assertThat(vm.network()).isEqualTo("tenant.acme.vlan3001");
            });
            steps.clear();
            for (VmInfo vm : replicas) {
                steps.add(pool.submit(() -> {
                    provider.powerOff(vm.id(), TIMEOUT);
                    provider.connectNic(vm.id(), LabPlan.ISOLATED_PORT_GROUP, TIMEOUT);
                }));
            }
            for (Future<?> f : steps) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(replicas("acme").values()).allSatisfy(vm -> {
            assertThat(vm.powerState()).isEqualTo(VmInfo.PowerState.POWERED_OFF);
            assertThat(vm.network()).isEqualTo(LabPlan.ISOLATED_PORT_GROUP);
        });
    }

    @Test
    void tenant_site_holds_the_production_vms_powered_on_on_the_lan() {
        Hypervisor tenant = connector.connect(tenantSite.endpoint());
        List<VmInfo> acme = tenant.listVms("production/acme");
        assertThat(acme).hasSize(6).allSatisfy(vm -> assertThat(vm.powerState()).isEqualTo(VmInfo.PowerState.POWERED_ON));
        assertThat(acme).filteredOn(vm -> !vm.name().equals("proxy-01")).allSatisfy(vm -> {
            assertThat(vm.network()).isEqualTo(LabPlan.TENANT_LAN_PORT_GROUP);
            assertThat(vm.ipAddress()).startsWith("192.168.60.");
        });
        assertThat(acme).filteredOn(vm -> vm.name().equals("proxy-01")).singleElement()   // acme's DMZ
                .satisfies(vm -> assertThat(vm.network() + " " + vm.ipAddress()).isEqualTo("DMZ Network 192.168.70.10"));
        assertThat(tenant.listVms("")).hasSize(11) // no vcsim default VMs: only the tenants' and the appliance template
                .anySatisfy(vm -> assertThat(vm.folderPath() + "/" + vm.name()).isEqualTo(LabPlan.APPLIANCE_TEMPLATE));
    }

    @Test
    void an_appliance_is_cloned_from_the_template_with_its_nics_and_guestinfo_and_destroyed_without_a_trace() {
        Hypervisor provider = connector.connect(providerSite.endpoint());
        String portGroup = PLAN.tenants().get(0).providerPortGroup();
        String vmId = provider.cloneVm(new VmClone(LabPlan.APPLIANCE_TEMPLATE, "lifeboat-appliances/test", "nea-test", List.of(portGroup,
                LabPlan.APPLIANCE_UPLINK_PORT_GROUP), Map.of("guestinfo.lifeboat.role", "provider")), TIMEOUT);
        assertThat(provider.findVmByName("lifeboat-appliances/test", "nea-test")).contains(vmId);
        assertThat(provider.findVm(vmId).powerState()).isEqualTo(VmInfo.PowerState.POWERED_OFF);
        assertThat(provider.nicNetworks(vmId)).containsExactly(portGroup, LabPlan.APPLIANCE_UPLINK_PORT_GROUP);
        String template = provider.findVmByName("lifeboat-templates", "lifeboat-nea").orElseThrow();
        assertThat(provider.macAddress(vmId)).as("a MAC of its own, as vCenter gives a clone")
                .isNotEqualTo(provider.macAddress(template)).isNotEmpty();
        assertThat(provider.extraConfig(vmId)).containsEntry("guestinfo.lifeboat.role", "provider");
        provider.setExtraConfig(vmId, Map.of("guestinfo.lifeboat.gateway", "192.168.60.1"), TIMEOUT);
        assertThat(provider.extraConfig(vmId)).containsEntry("guestinfo.lifeboat.gateway", "192.168.60.1");

        provider.destroyVm(vmId, TIMEOUT);
        provider.destroyVm(vmId, TIMEOUT); // already gone: not an error
        assertThat(provider.findVmByName("lifeboat-appliances/test", "nea-test")).isEmpty();
    }

    @Test
    void cloning_from_a_missing_template_says_so_and_makes_nothing() {
        Hypervisor provider = connector.connect(providerSite.endpoint());
        assertThatThrownBy(() -> provider.cloneVm(new VmClone("lifeboat-templates/missing", "lifeboat-appliances/test", "nea-none",
                List.of(LabPlan.APPLIANCE_UPLINK_PORT_GROUP), Map.of()), TIMEOUT))
                .isInstanceOfSatisfying(HypervisorException.class, e -> assertThat(e.kind()).isEqualTo(HypervisorException.Kind.NOT_FOUND))
                .hasMessageContaining("There is no appliance template 'lifeboat-templates/missing'");
        assertThat(provider.findVmByName("lifeboat-appliances/test", "nea-none")).isEmpty();
    }

    @Test
    void failover_steps_then_undo() {
        VmInfo replica = replicas("acme").get("web-02_replica");
        SnapshotInfo chosen = replica.snapshots().get(1);
        Hypervisor provider = provider();

        provider.revertToSnapshot(replica.id(), chosen.id(), TIMEOUT);
        provider.connectNic(replica.id(), "tenant.acme.vlan3001", TIMEOUT);
        provider.powerOn(replica.id(), TIMEOUT);

        VmInfo running = provider.findVm(replica.id());
        assertThat(running.powerState()).isEqualTo(VmInfo.PowerState.POWERED_ON);
        assertThat(running.network()).isEqualTo("tenant.acme.vlan3001");
        assertThat(running.folderPath()).isEqualTo("tenants/acme");

        provider.powerOff(replica.id(), TIMEOUT);
        provider.powerOff(replica.id(), TIMEOUT); // already off: no error
        provider.revertToSnapshot(replica.id(), chosen.id(), TIMEOUT);
        provider.connectNic(replica.id(), LabPlan.ISOLATED_PORT_GROUP, TIMEOUT);
        VmInfo undone = provider.findVm(replica.id());
        assertThat(undone.powerState()).isEqualTo(VmInfo.PowerState.POWERED_OFF);
        assertThat(undone.network()).isEqualTo(LabPlan.ISOLATED_PORT_GROUP);
    }

    @Test
    void snapshots_can_be_taken_and_removed() {
        VmInfo replica = replicas("globex").get("dc-01_replica");
        Hypervisor provider = provider();
        String id = provider.takeSnapshot(replica.id(), "Failover 1", "taken at failover", TIMEOUT);
        assertThat(provider.findVm(replica.id()).snapshots()).extracting(SnapshotInfo::id).contains(id);
        provider.removeSnapshot(replica.id(), id, TIMEOUT);
        provider.removeSnapshot(replica.id(), id, TIMEOUT); // gone already: no error
        assertThat(provider.findVm(replica.id()).snapshots()).extracting(SnapshotInfo::id).doesNotContain(id)
                .hasSize(3);
    }

    @Test
    void reverting_to_another_vms_snapshot_is_refused() {
        Map<String, VmInfo> acme = replicas("acme");
        String othersSnapshot = acme.get("db-01_replica").snapshots().get(0).id();
        assertThatThrownBy(() -> provider().revertToSnapshot(acme.get("web-01_replica").id(), othersSnapshot, TIMEOUT))
                .isInstanceOfSatisfying(HypervisorException.class, e -> assertThat(e.kind()).isEqualTo(HypervisorException.Kind.NOT_FOUND));
    }

    @Test
    void unknown_vm_is_not_found() {
        assertThatThrownBy(() -> provider().findVm("vm-999999"))
                .isInstanceOfSatisfying(HypervisorException.class, e -> assertThat(e.kind()).isEqualTo(HypervisorException.Kind.NOT_FOUND));
        assertThatThrownBy(() -> provider().powerOn("vm-999999", TIMEOUT))
                .isInstanceOfSatisfying(HypervisorException.class, e -> assertThat(e.kind()).isEqualTo(HypervisorException.Kind.NOT_FOUND));
    }

    @Test
    void unknown_network_is_not_found() {
        VmInfo replica = replicas("acme").get("mail-01_replica");
        assertThatThrownBy(() -> provider().connectNic(replica.id(), "tenant.nobody.vlan1", TIMEOUT))
                .isInstanceOfSatisfying(HypervisorException.class, e -> assertThat(e.kind()).isEqualTo(HypervisorException.Kind.NOT_FOUND));
    }

    @Test
    void networks_include_the_tenants_port_groups() {
        assertThat(provider().listNetworks())
                .contains("tenant.acme.vlan3001", "tenant.acme.vlan3003", "tenant.globex.vlan3002", LabPlan.ISOLATED_PORT_GROUP, "VM Network");
    }

    @Test
    void wrong_password_is_an_authentication_error() {
        SiteEndpoint wrong = new SiteEndpoint(providerSite.endpoint().url(), providerSite.endpoint().username(), "wrong", false);
        assertThatThrownBy(() -> connector.connect(wrong))
                .isInstanceOfSatisfying(HypervisorException.class, e -> assertThat(e.kind()).isEqualTo(HypervisorException.Kind.AUTHENTICATION));
    }

    @Test
    void seeding_again_creates_nothing() {
        LabSeeder.SeedReport again = new LabSeeder(connector).seed(PLAN, tenantSite.endpoint(), providerSite.endpoint());
        assertThat(again.vmsCreated()).isZero();
        assertThat(again.snapshotsCreated()).isZero();
        assertThat(seeded.vmsCreated()).isEqualTo(20);
    }

    @Test
    void replica_disk_round_trips_through_the_datastore_file_interface() throws Exception {
        HypervisorAdmin admin = connector.admin(providerSite.endpoint());
        VmInfo replica = replicas("acme").get("web-01_replica");
        DatastoreFile disk = admin.listVmFiles(replica.id()).stream()
                .filter(f -> f.fileName().endsWith("-flat.vmdk")).findFirst().orElseThrow();
        assertThat(disk.size()).isEqualTo(LabSeeder.REPLICA_DISK_BYTES);

        String expected = sha256(LabSeeder.deterministicData("web-01_replica", LabSeeder.REPLICA_DISK_BYTES));
        try (InputStream in = admin.download(disk.datastorePath(), 0)) {
            assertThat(sha256(in)).isEqualTo(expected);
        }

        String copy = "[" + disk.datastore() + "] " + replica.name() + "/copy-test.bin";
        admin.upload(copy, LabSeeder.deterministicData("web-01_replica", LabSeeder.REPLICA_DISK_BYTES), LabSeeder.REPLICA_DISK_BYTES);
        try (InputStream in = admin.download(copy, 0)) {
            assertThat(sha256(in)).isEqualTo(expected);
        }
        long offset = LabSeeder.REPLICA_DISK_BYTES - 1000;
        try (InputStream tail = admin.download(copy, offset); InputStream all = LabSeeder.deterministicData("web-01_replica", LabSeeder.REPLICA_DISK_BYTES)) {
            all.skipNBytes(offset);
            assertThat(tail.readAllBytes()).isEqualTo(all.readAllBytes());
        }
        assertThatThrownBy(() -> admin.download("[" + disk.datastore() + "] nothing/here.vmdk", 0))
                .isInstanceOfSatisfying(HypervisorException.class, e -> assertThat(e.kind()).isEqualTo(HypervisorException.Kind.NOT_FOUND));
    }

    @Test
    void unreachable_or_stopped_simulator_is_unreachable_and_a_restarted_one_gets_a_new_login() {
        try (SimulatorProcess sim = SimulatorProcess.start()) {
            HypervisorAdmin site = connector.admin(sim.endpoint());
            site.createFolder("tenants/acme");
            String vm = site.createVm(new NewVm("tenants/acme", "web-01_replica", 1, 512, "VM Network", "192.168.60.10", 1), TIMEOUT);

            sim.disconnect(); // network outage: the vCenter keeps running
            assertThatThrownBy(() -> site.findVm(vm))
                    .isInstanceOfSatisfying(HypervisorException.class, e -> assertThat(e.kind()).isEqualTo(HypervisorException.Kind.UNREACHABLE));
            sim.reconnect();
            assertThat(site.findVm(vm).name()).isEqualTo("web-01_replica");

            sim.kill();
            assertThatThrownBy(() -> site.listVms("tenants/acme"))
                    .isInstanceOfSatisfying(HypervisorException.class, e -> {
                        assertThat(e.kind()).isEqualTo(HypervisorException.Kind.UNREACHABLE);
                        assertThat(e.getMessage()).isEqualTo("Cannot reach vSphere at " + sim.endpoint().url()
                                + ": connection refused. Check that the vCenter is running and the URL is right.");
                    });

            try (VsphereConnectors.CloseableConnector fresh = VsphereConnectors.yavijava()) {
                assertThatThrownBy(() -> fresh.connect(sim.endpoint())) // no session yet: the login itself fails
                        .isInstanceOfSatisfying(HypervisorException.class,
                                e -> assertThat(e.kind()).isEqualTo(HypervisorException.Kind.UNREACHABLE));
            }

            sim.restart(); // same port, new server: our session cookie means nothing to it
            assertThat(connector.connect(sim.endpoint()).listNetworks()).contains("VM Network");
            site.createFolder("tenants/acme"); // caches from before the restart are gone too
            assertThat(site.listVms("tenants/acme")).isEmpty();
        }
    }

    private static String sha256(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (DigestInputStream d = new DigestInputStream(in, digest)) {
            d.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
