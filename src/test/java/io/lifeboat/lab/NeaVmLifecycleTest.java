package io.lifeboat.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lifeboat.AsUser;
import io.lifeboat.LabTest;
import io.lifeboat.SecondLane;
import io.lifeboat.failover.FailoverRequest;
import io.lifeboat.failover.Preflight;
import io.lifeboat.failover.PreflightFinding;
import io.lifeboat.gateway.ControlRefusal;
import io.lifeboat.gateway.EnrolmentTokens;
import io.lifeboat.failover.FailoverService;
import io.lifeboat.inventory.InventoryService;
import io.lifeboat.lab.network.LabTestSupport;
import io.lifeboat.network.NetworkExtensionService;
import io.lifeboat.network.TenantNetworkInfo;
import io.lifeboat.network.TenantNetworkService;
import io.lifeboat.replica.ReplicaFilter;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ReplicaState;
import io.lifeboat.appliance.NeaRole;
import io.lifeboat.tasks.TaskFilter;
import io.lifeboat.tasks.TaskInfo;
import io.lifeboat.tasks.TaskService;
import io.lifeboat.tasks.TaskState;
import io.lifeboat.tasks.TaskType;
import io.lifeboat.hypervisor.Hypervisor;
import io.lifeboat.hypervisor.HypervisorConnector;
import io.lifeboat.hypervisor.VmInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.ContextConfiguration;

/**
 * The NEA VMs of a tenant network against the lab's two vSphere simulators: cloned from each site's appliance template
 * with their NICs and guestinfo at the network's first failover, powered off after the last undo, destroyed with the
 * network; a missing template fails the failover with a clear message and leaves neither a half-made VM nor a replica
 * out of Ready. The NEA VMs are the appliances (ADR 0006): each powered-on one is a namespace whose agent enrolled with
 * the id and one-time token its guestinfo holds, and powering it off removes that namespace. A tenant NEA its tenant
 * keeps running stays between failovers. Needs root (the data plane's namespaces); skipped otherwise.
 */
@LabTest
@Tag("netns")
@EnabledIf("io.lifeboat.lab.network.LabNetwork#isRoot")
@ContextConfiguration(initializers = DataPlaneTestContext.class)
@ExtendWith(OutputCaptureExtension.class)
@SecondLane
class NeaVmLifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String FOLDER = "lifeboat-appliances/acme";

    @Autowired AsUser as;
    @Autowired FailoverService failover;
    @Autowired ReplicaOverviewService overview;
    @Autowired TaskService tasks;
    @Autowired LabSites sites;
    @Autowired HypervisorConnector connector;
    @Autowired InventoryService inventory;
    @Autowired TenantNetworkService networks;
    @Autowired NetworkExtensionService extensions;
    @Autowired io.lifeboat.network.KeptTenantNeas keptTenantNeas;
    @Autowired org.quartz.Scheduler scheduler;
    @Autowired EnrolmentTokens enrolmentTokens;
    @Autowired LabDataPlane dataPlane;
    @Autowired org.springframework.jdbc.core.JdbcTemplate jdbc;
    @Autowired io.lifeboat.pki.ApplianceCertificates applianceCertificates;

    /**
     * The data-plane classes share one context: a network another class failed over keeps its NEA VMs (powered off).
     * Removing them, as removing the network would, gives these tests a network whose appliances were never made.
     */
    @BeforeEach
    void networkWithoutApplianceVms() {
        TenantNetworkInfo lan = networks.find(networkIdOf(replica("web-01"))).orElseThrow();
        extensions.removeAppliances(lan.tenantId(), lan);
        assertThat(neaVm(connector.connect(sites.providerSite()), "provider")).isEmpty();
        assertThat(neaVm(connector.connect(sites.tenantSite()), "tenant")).isEmpty();
    }

    @Test
    void the_first_failover_of_a_network_clones_and_starts_both_nea_vms_the_last_undo_stops_them_and_removal_destroys_them(CapturedOutput output) {
        ReplicaRow web = replica("web-01");
        TenantNetworkInfo lan = networks.find(networkIdOf(web)).orElseThrow();
        Hypervisor provider = connector.connect(sites.providerSite());
        Hypervisor tenant = connector.connect(sites.tenantSite());
        String original = stageFailure(tenant, "web-01");
        try {
            TaskInfo task = awaitFinished(as.call("acme-admin", () -> failover.startFailover(request(web))));
            assertThat(task.state()).isEqualTo(TaskState.SUCCEEDED);

            VmInfo providerNea = neaVm(provider, "provider").orElseThrow();
            VmInfo tenantNea = neaVm(tenant, "tenant").orElseThrow();
            assertThat(providerNea.powerState()).isEqualTo(VmInfo.PowerState.POWERED_ON);
            assertThat(tenantNea.powerState()).isEqualTo(VmInfo.PowerState.POWERED_ON);
            assertThat(provider.nicNetworks(providerNea.id())).containsExactly(lan.providerPortGroup(), LabPlan.APPLIANCE_UPLINK_PORT_GROUP);
            // the tenant site names no uplink: its NEA has the LAN only and dials out through the tenant's router
            assertThat(tenant.nicNetworks(tenantNea.id())).containsExactly(LabPlan.TENANT_LAN_PORT_GROUP);

            Map<String, String> providerInfo = provider.extraConfig(providerNea.id());
            Map<String, String> tenantInfo = tenant.extraConfig(tenantNea.id());
            assertThat(providerInfo).containsEntry("guestinfo.lifeboat.role", "provider").containsEntry("guestinfo.lifeboat.network", "acme/LAN")
                    .containsEntry("guestinfo.lifeboat.gateway", "192.168.60.1").containsEntry("guestinfo.lifeboat.subnet", "192.168.60.0/24");
            assertThat(tenantInfo).containsEntry("guestinfo.lifeboat.role", "tenant").containsEntry("guestinfo.lifeboat.network", "acme/LAN")
                    .containsEntry("guestinfo.lifeboat.gateways", "198.51.100.1:7443,198.51.100.2:7443")
                    .containsEntry("guestinfo.lifeboat.lan-address", "192.168.60.254/24");
            // the CA the appliance is to trust for the gateways: the portal's stored one, as the image's boot step reads it
            assertThat(new String(java.util.Base64.getDecoder().decode(tenantInfo.get("guestinfo.lifeboat.gateway-ca"))))
                    .isEqualTo(applianceCertificates.gatewayCaPem());
            String providerToken = providerInfo.get("guestinfo.lifeboat.enrolment-token");
            String tenantToken = tenantInfo.get("guestinfo.lifeboat.enrolment-token");
            assertThat(providerToken).hasSizeGreaterThanOrEqualTo(43); // 256 random bits, base64url
            assertThat(tenantToken).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo(providerToken);
            assertThat(output.getAll()).contains("provider NEA of acme LAN cloned").doesNotContain(providerToken).doesNotContain(tenantToken);

            // The VMs are the appliances: each agent runs with its VM's guestinfo and spent its token enrolling.
            String tenantAppliance = "acme/n" + lan.id() + "/t";
            assertThat(tenantInfo).containsEntry("guestinfo.lifeboat.appliance-id", tenantAppliance);
            assertThat(providerInfo).containsEntry("guestinfo.lifeboat.appliance-id", "acme/n" + lan.id() + "/p");
            assertThat(agentCommandLine("nea-t")).contains("--appliance-id " + tenantAppliance, "--enrolment-token " + tenantToken,
                    "--gateways 198.51.100.1:7443,198.51.100.2:7443");
            assertThat(agentCommandLine("nea-p")).contains("--appliance-id acme/n" + lan.id() + "/p", "--enrolment-token " + providerToken);
            assertThatThrownBy(() -> enrolmentTokens.redeem(tenantToken, tenantAppliance, "a-copy-of-the-vm-with-another-key"))
                    .isInstanceOf(ControlRefusal.class).hasMessageContaining("already used");
            // Each agent dialled from behind its VM's NIC, which the portal read before powering the VM on; from behind
            // another NIC (a copied VM) it would have been refused.
            String tenantNic = tenant.macAddress(tenantNea.id()).orElseThrow();
            assertThat(vmNicOf(tenantAppliance)).containsExactly(tenantNic);
            assertThat(vmNicOf("acme/n" + lan.id() + "/p")).containsExactly(provider.macAddress(providerNea.id()).orElseThrow());
            assertThat(LabTestSupport.exec(DataPlaneTestContext.namespace("acme", "nea-t"), "ip", "-br", "link", "show", "lan0"))
                    .contains(tenantNic);
            LabTestSupport.awaitNamespace(DataPlaneTestContext.namespace("acme", "web-01-r"), true);
            assertThat(LabTestSupport.pingTtl(DataPlaneTestContext.namespace("acme", "client"), "192.168.60.10", 5)).contains(62);
            tunnelShownWhileTheProviderVcenterHangs();

            String halted = "Lab appliance ApplianceGuest[" + tenantAppliance + " vm " + tenantNea.id();
            int haltedBefore = occurrences(output.getAll(), halted);
            TaskInfo undo = awaitFinished(as.call("acme-admin", () -> failover.undoFailover(web.id())));
            assertThat(undo.state()).isEqualTo(TaskState.SUCCEEDED);
            assertThat(provider.findVm(providerNea.id()).powerState()).isEqualTo(VmInfo.PowerState.POWERED_OFF);
            assertThat(tenant.findVm(tenantNea.id()).powerState()).isEqualTo(VmInfo.PowerState.POWERED_OFF);
            LabTestSupport.awaitNamespace(DataPlaneTestContext.namespace("acme", "nea-t"), false);
            LabTestSupport.awaitNamespace(DataPlaneTestContext.namespace("acme", "nea-p"), false);

            // The VM is the appliance: powered on by hand it boots its agent (with the certificate it enrolled for), off it goes.
            await().atMost(WAIT).until(() -> occurrences(output.getAll(), halted) > haltedBefore);
            tenant.powerOn(tenantNea.id(), WAIT);
            assertThat(agentCommandLine("nea-t")).contains("--appliance-id " + tenantAppliance);
            tenant.powerOff(tenantNea.id(), WAIT);
            LabTestSupport.awaitNamespace(DataPlaneTestContext.namespace("acme", "nea-t"), false);

            extensions.removeAppliances(lan.tenantId(), lan); // what removing the network calls once the removal committed
            assertThat(neaVm(provider, "provider")).isEmpty();
            assertThat(neaVm(tenant, "tenant")).isEmpty();
            assertThat(vmNicOf(tenantAppliance)).as("forgotten with its VM").isEmpty();
        } finally {
            tenant.powerOn(original, WAIT);
        }
    }

    @Test
    void a_missing_template_fails_the_failover_clearly_and_leaves_no_half_made_nea_vm() {
        ReplicaRow app = replica("app-01");
        Hypervisor provider = connector.connect(sites.providerSite());
        Hypervisor tenant = connector.connect(sites.tenantSite());
        String original = stageFailure(tenant, "app-01");
        // The provider NEA can be made; the tenant site's template is gone: the provider NEA must be rolled back too.
        inventory.configureAppliances(LabBootstrap.TENANT_SITE, "lifeboat-templates/missing", null, false);
        try {
            long taskId = as.call("acme-admin", () -> failover.startFailover(request(app)));
            assertThat(awaitFinished(taskId).state()).isEqualTo(TaskState.FAILED);
            assertThat(as.call("acme-admin", () -> tasks.logOf(taskId))).anySatisfy(line -> assertThat(line.message())
                    .contains("the tenant NEA of LAN could not be started")
                    .contains("There is no appliance template 'lifeboat-templates/missing'"));
            assertThat(replica("app-01").state()).isEqualTo(ReplicaState.READY);
            assertThat(neaVm(provider, "provider")).isEmpty();
            assertThat(neaVm(tenant, "tenant")).isEmpty();
        } finally {
            inventory.configureAppliances(LabBootstrap.TENANT_SITE, LabPlan.APPLIANCE_TEMPLATE, null, false);
            tenant.powerOn(original, WAIT);
        }
    }

    /**
     * A tenant that keeps its tenant NEA running (ADR 0012): it starts at once and rests on the LAN, a failover then boots
     * only the provider NEA, the last undo stops the provider NEA alone, and letting the setting go stops the tenant NEA.
     * Another tenant can neither set it nor see it.
     */
    @Test
    void a_tenant_nea_kept_running_stays_between_failovers_and_a_failover_boots_only_the_provider_nea() throws org.quartz.SchedulerException {
        ReplicaRow web = replica("web-01");
        long lanId = networkIdOf(web);
        Hypervisor provider = connector.connect(sites.providerSite());
        Hypervisor tenant = connector.connect(sites.tenantSite());
        assertThatThrownBy(() -> as.call("globex-admin", () -> overview.keepTenantNeaRunning(lanId, true)))
                .as("globex cannot set acme's network").isInstanceOf(io.lifeboat.network.UnknownNetworkException.class);
        assertThat(networks.find(lanId).orElseThrow().tenantNeaKeptRunning()).isFalse();
        assertThat(neaVm(tenant, "tenant")).as("globex's call started nothing").isEmpty();

        String original = stageFailure(tenant, "web-01");
        try {
            TaskInfo kept = awaitFinished(as.call("acme-admin", () -> overview.keepTenantNeaRunning(lanId, true)));
            assertThat(kept.state()).isEqualTo(TaskState.SUCCEEDED);
            assertThat(kept.summary()).contains("running on your LAN (VM on, agent connected)");
            assertThat(neaVm(tenant, "tenant").orElseThrow().powerState()).isEqualTo(VmInfo.PowerState.POWERED_ON);
            assertThat(neaVm(provider, "provider")).as("nothing at the provider yet").isEmpty();
            assertThat(lanOf("acme-admin").appliances().vms()).as("the tenant sees its NEA VM running").isEqualTo(1);
            assertThat(lanOf("acme-admin").tenantNeaKeptRunning()).isTrue();
            assertThat(as.call("globex-admin", overview::tunnels)).noneMatch(t -> t.networkId() == lanId);
            String tenantAgent = agentCommandLine("nea-t");
            List<Long> tenantAgentPids = LabTestSupport.pids(DataPlaneTestContext.namespace("acme", "nea-t"));
            // as if its VM had been powered on before the portal recorded NICs (an upgrade): the failover records it
            String tenantAppliance = "acme/n" + lanId + "/t";
            jdbc.update("delete from appliance_vm_nic where appliance_id = ?", tenantAppliance);

            TaskInfo task = awaitFinished(as.call("acme-admin", () -> failover.startFailover(request(web))));
            assertThat(task.state()).isEqualTo(TaskState.SUCCEEDED);
            assertThat(vmNicOf(tenantAppliance)).containsExactly(tenant.macAddress(neaVm(tenant, "tenant").orElseThrow().id()).orElseThrow());
            assertThat(LabTestSupport.pingTtl(DataPlaneTestContext.namespace("acme", "client"), "192.168.60.10", 5)).contains(62);
            assertThat(LabTestSupport.pids(DataPlaneTestContext.namespace("acme", "nea-t"))).as("the failover booted the provider NEA only")
                    .containsAll(tenantAgentPids);
            assertThat(agentCommandLine("nea-t")).isEqualTo(tenantAgent);

            assertThat(awaitFinished(as.call("acme-admin", () -> failover.undoFailover(web.id()))).state()).isEqualTo(TaskState.SUCCEEDED);
            assertThat(neaVm(provider, "provider").orElseThrow().powerState()).isEqualTo(VmInfo.PowerState.POWERED_OFF);
            LabTestSupport.awaitNamespace(DataPlaneTestContext.namespace("acme", "nea-p"), false);
            assertThat(neaVm(tenant, "tenant").orElseThrow().powerState()).as("kept running").isEqualTo(VmInfo.PowerState.POWERED_ON);
            assertThat(lanOf("acme-admin").status()).as("not extended").isNull();
            assertThat(LabTestSupport.pingTtl(DataPlaneTestContext.namespace("acme", "client"), "192.168.60.254", 3))
                    .as("the tenant NEA still answers on its LAN").contains(64);

            // its site restarted and left the VM off: the next check (run now, not in a minute) powers it on again
            tenant.powerOff(neaVm(tenant, "tenant").orElseThrow().id(), WAIT);
            LabTestSupport.awaitNamespace(DataPlaneTestContext.namespace("acme", "nea-t"), false);
            scheduler.triggerJob(org.quartz.JobKey.jobKey("kept-tenant-nea", "network"));
            await().atMost(WAIT).until(() -> neaVm(tenant, "tenant").orElseThrow().powerState() == VmInfo.PowerState.POWERED_ON);
            assertThat(agentCommandLine("nea-t")).contains("--appliance-id acme/n" + lanId + "/t");
            assertThat(keptTenantNeas.powerOnThoseOff()).as("nothing left to power on").isZero();
            TaskInfo startedAgain = as.call("acme-admin", () -> tasks.list(new TaskFilter(null, TaskType.ADMINISTRATION, null, "Start the kept tenant NEA"), 0, 10))
                    .stream().findFirst().orElseThrow();
            assertThat(startedAgain.summary()).contains("found powered off").contains("powered on again");
            assertThat(as.call("globex-admin", () -> tasks.list(new TaskFilter(null, TaskType.ADMINISTRATION, null, "Start the kept tenant NEA"), 0, 10)))
                    .as("globex does not see acme's task").isEmpty();

            // a connected one is left alone, even where a node found it silent an hour ago (5 s silent-after in tests)
            awaitAgentConnected(lanId);
            jdbc.update("delete from appliance_silence");   // the check above counted from the power-on it made
            jdbc.update("insert into appliance_silence (appliance_id, since) values (?, ?)", "acme/n" + lanId + "/t",
                    java.sql.Timestamp.from(java.time.Instant.now().minus(Duration.ofHours(1))));
            assertThat(keptTenantNeas.powerCycleThoseSilent()).as("connected: not silent").isZero();
            assertThat(jdbc.queryForObject("select count(*) from appliance_silence", Integer.class)).as("that silence is over").isZero();

            // its guest hangs with the VM on: once silent for 5 s, the check power-cycles it and tells acme why
            String vmBeforeHang = neaVm(tenant, "tenant").orElseThrow().id();
            assertThat(lanOf("acme-admin").tenantNeaConnected()).isTrue();
            dataPlane.hangAppliance("acme", NeaRole.TENANT);
            await().atMost(WAIT).until(() -> !lanOf("acme-admin").tenantNeaConnected());   // what the tenant's line and the API say
            await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> keptTenantNeas.powerCycleThoseSilent() == 1);
            awaitAgentConnected(lanId);
            assertThat(neaVm(tenant, "tenant").orElseThrow().id()).as("the same VM, powered off and on").isEqualTo(vmBeforeHang);
            TaskInfo restart = as.call("acme-admin", () -> tasks.list(new TaskFilter(null, TaskType.ADMINISTRATION, null, "silent"), 0, 10))
                    .stream().findFirst().orElseThrow();
            assertThat(restart.state()).isEqualTo(TaskState.SUCCEEDED);
            assertThat(restart.summary()).contains("its agent had not been connected to the portal for").contains("powered off and on");
            assertThat(as.call("globex-admin", () -> tasks.list(new TaskFilter(null, TaskType.ADMINISTRATION, null, "silent"), 0, 10)))
                    .as("globex does not see acme's task").isEmpty();
            assertThat(keptTenantNeas.powerCycleThoseSilent()).as("back: nothing silent").isZero();
            assertThat(lanOf("acme-admin").tenantNeaConnected()).isTrue();

            TaskInfo letGo = awaitFinished(as.call("acme-admin", () -> overview.keepTenantNeaRunning(lanId, false)));
            assertThat(letGo.state()).isEqualTo(TaskState.SUCCEEDED);
            assertThat(letGo.summary()).contains("stopped and its VM powered off");
            assertThat(neaVm(tenant, "tenant").orElseThrow().powerState()).isEqualTo(VmInfo.PowerState.POWERED_OFF);
            LabTestSupport.awaitNamespace(DataPlaneTestContext.namespace("acme", "nea-t"), false);
        } finally {
            networks.keepTenantNeaRunning(web.tenantId(), lanId, false);
            if (replica("web-01").state() == ReplicaState.FAILED_OVER) {
                awaitFinished(as.call("acme-admin", () -> failover.undoFailover(web.id())));
            }
            neaVm(tenant, "tenant").ifPresent(vm -> tenant.powerOff(vm.id(), WAIT));
            tenant.powerOn(original, WAIT);
        }
    }

    /**
     * The provider's vCenter hangs (its simulator stopped): the tunnel's line comes from the appliances at once and its NEA
     * VMs are unknown, after the listing's wait (5 s), not vCenter's read timeout (120 s); once it answers they are back.
     * Meanwhile a failover's pre-flight says the provider does not answer, as the page's read found.
     */
    private void tunnelShownWhileTheProviderVcenterHangs() {
        FailoverRequest another = request(replica("app-01"));
        sites.providerSimulator().freeze();
        try {
            long asked = System.nanoTime();
            io.lifeboat.network.TunnelInfo lan = lanOf("acme-admin");
            assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("not held for vCenter's read timeout").isLessThan(Duration.ofSeconds(60));
            assertThat(lan.up()).as("the appliances still say so").isTrue();
            assertThat(lan.failedOverIps()).containsExactly("192.168.60.10");
            assertThat(lan.appliances()).as("unknown, not 'none running'").isNull();

            Preflight preflight = as.call("acme-admin", () -> failover.preflight(another));
            assertThat(preflight.findings()).filteredOn(f -> f.severity() == PreflightFinding.Severity.BLOCKER).extracting(PreflightFinding::message)
                    .anyMatch(m -> m.startsWith("Your provider's vCenter has not answered since "));
        } finally {
            sites.providerSimulator().thaw();
        }
        await().atMost(WAIT).until(() -> lanOf("acme-admin").appliances() != null);
        assertThat(lanOf("acme-admin").appliances().vms()).isEqualTo(2);
    }

    private io.lifeboat.network.TunnelInfo lanOf(String user) {
        return as.call(user, overview::tunnels).stream().filter(t -> t.network().startsWith("LAN")).findFirst().orElseThrow();
    }

    private static int occurrences(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    /** The command line of the appliance agent running in the NEA namespace {@code host}. */
    private List<String> vmNicOf(String applianceId) {
        return jdbc.queryForList("select lan_mac from appliance_vm_nic where appliance_id = ?", String.class, applianceId);
    }

    private static String agentCommandLine(String host) {
        String ns = DataPlaneTestContext.namespace("acme", host);
        LabTestSupport.awaitNamespace(ns, true);
        return await().atMost(WAIT).until(() -> LabTestSupport.pids(ns).stream()
                .map(LabTestSupport::commandLine)
                .filter(line -> line.contains("--appliance-id")).findFirst(), java.util.Optional::isPresent).orElseThrow();
    }

    /** The kept tenant NEA's agent has its control stream open. */
    private void awaitAgentConnected(long lanId) {
        await().atMost(WAIT).until(() -> dataPlane.connectedApplianceIds().contains("acme/n" + lanId + "/t"));
    }

    private java.util.Optional<VmInfo> neaVm(Hypervisor site, String role) {
        return site.findVmByName(FOLDER, "nea-lan-" + networkIdOf(replica("web-01")) + "-" + role).map(site::findVm);
    }

    private long networkIdOf(ReplicaRow replica) {
        return networks.networksOf(replica.tenantId()).stream().filter(n -> n.name().equals("LAN")).findFirst().orElseThrow().id();
    }

    /** Powers the original off at the tenant site (the failure a failover answers) and waits for its host to leave the LAN. */
    private String stageFailure(Hypervisor tenant, String vm) {
        String id = tenant.listVms("production/acme").stream().filter(v -> v.name().equals(vm)).findFirst().orElseThrow().id();
        tenant.powerOff(id, WAIT);
        LabTestSupport.awaitNamespace(DataPlaneTestContext.namespace("acme", vm), false);
        return id;
    }

    private FailoverRequest request(ReplicaRow replica) {
        long point = as.call("acme-admin", () -> overview.restorePoints(replica.id())).get(0).id();
        return new FailoverRequest(List.of(new FailoverRequest.VmChoice(replica.id(), point)), true);
    }

    private ReplicaRow replica(String name) {
        return as.call("acme-admin", () -> overview.list(new ReplicaFilter(name, null), List.of(), 0, 10)).get(0);
    }

    private TaskInfo awaitFinished(long taskId) {
        return await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> as.call("acme-admin", () -> tasks.find(taskId)).orElseThrow(), t -> t.state().isFinished());
    }
}
