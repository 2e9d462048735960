package io.lifeboat.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lifeboat.SecondLane;
import io.lifeboat.appliance.OpenVpnCommand;
import io.lifeboat.appliance.TunnelConfig;
import io.lifeboat.gateway.EnrolmentTokens;
import io.lifeboat.gateway.RelayHosts;
import io.lifeboat.lab.network.LabNetwork;
import io.lifeboat.network.GatewayHostService;
import io.lifeboat.network.TenantNetworkRef;
import io.lifeboat.network.TunnelRelay;
import io.lifeboat.pki.ApplianceCertificates;
import io.lifeboat.pki.TenantTunnelCredentials;
import io.lifeboat.pki.TunnelPki;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The packaged gateway with its kernel relay drop-in installed, on a host of its own (a namespace between a tenant
 * NEA's and a provider NEA's, RelayHosts), steered by a portal outside the lab that it reaches over a veth (ADR 0013).
 * The unit's capabilities are the drop-in's (CAP_NET_ADMIN only); the flow the portal opens is relayed by nftables, and
 * the portal reads its counters. Real OpenVPN ends, on the NEAs' command line, carry a tunnel through it, which goes on
 * while the portal is down.
 */
@Tag("netns")
@SecondLane
class PackagedKernelRelayTest {

    private static final TenantNetworkRef NETWORK = new TenantNetworkRef(7, "acme", "192.168.60.0/24", "192.168.60.1", 3007);
    private static final String PORTAL_IP = "10.233.0.1";
    private static final String ROOT_IF = "lbkr" + ProcessHandle.current().pid();
    private static final String P_DATA_V2 = "48";   // opcode 9, key 0

    @TempDir
    Path dir;

    private RelayHosts hosts;
    private ConfigurableApplicationContext portal;
    private InstalledPackages gateway;

    @AfterEach
    void cleanUp() throws Exception {
        if (gateway != null) {
            System.out.println("[gateway output]\n" + gateway.gatewayOutput());
            gateway.close();
        }
        if (portal != null) {
            portal.close();
        }
        if (hosts != null) {
            hosts.close();   // the namespaces, the veth to this one with them
        }
    }

    @Test
    void the_packaged_gateway_with_the_kernel_relay_drop_in_relays_in_nftables_what_the_portal_opens() throws Exception {
        startSteeredKernelRelayHost();

        RelayHosts.Peer echo = hosts.peer(hosts.provider, "echo", "10.200.9.2", 1194);
        RelayHosts.Peer client = hosts.peer(hosts.tenant, "client", "100.64.9.1", 41007);
        TunnelRelay relay = portal.getBean(TunnelRelay.class);
        assertThat(SteeredPortal.openOnceConnected(relay, NETWORK, new InetSocketAddress("10.200.9.2", 1194), Duration.ofSeconds(60)))
                .as("the gateway printed:\n%s", gateway.gatewayOutput()).containsExactly(new InetSocketAddress("100.64.9.1", 41007));

        assertThat(client.send(P_DATA_V2 + "010203")).isEqualTo("reply 4");
        assertThat(echo.nextLine()).as("the provider NEA sees the host's upstream address").isEqualTo("got 10.200.9.1 4");
        assertThat(run("ip", "netns", "exec", hosts.gateway, "nft", "list", "table", "ip", "lifeboat_relay"))
                .as("relayed by the kernel").contains("flow_acme-n7");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (relay.counters(NETWORK).filter(c -> c.packetsIn() == 1 && c.bytesIn() == 4 && c.packetsOut() == 1).isEmpty()) {
            assertThat(System.nanoTime()).as("the kernel's counts read by the portal: %s", relay.counters(NETWORK)).isLessThan(deadline);
            Thread.sleep(100);
        }

        relay.close(NETWORK);
        assertThat(client.send(P_DATA_V2 + "010203")).isEqualTo("none");
    }

    @Test
    void real_openvpn_through_the_packaged_kernel_relay_keeps_carrying_while_the_portal_is_down() throws Exception {
        startSteeredKernelRelayHost();
        TunnelRelay relay = portal.getBean(TunnelRelay.class);
        assertThat(SteeredPortal.openOnceConnected(relay, NETWORK, new InetSocketAddress("10.200.9.2", 1194), Duration.ofSeconds(60)))
                .containsExactly(new InetSocketAddress("100.64.9.1", 41007));
        TenantTunnelCredentials credentials = new TunnelPki().issue("acme-n7", 1);
        hosts.openVpn(hosts.provider, new TunnelConfig(true, "tun0", "10.255.0.1", "10.255.0.2", null, 0, "10.200.9.2", 1194,
                credentials.providerSide().certPem(), credentials.providerSide().keyPem(), credentials.tenantSide().fingerprint(), false),
                dir.resolve("provider-nea"));
        awaitLog(dir.resolve("provider-nea"), OpenVpnCommand.SERVER_BOUND);
        hosts.openVpn(hosts.tenant, new TunnelConfig(false, "tun0", "10.255.0.2", "10.255.0.1", "100.64.9.1", 41007, null, 0,
                credentials.tenantSide().certPem(), credentials.tenantSide().keyPem(), credentials.providerSide().fingerprint(), false),
                dir.resolve("tenant-nea"));
        awaitLog(dir.resolve("tenant-nea"), OpenVpnCommand.READY);
        assertThat(Files.readString(dir.resolve("provider-nea/openvpn.log"))).as("the provider NEA's peer is the host's upstream address")
                .containsPattern("MULTI: primary virtual IP for \\S+/10\\.200\\.9\\.1:");

        assertThat(run("ip", "netns", "exec", hosts.tenant, "ping", "-c", "3", "-i", "0.2", "-W", "2", "10.255.0.1"))
                .as("through the tunnel, relayed by the host's kernel").contains("3 received");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (relay.counters(NETWORK).filter(c -> c.packetsIn() >= 3 && c.packetsOut() >= 3).isEmpty()) {
            assertThat(System.nanoTime()).as("the tunnel's packets counted: %s", relay.counters(NETWORK)).isLessThan(deadline);
            Thread.sleep(100);
        }

        portal.close();
        portal = null;
        assertThat(run("ip", "netns", "exec", hosts.tenant, "ping", "-c", "20", "-i", "0.2", "-W", "2", "10.255.0.1"))
                .as("the portal's absence costs the tunnel nothing").contains("20 received");
        assertThat(Files.readString(dir.resolve("tenant-nea/openvpn.log"))).as("the tunnel never restarted")
                .doesNotContain("Restart pause").doesNotContain("SIGUSR1");
    }

    private static void awaitLog(Path work, String line) throws Exception {
        Path log = work.resolve("openvpn.log");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!Files.exists(log) || !Files.readString(log).contains(line)) {
            assertThat(System.nanoTime()).as("OpenVPN to print %s; it printed:\n%s", line,
                    Files.exists(log) ? Files.readString(log) : "").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /**
     * The namespaces, a portal outside them reached over a veth, and the packaged gateway in the host's namespace with
     * the kernel relay drop-in, enrolled as {@code gw-k}: tenant NEAs reach it on 100.64.9.1, provider NEAs see 10.200.9.1.
     */
    private void startSteeredKernelRelayHost() throws Exception {
        assumeTrue(LabNetwork.isRoot(), "needs root (namespaces, nftables): skipped");
        hosts = new RelayHosts();
        run("ip", "link", "add", ROOT_IF, "type", "veth", "peer", "name", "c0", "netns", hosts.gateway);
        run("ip", "addr", "add", PORTAL_IP + "/30", "dev", ROOT_IF);
        run("ip", "link", "set", ROOT_IF, "up");
        run("ip", "-n", hosts.gateway, "addr", "add", "10.233.0.2/30", "dev", "c0");
        run("ip", "-n", hosts.gateway, "link", "set", "c0", "up");

        int controlPort = InstalledPackages.freePort();
        portal = SteeredPortal.start(dir, PORTAL_IP + ":" + controlPort, "PT1S");
        SteeredPortal.createProvider(portal);
        GatewayHostService.Enrolment enrolment = SteeredPortal.enrol(portal, "gw-k");
        Path portalCa = Files.writeString(dir.resolve("portal-ca.pem"), enrolment.portalCaPem());
        gateway = InstalledPackages.steeredByPortalWithKernelRelay(dir, List.of("ip", "netns", "exec", hosts.gateway),
                portal.getBean(ApplianceCertificates.class), portal.getBean(EnrolmentTokens.class),
                Map.of("LIFEBOAT_PORTAL", enrolment.portalControl(), "LIFEBOAT_PORTAL_CA", portalCa.toString(),
                        "LIFEBOAT_GATEWAY_NAME", "gw-k", "LIFEBOAT_ENROLMENT_TOKEN", enrolment.token(),
                        "LIFEBOAT_RELAY_ADDRESS", "100.64.9.1", "LIFEBOAT_UPSTREAM_ADDRESS", "10.200.9.1"));
        assertThat(gateway.gatewayOutput()).contains("relay: kernel");
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0).as(String.join(" ", command) + ": " + out).isTrue();
        return out;
    }
}
