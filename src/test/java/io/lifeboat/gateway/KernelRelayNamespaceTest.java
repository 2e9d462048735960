package io.lifeboat.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeboat.SecondLane;
import io.lifeboat.appliance.ControlProtocol;
import io.lifeboat.lab.network.LabNetwork;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The kernel relay (ADR 0009) between three namespaces of its own: a tenant NEA ({@code 100.64.9.2}), the gateway host
 * and a provider NEA ({@code 10.200.9.2}) echoing every datagram. Real nftables, real conntrack, real processes; the
 * counters asserted are what the kernel counted.
 */
@Tag("netns")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SecondLane
class KernelRelayNamespaceTest {

    private static final String P_DATA_V2 = "48";   // opcode 9, key 0
    private static final CloudGateway.FlowSpec ACME = flow("acme", 1194);
    private static final CloudGateway.FlowSpec GLOBEX = flow("globex", 1195);

    private RelayHosts hosts;
    private String tenantNs;
    private String gatewayNs;
    private String providerNs;
    private Path run;
    private KernelRelay relay;
    private RelayHosts.Peer acmeClient;
    private RelayHosts.Peer acmeEcho;

    @BeforeAll
    void namespaces() throws Exception {
        assumeTrue(LabNetwork.isRoot(), "namespace tests need root (ip netns, nftables): skipped");
        assumeTrue(KernelCommands.nftBinary().isPresent(), "the kernel relay test needs nft: skipped");
        hosts = new RelayHosts();
        tenantNs = hosts.tenant;
        gatewayNs = hosts.gateway;
        providerNs = hosts.provider;
        run = Path.of("target", "kernel-relay-test", gatewayNs).toAbsolutePath();
        Files.createDirectories(run);
        relay = new KernelRelay(KernelCommands.inNamespace(gatewayNs));
        acmeEcho = hosts.peer(providerNs, "echo", "10.200.9.2", 1194);
        acmeClient = hosts.peer(tenantNs, "client", "100.64.9.1", 1194);
    }

    @AfterAll
    void cleanUp() {
        if (hosts != null) {
            hosts.close();
        }
    }

    @Test
    @Order(1)
    void datagrams_are_relayed_both_ways_and_the_kernel_counts_them() throws Exception {
        relay.open(ACME);

        assertThat(acmeClient.send(P_DATA_V2 + "010203")).isEqualTo("reply 4");
        assertThat(acmeClient.send(P_DATA_V2 + "00".repeat(99))).isEqualTo("reply 100");

        assertThat(acmeEcho.nextLine()).as("the provider NEA sees the gateway's upstream address").startsWith("got 10.200.9.1 4");
        assertThat(counters("acme")).isEqualTo(new CloudGateway.FlowCounters("acme", 2, 104, 2, 104, 0));
        assertThat(nft("list", "ruleset")).doesNotContain("1195");
    }

    @Test
    @Order(2)
    void datagrams_that_cannot_be_openvpn_are_dropped_in_the_kernel_and_counted() throws Exception {
        // (an empty datagram's rule is in NftRelayRulesetTest: Java's sockets send no zero-length datagram)
        assertThat(acmeClient.send("f8")).isEqualTo("none");               // opcode 31
        assertThat(acmeClient.send("00aabb")).isEqualTo("none");           // opcode 0
        assertThat(acmeClient.send("60aabb")).isEqualTo("none");           // opcode 12

        assertThat(counters("acme")).isEqualTo(new CloudGateway.FlowCounters("acme", 2, 104, 2, 104, 3));
    }

    @Test
    @Order(3)
    void opening_the_same_flow_again_changes_nothing() throws Exception {
        String before = nft("list", "table", "ip", NftRelayRuleset.TABLE);

        relay.open(ACME);

        assertThat(nft("list", "table", "ip", NftRelayRuleset.TABLE)).isEqualTo(before);
        assertThat(counters("acme").packetsIn()).isEqualTo(2);
    }

    @Test
    @Order(3)
    void the_portal_sending_the_same_set_again_spawns_no_nft_and_keeps_the_counts() throws Exception {
        Path calls = run.resolve("nft-calls");
        Path countingNft = run.resolve("counting-nft");
        Files.writeString(countingNft, "#!/bin/sh\necho \"$*\" >> " + calls + "\nexec " + KernelCommands.nftBinary().orElseThrow()
                + " \"$@\"\n");
        assertThat(countingNft.toFile().setExecutable(true)).isTrue();
        KernelRelay steered = new KernelRelay(new KernelCommands(List.of("ip", "netns", "exec", gatewayNs), countingNft.toString()));

        steered.relayExactly(List.of(ACME));   // a restarted host adopting the table: one change
        long spawned = Files.readAllLines(calls).size();
        steered.relayExactly(List.of(ACME));   // the portal's next heartbeat (ADR 0013)

        assertThat(spawned).isPositive();
        assertThat(Files.readAllLines(calls)).as("nft runs").hasSize((int) spawned);
        assertThat(counters("acme").packetsIn()).isEqualTo(2);
    }

    @Test
    @Order(4)
    void a_second_flow_does_not_disturb_the_first_and_closing_it_removes_its_rules() throws Exception {
        RelayHosts.Peer globexEcho = hosts.peer(providerNs, "echo", "10.200.9.2", 1195);
        RelayHosts.Peer globexClient = hosts.peer(tenantNs, "client", "100.64.9.1", 1195);

        relay.open(GLOBEX);

        assertThat(counters("acme").packetsIn()).as("acme's counts kept").isEqualTo(2);
        assertThat(globexClient.send(P_DATA_V2 + "0102")).isEqualTo("reply 3");
        assertThat(acmeClient.send(P_DATA_V2 + "01")).isEqualTo("reply 2");
        assertThat(counters("acme")).isEqualTo(new CloudGateway.FlowCounters("acme", 3, 106, 3, 106, 3));
        assertThat(counters("globex")).isEqualTo(new CloudGateway.FlowCounters("globex", 1, 3, 1, 3, 0));

        relay.close("globex");

        assertThat(globexClient.send(P_DATA_V2 + "0102")).isEqualTo("none");
        assertThat(nft("list", "table", "ip", NftRelayRuleset.TABLE)).doesNotContain("1195").doesNotContain("globex");
        assertThat(relay.flows()).containsExactly(ACME);
        assertThat(acmeClient.send(P_DATA_V2 + "01")).isEqualTo("reply 2");
        assertThat(globexEcho.isAlive()).isTrue();
    }

    /**
     * 500 other tenants' flows on the same host: acme's datagrams still find their flow (one map lookup, not a walk past
     * the others' rules: {@code ./lifeboat bench relay} measures that) and are counted, and the others go without a trace.
     */
    @Test
    @Order(5)
    void a_host_relaying_hundreds_of_flows_relays_and_counts_each_one() throws Exception {
        List<CloudGateway.FlowSpec> flows = new ArrayList<>(RelayScaleBench.otherTenants(500));
        flows.add(ACME);
        long before = counters("acme").packetsIn();

        relay.adopt(flows);

        assertThat(acmeClient.send(P_DATA_V2 + "01")).isEqualTo("reply 2");
        assertThat(counters("acme").packetsIn()).isEqualTo(before + 1);
        assertThat(relay.counters()).hasSize(501);
        relay.adopt(List.of(ACME));
        assertThat(nft("list", "table", "ip", NftRelayRuleset.TABLE)).doesNotContain("other499").doesNotContain("other0");
        assertThat(acmeClient.send(P_DATA_V2 + "01")).isEqualTo("reply 2");
    }

    @Test
    @Order(6)
    void a_killed_gateway_process_leaves_the_data_path_flowing_and_its_successor_adopts_the_counts() throws Exception {
        relay.close("acme");
        Path socket = run.resolve("gw.sock");
        Process gateway = gatewayProcess(socket);
        GatewayControlSocket.call(socket, ControlProtocol.JSON.createObjectNode().put("op", "open").put("tenant", "acme")
                .put("listen", "100.64.9.1:1194").put("upstream", "10.200.9.2:1194").put("upstreamBind", "10.200.9.1:1194"));
        assertThat(acmeClient.send(P_DATA_V2 + "01")).isEqualTo("reply 2");

        gateway.destroyForcibly();
        assertThat(gateway.waitFor(10, TimeUnit.SECONDS)).isTrue();

        assertThat(acmeClient.send(P_DATA_V2 + "0102")).as("relayed with no gateway process").isEqualTo("reply 3");
        gatewayProcess(socket);
        JsonNode c = GatewayControlSocket.call(socket, ControlProtocol.JSON.createObjectNode().put("op", "counters")).path("counters");
        assertThat(c).hasSize(1);
        assertThat(c.get(0).path("packetsIn").asLong()).as("counted before and after the kill").isEqualTo(2);
        assertThat(c.get(0).path("bytesIn").asLong()).isEqualTo(5);
    }

    private Process gatewayProcess(Path socket) throws Exception {
        Process p = hosts.start(gatewayNs, GatewayMain.class, "--control", socket.toString(), "--state", run.resolve("flows.json").toString(),
                "--relay", "kernel");
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null && !line.equals(GatewayMain.READY_LINE)) {
            seen.append(line).append(" | ");
        }
        assertThat(line).as("gateway ready; it said: " + seen).isNotNull();
        assertThat(seen.toString()).contains("relay: kernel");
        RelayHosts.drain(out, new LinkedBlockingQueue<>());
        return p;
    }

    private CloudGateway.FlowCounters counters(String tenant) throws Exception {
        return relay.counters().stream().filter(c -> c.tenant().equals(tenant)).findFirst().orElseThrow();
    }

    private String nft(String... args) throws Exception {
        return KernelCommands.inNamespace(gatewayNs).nft(null, args);
    }

    private static CloudGateway.FlowSpec flow(String tenant, int port) {
        return new CloudGateway.FlowSpec(tenant, new InetSocketAddress("100.64.9.1", port), new InetSocketAddress("10.200.9.2", port),
                new InetSocketAddress("10.200.9.1", port));
    }
}
