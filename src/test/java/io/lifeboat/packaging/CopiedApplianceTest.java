package io.lifeboat.packaging;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Page;
import io.lifeboat.AsUser;
import io.lifeboat.SecondLane;
import io.lifeboat.appliance.Backoff;
import io.lifeboat.appliance.ControlProtocol;
import io.lifeboat.appliance.ControlRpc;
import io.lifeboat.appliance.GatewayLink;
import io.lifeboat.appliance.NeaRole;
import io.lifeboat.browser.Chromium;
import io.lifeboat.browser.PortalPage;
import io.lifeboat.gateway.EnrolmentTokens;
import io.lifeboat.gateway.RawControlStream;
import io.lifeboat.network.ApplianceCopyService;
import io.lifeboat.network.ApplianceRuntime;
import io.lifeboat.network.GatewayHostService;
import io.lifeboat.network.TenantNetworkInfo;
import io.lifeboat.network.TenantNetworkRef;
import io.lifeboat.network.TenantNetworkService;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.tenancy.HardwarePlan;
import io.lifeboat.tenancy.NewUser;
import io.lifeboat.tenancy.Role;
import io.lifeboat.tenancy.TenancyService;
import io.lifeboat.tenancy.UserAdministrationService;
import io.lifeboat.pki.ApplianceCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * A copy of an NEA (its VM or disk cloned, so its certificate) dialling the portal's control server next to the NEA:
 * the portal keeps steering the NEA, refuses the copy, and the provider dashboard and the tenant's Replicas page (not
 * another tenant's) say where each dials from. The two ends are {@link GatewayLink}s as the agent runs them, with a
 * stand-in for the agent's work.
 */
@SecondLane
class CopiedApplianceTest {

    private static final String PASSWORD = "rainy harbour lanterns 42";
    private static final Backoff FAST = new Backoff(Duration.ofMillis(50), Duration.ofMillis(300), Duration.ofSeconds(30));

    @RegisterExtension
    static Chromium chromium = new Chromium();

    @TempDir
    Path dir;

    private ConfigurableApplicationContext portal;
    /** A second node on the portal's database, when a test has two. */
    private ConfigurableApplicationContext nodeB;
    /** The tenant NEA of acme's network "lan": {@code acme/n<id>/t}. */
    private String nea;
    private final List<GatewayLink> links = new java.util.ArrayList<>();

    @AfterEach
    void stop() {
        links.forEach(GatewayLink::close);
        if (nodeB != null) {
            nodeB.close();
        }
        if (portal != null) {
            portal.close();
        }
    }

    @Test
    void the_portal_keeps_steering_the_nea_refuses_its_copy_and_the_provider_and_only_its_tenant_are_told() throws Exception {
        int controlPort = InstalledPackages.freePort();
        portal = SteeredPortal.start(dir, "127.0.0.1:" + controlPort, "PT1S");
        SteeredPortal.createProvider(portal);
        AsUser as = portal.getBean(AsUser.class);
        long acme = tenantWithOperator("acme", "acme-op");
        tenantWithOperator("globex", "globex-op");
        TenantNetworkInfo lan = as.call(SteeredPortal.PROVIDER, () -> portal.getBean(TenantNetworkService.class)
                .ensureNetwork(acme, "lan", "192.168.60.0/24", "192.168.60.1", 60, "acme-lan", null));
        nea = TenantNetworkRef.applianceId("acme", lan.id(), NeaRole.TENANT);
        ApplianceRuntime runtime = portal.getBean(ApplianceRuntime.class);
        GatewayLink original = dial(controlPort, portal.getBean(EnrolmentTokens.class).issue(nea, Duration.ofMinutes(5)), dir.resolve("nea"));
        await(() -> runtime.connectedApplianceIds().contains(nea), "the NEA to connect");
        FileSystemUtils.copyRecursively(dir.resolve("nea"), dir.resolve("cloned-vm"));
        dial(controlPort, null, dir.resolve("cloned-vm"));

        ApplianceCopyService copies = portal.getBean(ApplianceCopyService.class);
        ReplicaOverviewService replicas = portal.getBean(ReplicaOverviewService.class);
        await(() -> !as.call(SteeredPortal.PROVIDER, copies::refusedCopies).isEmpty(), "the copy to be recorded at a heartbeat");
        assertThat(as.call(SteeredPortal.PROVIDER, copies::refusedCopies)).singleElement().satisfies(copy -> {
            assertThat(copy.tenant()).isEqualTo("acme");
            assertThat(copy.network()).isEqualTo("lan");
            assertThat(copy.role()).isEqualTo(NeaRole.TENANT);
            assertThat(copy.heldFrom()).isEqualTo("127.0.0.1");
            assertThat(copy.refusedFrom()).isEqualTo("127.0.0.1");
        });
        assertThat(runtime.refusedCopies()).singleElement().satisfies(c -> assertThat(c.applianceId()).isEqualTo(nea));
        assertThat(as.call("acme-op", replicas::neaCopies)).as("the tenant at whose site the copy runs").hasSize(1);
        assertThat(as.call("globex-op", replicas::neaCopies)).as("another tenant sees nothing of it").isEmpty();

        String base = "http://127.0.0.1:" + portal.getEnvironment().getProperty("local.server.port");
        Page provider = new PortalPage(chromium.newPage(base)).logIn(SteeredPortal.PROVIDER, SteeredPortal.PASSWORD).page();
        provider.navigate("/provider");
        assertThat(provider.locator("#appliance-copies")).containsText("A copy of the tenant NEA of acme's network lan (a cloned VM or a"
                + " copy of its disk) dials from 127.0.0.1 and is refused: the NEA connected from 127.0.0.1 carries the network, and"
                + " the copy has stood down. Find the copy at the tenant's site and delete it.");
        Page tenant = new PortalPage(chromium.newPage(base)).logIn("acme-op", PASSWORD).page();
        tenant.navigate("/replicas");
        assertThat(tenant.locator("#nea-copies")).containsText("A copy of your NEA for network lan (a cloned VM or a copy of its disk)"
                + " dials from 127.0.0.1 and is refused: the NEA at 127.0.0.1 carries the network, and the copy has stood down."
                + " Delete the copy at your site; your failed-over VMs are not affected.");

        original.close();   // the NEA's VM is gone: the copy gets in at its next dial, and the notices go
        await(() -> runtime.refusedCopies().isEmpty() && runtime.connectedApplianceIds().contains(nea), "the copy to get in");
        await(() -> as.call(SteeredPortal.PROVIDER, copies::refusedCopies).isEmpty(), "the notice to go after three heartbeats");
        provider.reload();
        assertThat(provider.locator("#appliance-copies")).isEmpty();
        tenant.reload();
        assertThat(tenant.locator("#nea-copies")).isEmpty();
    }

    /**
     * Two nodes on one database, each with its own control port, as two gateways may relay an NEA's copy to the node
     * that does not hold the NEA (ADR 0005): a restarted NEA process whose old stream on node A hangs gets in on node B,
     * and a copy of it dialling node A is refused there as a copy while node B's process answers; so is a copied Cloud
     * Gateway host's. An NEA that lost its stream on node A while wedged, to a copy dialling node B, takes it back when it
     * dials node B again, and the copy is refused. A node that crashed leaves fresh records but answers no question.
     */
    @Test
    void a_node_refuses_a_copy_whose_original_another_node_holds_and_admits_a_restarted_process() throws Exception {
        TwoNodes nodes = startTwoNodes("PT1S");
        int portA = nodes.portA();
        int portB = nodes.portB();
        TenantNetworkInfo lan = nodes.lan();
        AsUser as = portal.getBean(AsUser.class);
        ApplianceRuntime onA = portal.getBean(ApplianceRuntime.class);
        ApplianceRuntime onB = nodeB.getBean(ApplianceRuntime.class);
        String gatewayCa = portal.getBean(ApplianceCertificates.class).gatewayCaPem();

        GatewayLink first = dial(portA, portal.getBean(EnrolmentTokens.class).issue(nea, Duration.ofMinutes(5)), dir.resolve("nea"), r -> { });
        await(() -> onA.connectedApplianceIds().contains(nea), "the NEA to connect to node A");
        first.close();
        List<GatewayLink.Refusal> restartedRefusals = new CopyOnWriteArrayList<>();
        try (RawControlStream old = RawControlStream.silent(portA, gatewayCa, dir.resolve("nea"), nea, "the-old-process")) {
            await(() -> recordedInstance().equals("the-old-process"), "node A to record the old process's stream");
            long dialled = System.nanoTime();
            dial(portB, null, dir.resolve("nea"), restartedRefusals::add);
            await(() -> onB.connectedApplianceIds().contains(nea), "the restarted process to get in on node B");
            System.out.printf("[two nodes] restarted NEA process in on node B %d ms after it dialled; node A let its silent"
                    + " old stream go%n", (System.nanoTime() - dialled) / 1_000_000);
        }
        assertThat(restartedRefusals).as("a restarted process is never told it is a copy").isEmpty();
        assertThat(onA.connectedApplianceIds()).doesNotContain(nea);
        await(() -> !recordedInstance().equals("the-old-process"), "node B to record the process it holds");

        FileSystemUtils.copyRecursively(dir.resolve("nea"), dir.resolve("cloned-vm"));
        List<GatewayLink.Refusal> copyRefusals = new CopyOnWriteArrayList<>();
        long copyDialled = System.nanoTime();
        dial(portA, null, dir.resolve("cloned-vm"), copyRefusals::add);
        await(() -> copyRefusals.stream().anyMatch(GatewayLink.Refusal::copy), "node A to refuse the copy as a copy");
        System.out.printf("[two nodes] copy refused as a copy by node A %d ms after it dialled%n", (System.nanoTime() - copyDialled) / 1_000_000);
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < until) {   // the copy keeps dialling node A: node B keeps the NEA throughout
            assertThat(onA.connectedApplianceIds()).as("node A never lets the copy in").doesNotContain(nea);
            assertThat(onB.connectedApplianceIds()).as("node B keeps the NEA").contains(nea);
            Thread.sleep(100);
        }
        ApplianceCopyService copiesOnB = nodeB.getBean(ApplianceCopyService.class);
        await(() -> !as.call(SteeredPortal.PROVIDER, copiesOnB::refusedCopies).isEmpty(), "node A's refusal to be shared");
        assertThat(as.call(SteeredPortal.PROVIDER, copiesOnB::refusedCopies)).singleElement().satisfies(copy -> {
            assertThat(copy.network()).isEqualTo("lan");
            assertThat(copy.heldFrom()).isEqualTo("127.0.0.1");
        });

        links.get(links.size() - 2).close();   // the NEA's VM is gone: its copy gets in on node A
        await(() -> onA.connectedApplianceIds().contains(nea), "the copy to get in on node A once the NEA is gone");

        // a Cloud Gateway host on node B, and a copy of its disk dialling node A
        String token = SteeredPortal.enrol(portal, "gw-1").token();
        dial(ControlRpc.gatewayHostId("gw-1"), portB, token, dir.resolve("gw-1"), CopiedApplianceTest::gatewayHost, r -> { });
        GatewayHostService hosts = portal.getBean(GatewayHostService.class);
        await(() -> !as.call(SteeredPortal.PROVIDER, hosts::gatewayHosts).isEmpty(), "gateway host gw-1 to connect to node B");
        await(() -> !recordedInstance(ControlRpc.gatewayHostId("gw-1")).isEmpty(), "node B to record the host's process");
        FileSystemUtils.copyRecursively(dir.resolve("gw-1"), dir.resolve("gw-1-copy"));
        List<GatewayLink.Refusal> hostCopyRefusals = new CopyOnWriteArrayList<>();
        dial(ControlRpc.gatewayHostId("gw-1"), portA, null, dir.resolve("gw-1-copy"), CopiedApplianceTest::gatewayHost, hostCopyRefusals::add);
        await(() -> hostCopyRefusals.stream().anyMatch(GatewayLink.Refusal::copy), "node A to refuse the host's copy as a copy");
        await(() -> as.call(SteeredPortal.PROVIDER, hosts::gatewayHosts).get(0).copyAddress() != null, "the host's copy to be listed");
        assertThat(portal.getBean(ApplianceRuntime.class).clusteredControlServer().orElseThrow().connectedIds())
                .as("node A never let the host's copy in").doesNotContain(ControlRpc.gatewayHostId("gw-1"));

        // the provider NEA wedges on node A, its copy dialling node B takes the stream, and the NEA takes it back
        String providerNea = TenantNetworkRef.applianceId("acme", lan.id(), NeaRole.PROVIDER);
        GatewayLink enrolled = dial(providerNea, portA, portal.getBean(EnrolmentTokens.class).issue(providerNea, Duration.ofMinutes(5)),
                dir.resolve("p"), CopiedApplianceTest::gatewayHost, r -> { });
        await(() -> onA.connectedApplianceIds().contains(providerNea), "the provider NEA to enrol on node A");
        enrolled.close();
        await(() -> !onA.connectedApplianceIds().contains(providerNea), "the provider NEA's first process to go");
        FileSystemUtils.copyRecursively(dir.resolve("p"), dir.resolve("p-copy"));
        List<GatewayLink.Refusal> wedgedCopyRefusals = new CopyOnWriteArrayList<>();
        GatewayLink wedgedCopy;
        try (RawControlStream wedged = RawControlStream.silent(portA, gatewayCa, dir.resolve("p"), providerNea, "the-provider-nea")) {
            await(() -> recordedInstance(providerNea).equals("the-provider-nea"), "node A to record the provider NEA");
            wedgedCopy = dial(providerNea, portB, null, dir.resolve("p-copy"), CopiedApplianceTest::gatewayHost, wedgedCopyRefusals::add);
            await(() -> wedged.end() != null && onB.connectedApplianceIds().contains(providerNea), "the copy to take the wedged NEA's stream");
        }
        String serial;
        // it comes back through the node its copy holds, not the one that let it go
        try (RawControlStream recovered = RawControlStream.answering(portB, gatewayCa, dir.resolve("p"), providerNea, "the-provider-nea")) {
            await(() -> wedgedCopyRefusals.stream().anyMatch(GatewayLink.Refusal::copy), "node B to let the copy go and refuse it as a copy");
            for (int sample = 0; sample < 20; sample++) {   // 2 s of the copy dialling node B every ≤ 300 ms
                assertThat(onB.connectedApplianceIds()).as("node B keeps the NEA that came back").contains(providerNea);
                assertThat(onA.connectedApplianceIds()).as("node A does not hold it").doesNotContain(providerNea);
                assertThat(recovered.end()).as("the NEA is never refused").isNull();
                Thread.sleep(100);
            }
            serial = recordedSerial(providerNea);
        }
        wedgedCopy.close();

        // a node that crashed holding the provider NEA: its record stays fresh, but it answers no question
        await(() -> recordedInstance(providerNea).isEmpty() && !onB.connectedApplianceIds().contains(providerNea),
                "node A to drop the record of the stream that closed, the copy gone too");
        portal.getBean(JdbcTemplate.class).update("insert into appliance_connection (appliance_id, node_id, seen_at, instance_id,"
                        + " certificate_serial, held_from) values (?, 'a-crashed-node', ?, 'the-process-before-the-crash', ?, '10.0.0.9')",
                providerNea, java.sql.Timestamp.from(java.time.Instant.now().plus(Duration.ofMinutes(5))), serial);
        List<GatewayLink.Refusal> afterCrashRefusals = new CopyOnWriteArrayList<>();
        long restarted = System.nanoTime();
        dial(providerNea, portB, null, dir.resolve("p"), CopiedApplianceTest::gatewayHost, afterCrashRefusals::add);
        await(() -> onB.connectedApplianceIds().contains(providerNea), "node B to take the crashed node for gone");
        System.out.printf("[two nodes] restarted NEA process in on node B %d ms after it dialled, its old stream on a crashed"
                + " node whose record was fresh%n", (System.nanoTime() - restarted) / 1_000_000);
        assertThat(afterCrashRefusals).as("told to dial again until then, never that it is a copy").isEmpty();
        await(() -> !recordedInstance(providerNea).equals("the-process-before-the-crash"), "node B to record the process it holds");
    }

    /**
     * Two processes with one certificate let in at once on two nodes, before either node recorded its stream: the node
     * that finds the other's record lets its own go, that process is refused as the copy once the other answers, and
     * one stream is left. Heartbeats of a minute keep node A from recording on its own; deleting its record stages the
     * race (its write came after node B's), and another NEA connecting makes it record.
     */
    @Test
    void of_two_processes_let_in_at_once_on_two_nodes_one_keeps_the_stream_and_the_other_is_refused_as_the_copy() throws Exception {
        TwoNodes nodes = startTwoNodes("PT1M");
        int portA = nodes.portA();
        int portB = nodes.portB();
        ApplianceRuntime onA = portal.getBean(ApplianceRuntime.class);
        ApplianceRuntime onB = nodeB.getBean(ApplianceRuntime.class);
        JdbcTemplate jdbc = portal.getBean(JdbcTemplate.class);

        List<GatewayLink.Refusal> refusedOnA = new CopyOnWriteArrayList<>();
        dial(portA, portal.getBean(EnrolmentTokens.class).issue(nea, Duration.ofMinutes(5)), dir.resolve("nea"), refusedOnA::add);
        await(() -> onA.connectedApplianceIds().contains(nea) && !recordedInstance().isEmpty(), "the NEA to connect to node A and be recorded");
        FileSystemUtils.copyRecursively(dir.resolve("nea"), dir.resolve("cloned-vm"));
        jdbc.update("delete from appliance_connection where appliance_id = ?", nea);   // node A's write has not landed yet
        List<GatewayLink.Refusal> refusedOnB = new CopyOnWriteArrayList<>();
        dial(portB, null, dir.resolve("cloned-vm"), refusedOnB::add);
        await(() -> onB.connectedApplianceIds().contains(nea) && !recordedInstance().isEmpty(), "the copy to get in on node B, unasked");
        assertThat(onA.connectedApplianceIds()).as("both let in at once").contains(nea);

        String providerNea = TenantNetworkRef.applianceId("acme", nodes.lan().id(), NeaRole.PROVIDER);
        dial(providerNea, portA, portal.getBean(EnrolmentTokens.class).issue(providerNea, Duration.ofMinutes(5)), dir.resolve("p"),
                CopiedApplianceTest::gatewayHost, r -> { });   // another stream on node A: it records its streams now
        await(() -> refusedOnA.stream().anyMatch(GatewayLink.Refusal::copy), "node A to let its process go and refuse it as the copy");
        for (int sample = 0; sample < 20; sample++) {   // 2 s of node A's process dialling every ≤ 300 ms
            assertThat(onB.connectedApplianceIds()).as("node B keeps the stream").contains(nea);
            assertThat(onA.connectedApplianceIds()).as("node A never lets its process in again").doesNotContain(nea);
            Thread.sleep(100);
        }
        assertThat(refusedOnB).as("the process that kept the stream is never refused").isEmpty();
    }

    /** Node A ({@link #portal}) and {@link #nodeB} on one database with control ports of their own, and acme's "lan". */
    private TwoNodes startTwoNodes(String heartbeat) throws Exception {
        int portA = InstalledPackages.freePort();
        int portB = InstalledPackages.freePort();
        portal = SteeredPortal.start(dir, "127.0.0.1:" + portA, heartbeat);
        SteeredPortal.createProvider(portal);
        long acme = tenantWithOperator("acme", "acme-op");
        TenantNetworkInfo lan = portal.getBean(AsUser.class).call(SteeredPortal.PROVIDER, () -> portal.getBean(TenantNetworkService.class)
                .ensureNetwork(acme, "lan", "192.168.60.0/24", "192.168.60.1", 60, "acme-lan", null));
        nea = TenantNetworkRef.applianceId("acme", lan.id(), NeaRole.TENANT);
        nodeB = SteeredPortal.start(dir, "127.0.0.1:" + portB, heartbeat);
        return new TwoNodes(portA, portB, lan);
    }

    private record TwoNodes(int portA, int portB, TenantNetworkInfo lan) {
    }

    /** A stand-in for a Cloud Gateway host's agent: where it relays, no counters, any relay set taken. */
    private static void gatewayHost(JsonNode request, ObjectNode reply) {
        switch (request.path("op").asText()) {
            case "describe" -> reply.put("relayAddress", "127.0.0.1");
            case "counters" -> reply.putArray("counters");
            default -> { }
        }
    }

    /** The process that the cluster's record of the NEA's stream names; empty when none is recorded. */
    private String recordedInstance() {
        return recordedInstance(nea);
    }

    private String recordedInstance(String id) {
        return portal.getBean(JdbcTemplate.class).queryForList("select instance_id from appliance_connection where appliance_id = ?",
                String.class, id).stream().filter(java.util.Objects::nonNull).findFirst().orElse("");
    }

    private String recordedSerial(String id) {
        return portal.getBean(JdbcTemplate.class).queryForObject("select certificate_serial from appliance_connection where appliance_id = ?",
                String.class, id);
    }

    /** Tenant {@code name} and an operator of it who has set a password. */
    private long tenantWithOperator(String name, String operator) {
        AsUser as = portal.getBean(AsUser.class);
        long id = as.call(SteeredPortal.PROVIDER, () -> portal.getBean(TenancyService.class).createTenant(name, name.toUpperCase(),
                new HardwarePlan(2, 2048))).id();
        UserAdministrationService users = portal.getBean(UserAdministrationService.class);
        String link = as.call(SteeredPortal.PROVIDER, () -> users.createUser(new NewUser(operator, Role.TENANT_OPERATOR, name)));
        users.setPasswordWithLink(link, PASSWORD);
        return id;
    }

    private GatewayLink dial(int controlPort, String token, Path stateDir) throws Exception {
        return dial(controlPort, token, stateDir, refusal -> { });
    }

    private GatewayLink dial(int controlPort, String token, Path stateDir, Consumer<GatewayLink.Refusal> refused) throws Exception {
        return dial(nea, controlPort, token, stateDir, (request, reply) -> reply.set("status", ControlProtocol.JSON.createObjectNode()), refused);
    }

    private GatewayLink dial(String id, int controlPort, String token, Path stateDir, ControlProtocol.Handler agent,
                             Consumer<GatewayLink.Refusal> refused) throws Exception {
        Files.createDirectories(stateDir);
        GatewayLink link = new GatewayLink(new GatewayLink.Settings("127.0.0.1", controlPort,
                portal.getBean(ApplianceCertificates.class).gatewayCaPem(), id, token, stateDir, FAST), agent, refused).start();
        links.add(link);
        return link;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
