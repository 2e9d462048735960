package io.lifeboat.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.lifeboat.AsUser;
import io.lifeboat.LabTest;
import io.lifeboat.SecondLane;
import io.lifeboat.browser.Chromium;
import io.lifeboat.browser.PageChecks;
import io.lifeboat.browser.PortalPage;
import io.lifeboat.network.TunnelHistoryService;
import io.lifeboat.network.TunnelReading;
import io.lifeboat.failover.FailoverRequest;
import io.lifeboat.failover.FailoverService;
import io.lifeboat.failover.Preflight;
import io.lifeboat.failover.PreflightFinding;
import io.lifeboat.lab.network.LabNetwork;
import io.lifeboat.lab.network.LabTestSupport;
import io.lifeboat.replica.ReplicaFilter;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.tasks.TaskFilter;
import io.lifeboat.tasks.TaskService;
import io.lifeboat.tasks.TaskState;
import io.lifeboat.tasks.TaskType;
import io.lifeboat.tasks.TaskInfo;
import io.lifeboat.hypervisor.Hypervisor;
import io.lifeboat.hypervisor.HypervisorConnector;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

/**
 * The portal drives the real data plane: a failover through the service extends the tenant network (NEA pair, OpenVPN
 * through the Cloud Gateway, proxy-ARP), the tenant's client pings the replica with TTL 62 and a local VM with TTL 64,
 * the replica reaches the internet through the tenant gateway with TTL 61, and undo of the last VM tears the NEAs down.
 * Needs root (namespaces); skipped otherwise.
 */
@LabTest
@Tag("netns")
@EnabledIf("io.lifeboat.lab.network.LabNetwork#isRoot")
@ContextConfiguration(initializers = DataPlaneTestContext.class)
// The last of the data-plane classes in the suite's (alphabetical) order: closes the context they share, whose
// namespaces and appliances would otherwise keep running through the rest of the suite.
@DirtiesContext
@SecondLane
class NetworkExtensionFailoverTest {

    @RegisterExtension
    static Chromium chromium = new Chromium();

    @LocalServerPort int port;
    @Autowired AsUser as;
    @Autowired FailoverService failover;
    @Autowired ReplicaOverviewService overview;
    @Autowired TaskService tasks;
    @Autowired LabSites sites;
    @Autowired LabDataPlane dataPlane;
    @Autowired TunnelHistoryService tunnelHistory;
    @Autowired HypervisorConnector connector;
    @Autowired io.lifeboat.api.ApiTokens apiTokens;

    @Test
    void a_failed_over_replica_answers_the_tenant_lan_with_ttl_62_and_undo_of_the_last_vm_tears_the_extension_down() {
        assertThat(dataPlane.unavailableReason()).isNull();
        String client = ns("client");
        ReplicaRow web = replica("web-01");
        ReplicaRow mail = replica("mail-01");
        ReplicaRow proxy = replica("proxy-01");   // on acme's second network, the DMZ

        // A running original answers its own IP: the pre-flight ARP probe through each network's tenant NEA sees it,
        // for every VM of the request (two on the LAN probed in one window, one on the DMZ), each with its own MAC.
        Preflight conflict = as.call("acme-admin", () -> failover.preflight(request(List.of(web, mail, proxy), false)));
        List<PreflightFinding> claimed = conflict.findings().stream().filter(f -> f.message().contains("still answers for")).toList();
        assertThat(claimed).extracting(PreflightFinding::vm, f -> f.message().replaceAll(".*still answers for (\\S+) \\(MAC.*", "$1"))
                .containsExactlyInAnyOrder(tuple("web-01", "192.168.60.10"), tuple("mail-01", "192.168.60.14"), tuple("proxy-01", "192.168.70.10"));
        assertThat(claimed).extracting(f -> f.message().replaceAll(".*\\(MAC (\\S+)\\).*", "$1"))
                .allSatisfy(mac -> assertThat(mac).matches("\\p{XDigit}{2}(:\\p{XDigit}{2}){5}")).doesNotHaveDuplicates();
        assertThat(conflict.findings()).noneSatisfy(f -> assertThat(f.message()).contains("Could not probe"));

        // Stage the failure: the original web-01 goes down at the tenant site, and so does its host on the LAN.
        Hypervisor tenantSite = connector.connect(sites.tenantSimulator().endpoint());
        String original = tenantSite.listVms("production/acme").stream().filter(vm -> vm.name().equals("web-01")).findFirst().orElseThrow().id();
        String proxyOriginal = tenantSite.listVms("production/acme").stream().filter(vm -> vm.name().equals("proxy-01")).findFirst().orElseThrow().id();
        tenantSite.powerOff(original, Duration.ofSeconds(30));
        tenantSite.powerOff(proxyOriginal, Duration.ofSeconds(30));
        LabTestSupport.awaitNamespace(ns("web-01"), false);
        LabTestSupport.awaitNamespace(dmz("proxy-01"), false);
        assertThat(LabTestSupport.pingTtl(client, "192.168.60.10", 1)).isEmpty();
        try {
            long taskId = as.call("acme-admin", () -> failover.startFailover(request(List.of(web, proxy), true)));
            TaskInfo task = awaitFinished(taskId);
            assertThat(task.state()).isEqualTo(TaskState.SUCCEEDED);
            assertThat(as.call("acme-admin", () -> tasks.logOf(taskId))).anySatisfy(line -> assertThat(line.message()).contains("time-to-reachable"));
            LabTestSupport.awaitNamespace(ns("web-01-r"), true);

            assertThat(LabTestSupport.pingTtl(client, "192.168.60.10", 5)).contains(62);
            assertThat(LabTestSupport.pingTtl(client, "192.168.60.11", 3)).contains(64); // web-02 still runs at the tenant site
            assertThat(LabTestSupport.pingTtl(ns("web-01-r"), LabNetwork.internetHostIp(), 5)).contains(61);
            // one VM on each of acme's networks extends both, each with an NEA pair and tunnel of its own
            LabTestSupport.awaitNamespace(dmz("proxy-01-r"), true);
            assertThat(LabTestSupport.pingTtl(dmz("client"), "192.168.70.10", 5)).contains(62);
            assertThat(LabTestSupport.pingTtl(dmz("proxy-01-r"), "192.168.60.10", 2)).as("the DMZ's replica has no way into the LAN").isEmpty();
            assertThat(LabTestSupport.namespaces()).contains(dmz("nea-t"), dmz("nea-p"), ns("nea-t"), ns("nea-p"));
            assertThat(vpnTunnelTasks(TaskState.ACTIVE)).hasSize(2);
            long undoProxy = as.call("acme-admin", () -> failover.undoFailover(proxy.id()));
            assertThat(awaitFinished(undoProxy).state()).isEqualTo(TaskState.SUCCEEDED);
            LabTestSupport.awaitNamespace(dmz("nea-t"), false);
            assertThat(LabTestSupport.pingTtl(client, "192.168.60.10", 3)).as("the LAN stays extended").contains(62);
            assertThat(vpnTunnelTasks(TaskState.ACTIVE)).hasSize(1);
            assertThat(as.call("acme-admin", overview::tunnels)).anySatisfy(t -> assertThat(t.up()).isTrue());

            // The tunnel over time: the sampler reads the real tenant NEA (RTT across the tunnel, byte counters), and
            // the tenant's network page draws what it kept.
            LabTestSupport.pingTtl(client, "192.168.60.10", 3);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                tunnelHistory.sampleAll();
                List<TunnelReading> lastHour = as.call("acme-admin", () -> overview.tunnelHistory(Duration.ofHours(1)));
                assertThat(lastHour).anySatisfy(r -> assertThat(r.rttMs()).isNotNull().isPositive());
                assertThat(lastHour).anySatisfy(r -> assertThat(r.bytesInPerSecond()).isNotNull());
            });
            LabTestSupport.pingTtl(client, "192.168.60.10", 3);
            tunnelHistory.sampleAll();
            assertThat(as.call("acme-admin", () -> overview.tunnelHistory(Duration.ofHours(1))))
                    .anySatisfy(r -> {
                        assertThat(r.bytesInPerSecond()).isNotNull();
                        assertThat(r.bytesOutPerSecond()).isNotNull();
                        assertThat(r.bytesInPerSecond() + r.bytesOutPerSecond()).isPositive();
                    });
            PortalPage tenantPage = new PortalPage(chromium.newPage("http://localhost:" + port)).logIn("acme-admin", "acme");
            com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(tenantPage.page().locator("#chart-tunnel-rtt")).isVisible();
            assertThat(PageChecks.chartMarks(tenantPage.page(), "chart-tunnel-rtt")).isPositive();
            assertThat(PageChecks.chartMarks(tenantPage.page(), "chart-tunnel-traffic")).isPositive();
            tenantPage.screenshot("tunnel-charts-real-data-plane");

            long undo = as.call("acme-admin", () -> failover.undoFailover(web.id()));
            assertThat(awaitFinished(undo).state()).isEqualTo(TaskState.SUCCEEDED);
            LabTestSupport.awaitNamespace(ns("web-01-r"), false);

            assertThat(LabTestSupport.pingTtl(client, "192.168.60.10", 2)).isEmpty();
            assertThat(vpnTunnelTasks(TaskState.ACTIVE)).isEmpty();
            assertThat(vpnTunnelTasks(TaskState.SUCCEEDED)).isNotEmpty();
            assertThat(LabTestSupport.namespaces()).doesNotContain(ns("nea-t"), ns("nea-p"),
                    ns("web-01-r"));
        } finally {
            undoIfStillFailedOver("web-01", "proxy-01");   // a failure above must not leave the next test a running tunnel
            tenantSite.powerOn(original, Duration.ofSeconds(30));
            tenantSite.powerOn(proxyOriginal, Duration.ofSeconds(30));
        }
    }

    /**
     * A failover driven only through the REST API reaches the real data plane: the tenant client pings the replica with
     * TTL 62, the networks endpoint shows the tunnel up, and webhooks announce tunnel.up and, after the undo,
     * tunnel.down to a receiver on loopback.
     */
    @Test
    void a_failover_driven_only_through_the_api_answers_with_ttl_62_and_webhooks_announce_the_tunnel() throws Exception {
        String client = ns("client");
        io.lifeboat.api.ApiClient api = new io.lifeboat.api.ApiClient("http://localhost:" + port, apiTokens.operate("acme-admin"));
        long db = api.replicaId("db-01");
        com.fasterxml.jackson.databind.JsonNode replica = api.get("/api/v1/replicas/" + db).json();
        String ip = replica.path("ip").asText();
        Hypervisor tenantSite = connector.connect(sites.tenantSimulator().endpoint());
        String original = tenantSite.listVms("production/acme").stream().filter(vm -> vm.name().equals("db-01")).findFirst().orElseThrow().id();
        try (io.lifeboat.webhooks.WebhookReceiver receiver = new io.lifeboat.webhooks.WebhookReceiver(() -> 204)) {
            long hook = api.post("/api/v1/webhooks", java.util.Map.of("url", receiver.url(), "events", List.of("tunnel.up", "tunnel.down")))
                    .json().path("endpoint").path("id").asLong();
            tenantSite.powerOff(original, Duration.ofSeconds(30));
            LabTestSupport.awaitNamespace(ns("db-01"), false);
            try {
                long restorePoint = replica.path("restorePoints").get(0).path("id").asLong();
                long task = api.post("/api/v1/failovers", io.lifeboat.api.ApiClient.failoverBody(db, restorePoint, true)).json().path("id").asLong();
                assertThat(api.awaitTask(task).path("state").asText()).isEqualTo("SUCCEEDED");
                LabTestSupport.awaitNamespace(ns("db-01-r"), true);
                assertThat(LabTestSupport.pingTtl(client, ip, 5)).contains(62);
                assertThat(api.get("/api/v1/networks").json().path("networks").findValues("up")).anySatisfy(up -> assertThat(up.asBoolean()).isTrue());

                long undo = api.post("/api/v1/replicas/" + db + "/undo-failover", null).json().path("id").asLong();
                assertThat(api.awaitTask(undo).path("state").asText()).isEqualTo("SUCCEEDED");
                LabTestSupport.awaitNamespace(ns("db-01-r"), false);
                assertThat(LabTestSupport.pingTtl(client, ip, 2)).isEmpty();
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(receiver.received())
                        .extracting(io.lifeboat.webhooks.WebhookReceiver.Received::event).containsExactly("tunnel.up", "tunnel.down"));
            } finally {
                tenantSite.powerOn(original, Duration.ofSeconds(30));
                api.delete("/api/v1/webhooks/" + hook);
            }
        }
    }

    /** Issue 3's end-to-end: wizard → failover → ping from the lab's tenant client answers with TTL 62 → undo → no answer. */
    @Test
    void through_the_portal_a_wizard_failover_makes_the_replica_answer_the_tenant_client_until_undo() {
        assertThat(dataPlane.unavailableReason()).isNull();
        String client = ns("client");
        Hypervisor tenantSite = connector.connect(sites.tenantSimulator().endpoint());
        String original = tenantSite.listVms("production/acme").stream().filter(vm -> vm.name().equals("app-01")).findFirst().orElseThrow().id();
        tenantSite.powerOff(original, Duration.ofSeconds(30));
        LabTestSupport.awaitNamespace(ns("app-01"), false);
        try {
            PortalPage acme = new PortalPage(chromium.newPage("http://localhost:" + port)).logIn("acme-admin", "acme");
            acme.openWizard();
            acme.pick("app-01");
            acme.next();
            acme.next();
            // the first pre-flight of a network waits for its tenant NEA, which the wizard began to boot as it opened:
            // the summary shows at once, with the checks' progress and Finish held back, instead of a frozen page
            com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(acme.page().locator("#preflight-running")).isVisible();
            com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(acme.page().locator("#wizard-finish")).isDisabled();
            // seconds, more on a busy machine
            com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(acme.page().locator("#preflight-findings"))
                    .containsText("All pre-flight checks passed", new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(60_000));
            acme.page().locator("#wizard-finish").click();
            com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(acme.page().locator("#progress-app-01 [data-state]"))
                    .hasAttribute("data-state", "FAILED_OVER", new com.microsoft.playwright.assertions.LocatorAssertions.HasAttributeOptions().setTimeout(60_000));
            acme.page().locator("#wizard-close").click();
            com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(acme.page().locator("#tunnel-summary [data-tunnel='UP']")).hasCount(1);
            acme.screenshot("10-tunnel-up");
            LabTestSupport.awaitNamespace(ns("app-01-r"), true);
            assertThat(LabTestSupport.pingTtl(client, "192.168.60.13", 5)).contains(62);

            acme.page().locator("#options-app-01").click();
            acme.page().locator("#undo-failover").click();
            acme.button("Undo failover and discard changes").click();
            com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(acme.page().locator("#replica-state"))
                    .hasAttribute("data-state", "READY", new com.microsoft.playwright.assertions.LocatorAssertions.HasAttributeOptions().setTimeout(60_000));
            LabTestSupport.awaitNamespace(ns("app-01-r"), false);
            assertThat(LabTestSupport.pingTtl(client, "192.168.60.13", 2)).isEmpty();
            an_operator_keeps_the_tenant_nea_running_from_the_tunnel_summary_and_lets_it_go(acme);
        } finally {
            tenantSite.powerOn(original, Duration.ofSeconds(30));
        }
    }

    /** With the LAN idle again: ticked, its tenant NEA starts and stays; unticked, it stops (each an Administration task). */
    private void an_operator_keeps_the_tenant_nea_running_from_the_tunnel_summary_and_lets_it_go(PortalPage acme) {
        acme.page().navigate("http://localhost:" + port + "/replicas");
        com.microsoft.playwright.Locator keep = acme.page().locator("#tunnel-summary > div")
                .filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("LAN (192.168.60.0/24")).locator("vaadin-checkbox input");
        com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(keep).not().isChecked();
        keep.click();
        com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(acme.page().locator("vaadin-notification-card").last())
                .containsText("The tenant NEA of LAN (192.168.60.0/24, VLAN 3001) is starting and then stays running");
        try {
            assertThat(finishedAdministrationTask("Keep the tenant NEA of LAN").summary()).contains("running on your LAN (VM on, agent connected)");
            assertThat(lan().tenantNeaKeptRunning()).isTrue();
            com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(acme.page().locator("#tunnel-summary [data-tenant-nea='KEPT']"))
                    .containsText("tenant NEA kept running, so a failover boots only the provider NEA");
            acme.page().locator("#tunnel-summary > div").filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("LAN (192.168.60.0/24"))
                    .locator("vaadin-checkbox input").click();
            assertThat(finishedAdministrationTask("Stop keeping the tenant NEA of LAN").summary()).contains("stopped and its VM powered off");
            LabTestSupport.awaitNamespace(ns("nea-t"), false);
        } finally {
            if (lan().tenantNeaKeptRunning()) {   // the next tests expect the NEAs to go with the last VM
                finishedAdministrationTask(as.call("acme-admin", () -> overview.keepTenantNeaRunning(lan().networkId(), false)));
            }
        }
    }

    private void undoIfStillFailedOver(String... vms) {
        for (String vm : vms) {
            ReplicaRow row = replica(vm);
            if (row.state() == io.lifeboat.replica.ReplicaState.FAILED_OVER) {
                awaitFinished(as.call("acme-admin", () -> failover.undoFailover(row.id())));
            }
        }
    }

    private TaskInfo finishedAdministrationTask(String titleStart) {
        TaskInfo task = await().atMost(Duration.ofSeconds(30)).until(() -> as.call("acme-admin",
                () -> tasks.list(new TaskFilter(null, TaskType.ADMINISTRATION, null, null), 0, 5)).stream()
                .filter(t -> t.title().startsWith(titleStart)).findFirst(), java.util.Optional::isPresent).orElseThrow();
        return finishedAdministrationTask(task.id());
    }

    private TaskInfo finishedAdministrationTask(long taskId) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> as.call("acme-admin", () -> tasks.find(taskId)).orElseThrow(), t -> t.state().isFinished());
    }

    private io.lifeboat.network.TunnelInfo lan() {
        return as.call("acme-admin", overview::tunnels).stream().filter(t -> t.network().startsWith("LAN")).findFirst().orElseThrow();
    }

    private List<TaskInfo> vpnTunnelTasks(TaskState state) {
        return as.call("acme-admin", () -> tasks.list(new TaskFilter(null, TaskType.VPN_TUNNEL, state, null), 0, 10));
    }

    private FailoverRequest request(List<ReplicaRow> replicas, boolean accepted) {
        return new FailoverRequest(replicas.stream().map(replica -> new FailoverRequest.VmChoice(replica.id(),
                as.call("acme-admin", () -> overview.restorePoints(replica.id())).get(0).id())).toList(), accepted);
    }

    private ReplicaRow replica(String name) {
        return as.call("acme-admin", () -> overview.list(new ReplicaFilter(name, null), List.of(), 0, 10)).get(0);
    }

    private TaskInfo awaitFinished(long taskId) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> as.call("acme-admin", () -> tasks.find(taskId)).orElseThrow(), t -> t.state().isFinished());
    }

    private static String ns(String host) {
        return DataPlaneTestContext.namespace("acme", host);
    }

    /** A host of acme's DMZ, a lab site of its own. */
    private static String dmz(String host) {
        return DataPlaneTestContext.namespace("acme-dmz", host);
    }
}
