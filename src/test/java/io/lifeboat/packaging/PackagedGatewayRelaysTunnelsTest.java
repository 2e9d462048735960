package io.lifeboat.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.lifeboat.AsUser;
import io.lifeboat.SecondLane;
import io.lifeboat.browser.Chromium;
import io.lifeboat.browser.PortalPage;
import io.lifeboat.gateway.EnrolmentTokens;
import io.lifeboat.network.GatewayHostService;
import io.lifeboat.network.NetworkExtensionException;
import io.lifeboat.network.TenantNetworkRef;
import io.lifeboat.network.TunnelRelay;
import io.lifeboat.pki.ApplianceCertificates;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * A real installation whose Cloud Gateway host relays the tunnels (ADR 0013): the portal, outside the lab, with
 * {@code tunnel-relay=gateway-hosts}; the gateway from its Debian package, enrolled with the token the Cloud Gateways
 * page's service issues, dials the portal and relays the flow the portal opens for a network. A UDP echo server
 * stands in for the provider NEA's OpenVPN; datagrams go to the gateway host's relay port as the tenant NEA's do. The
 * relay keeps working while the portal is down; the restarted portal, on the same database, steers the same gateway
 * (no new token) and closes the flow. Removed on the Cloud Gateways page's service, or its name enrolled again for
 * another host, the host relays nothing and is refused. A copy of a host (its disk, so its certificate) is refused while
 * the host answers, relays nothing, and the page says where each runs.
 */
@SecondLane
class PackagedGatewayRelaysTunnelsTest {

    /** Opcode 9 (P_DATA_V2), key id 0. */
    private static final byte OPENVPN_DATA_V2 = 9 << 3;
    private static final TenantNetworkRef NETWORK = new TenantNetworkRef(7, "acme", "192.168.60.0/24", "192.168.60.1", 3007);

    @RegisterExtension
    static Chromium chromium = new Chromium();

    @TempDir
    Path dir;

    private ConfigurableApplicationContext portal;
    /** A second node on the same database, when a test has two. */
    private ConfigurableApplicationContext otherNode;
    private InstalledPackages installed;
    private final List<InstalledPackages> hosts = new ArrayList<>();
    private final DatagramSocket providerNea = socket();
    private final DatagramSocket tenantNea = socket();
    private final Thread echo = new Thread(this::echo, "provider-nea-echo");

    /** The port every host relays the network's flow on: free on this machine. */
    private int relayPort;

    /** The stand-in provider NEA answers from the start of every test. */
    @BeforeEach
    void startProviderNea() throws IOException {
        relayPort = freeUdpPort();
        echo.setDaemon(true);
        echo.start();
    }

    @AfterEach
    void cleanUp() throws Exception {
        providerNea.close();
        tenantNea.close();
        for (InstalledPackages host : hosts) {
            System.out.println("[gateway output]\n" + host.gatewayOutput());
            host.close();
        }
        if (portal != null) {
            portal.close();
        }
        if (otherNode != null) {
            otherNode.close();
        }
    }

    @Test
    void the_packaged_gateway_relays_the_tunnels_the_portal_gives_it_and_keeps_relaying_while_the_portal_restarts() throws Exception {
        int controlPort = InstalledPackages.freePort();
        portal = startPortal(controlPort);
        TunnelRelay relay = portal.getBean(TunnelRelay.class);
        assertThat(relay.getClass().getSimpleName()).isEqualTo("GatewayHostRelays");
        InetSocketAddress providerNeaEndpoint = new InetSocketAddress("127.0.0.1", providerNea.getLocalPort());
        assertThatThrownBy(() -> relay.openAll(NETWORK, providerNeaEndpoint))
                .isInstanceOf(NetworkExtensionException.class).hasMessageContaining("No Cloud Gateway host is connected");

        createProvider();
        installed = startHost("gw-1", "127.0.0.1");
        InetSocketAddress relayed = new InetSocketAddress("127.0.0.1", relayPort);
        assertThat(SteeredPortal.openOnceConnected(relay, NETWORK, providerNeaEndpoint, Duration.ofSeconds(60)))
                .as("the gateway host's relay address for the network; the gateway printed:\n%s", installed.gatewayOutput())
                .containsExactly(relayed);
        assertThat(roundTrip(relayed, "hello")).as("echoed through the gateway host's relay; the gateway printed:\n%s", installed.gatewayOutput()).isEqualTo("hello");
        awaitCounted(relay, Duration.ofSeconds(10));

        portal.close();
        portal = null;
        assertThat(roundTrip(relayed, "while the portal is down")).isEqualTo("while the portal is down");

        Instant restarted = Instant.now();
        portal = startPortal(controlPort);
        TunnelRelay again = portal.getBean(TunnelRelay.class);
        awaitSeenSince(restarted, Duration.ofSeconds(60));
        assertThat(roundTrip(relayed, "after the restart")).as("the restarted portal sent the flows it had").isEqualTo("after the restart");
        assertThat(portal.getBean(AsUser.class).call(SteeredPortal.PROVIDER, portal.getBean(GatewayHostService.class)::gatewayHosts))
                .singleElement().satisfies(h -> {
                    assertThat(h.name()).isEqualTo("gw-1");
                    assertThat(h.relayAddress()).isEqualTo("127.0.0.1");
                    assertThat(h.current()).isTrue();
                    assertThat(h.certificateExpires()).as("read from the certificate it connected with")
                            .isBetween(Instant.now().plus(Duration.ofDays(396)), Instant.now().plus(Duration.ofDays(398)));
                    assertThat(h.certificateNotRenewed()).isFalse();
                });
        again.close(NETWORK);
        assertThat(roundTripOrTimeout(relayed, "closed")).as("no relay once the portal closed the flow").isNull();
        assertThat(installed.gatewayOutput()).doesNotContain("refused");

        again.openAll(NETWORK, providerNeaEndpoint);
        assertThat(roundTrip(relayed, "before the removal")).isEqualTo("before the removal");
        AsUser as = portal.getBean(AsUser.class);
        GatewayHostService hosts = portal.getBean(GatewayHostService.class);
        as.run(SteeredPortal.PROVIDER, () -> hosts.remove("gw-1"));
        assertThat(roundTripOrTimeout(relayed, "removed")).as("a removed host relays nothing").isNull();
        assertThat(as.call(SteeredPortal.PROVIDER, hosts::gatewayHosts)).isEmpty();
        awaitOutput("certificate", "revoked", Duration.ofSeconds(30));
        assertThatThrownBy(() -> again.openAll(NETWORK, providerNeaEndpoint)).as("no gateway host left")
                .isInstanceOf(NetworkExtensionException.class);
    }

    /** Waits for a line of the gateway's output holding both parts (a refusal it logged). */
    private void awaitOutput(String part, String other, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (installed.gatewayOutput().lines().noneMatch(l -> l.contains(part) && l.contains(other))) {
            assertThat(System.nanoTime()).as("the gateway to log %s … %s; it printed:\n%s", part, other, installed.gatewayOutput())
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void a_flow_opened_on_one_node_reaches_a_host_connected_to_another_node_before_its_heartbeat() throws Exception {
        int nodeBControl = InstalledPackages.freePort();
        otherNode = startPortal(nodeBControl, "PT60S");
        portal = startPortal(InstalledPackages.freePort(), "PT60S");   // node A, on the same database
        createProvider();
        startHost("gw-1", "127.0.0.1", "127.0.0.1:" + nodeBControl);
        awaitHosts(1, Duration.ofSeconds(60));
        InetSocketAddress relayed = new InetSocketAddress("127.0.0.1", relayPort);

        long opened = System.nanoTime();
        assertThat(portal.getBean(TunnelRelay.class).openAll(NETWORK, new InetSocketAddress("127.0.0.1", providerNea.getLocalPort())))
                .containsExactly(relayed);
        assertThat(roundTrip(relayed, "opened on node A, relayed by node B's host"))
                .as("within the round trip's 10 s of retries; node B's next heartbeat is a minute away")
                .isEqualTo("opened on node A, relayed by node B's host");
        System.out.printf("[two nodes] flow opened on node A relayed by node B's host after %d ms%n",
                Duration.ofNanos(System.nanoTime() - opened).toMillis());
    }

    @Test
    void enrolling_a_name_again_retires_the_host_that_held_it_even_across_its_restart() throws Exception {
        portal = startPortal(InstalledPackages.freePort());
        createProvider();
        installed = startHost("gw-1", "127.0.0.1");
        awaitHosts(1, Duration.ofSeconds(60));
        TunnelRelay relay = portal.getBean(TunnelRelay.class);
        InetSocketAddress providerNeaEndpoint = new InetSocketAddress("127.0.0.1", providerNea.getLocalPort());
        InetSocketAddress retired = new InetSocketAddress("127.0.0.1", relayPort);
        InetSocketAddress replacement = new InetSocketAddress("127.0.0.2", relayPort);
        assertThat(relay.openAll(NETWORK, providerNeaEndpoint)).containsExactly(retired);
        assertThat(roundTrip(retired, "through the first gw-1")).isEqualTo("through the first gw-1");

        startHost("gw-1", "127.0.0.2");   // the provider enrolled the name again, for a host on another address
        assertThat(roundTrip(replacement, "through the new gw-1")).isEqualTo("through the new gw-1");
        awaitOutput("refused", "revoked", Duration.ofSeconds(30));
        assertThat(roundTripOrTimeout(retired, "retired")).as("the first host's identity is revoked: it relays nothing").isNull();
        assertThat(portal.getBean(AsUser.class).call(SteeredPortal.PROVIDER, portal.getBean(GatewayHostService.class)::gatewayHosts))
                .singleElement().satisfies(h -> assertThat(h.relayAddress()).isEqualTo("127.0.0.2"));
        assertThat(relay.openAll(NETWORK, providerNeaEndpoint)).containsExactly(replacement);

        installed.stopGateway();
        installed.startGateway();   // ready once it relays its saved set again, before any portal answers
        assertThat(roundTripOrTimeout(retired, "restarted")).as("the retired host saved that it relays nothing").isNull();
        assertThat(roundTrip(replacement, "still through the new gw-1")).isEqualTo("still through the new gw-1");
    }

    @Test
    void a_copied_host_is_refused_while_the_original_answers_and_the_provider_is_told_where_both_run() throws Exception {
        portal = startPortal(InstalledPackages.freePort());
        createProvider();
        InstalledPackages originalHost = startHost("gw-1", "127.0.0.1");
        awaitHosts(1, Duration.ofSeconds(60));
        TunnelRelay relay = portal.getBean(TunnelRelay.class);
        InetSocketAddress original = new InetSocketAddress("127.0.0.1", relayPort);
        InetSocketAddress copy = new InetSocketAddress("127.0.0.2", relayPort);
        relay.openAll(NETWORK, new InetSocketAddress("127.0.0.1", providerNea.getLocalPort()));
        assertThat(roundTrip(original, "through gw-1")).isEqualTo("through gw-1");

        Path copiedDisk = Files.createDirectories(dir.resolve("gw-1@127.0.0.2"));
        FileSystemUtils.copyRecursively(dir.resolve("gw-1@127.0.0.1/gateway-state"), copiedDisk.resolve("gateway-state"));
        installed = startHost("gw-1", "127.0.0.2");   // its copied certificate, not the new token, is what it dials with

        awaitOutput("refused", "this process has the certificate of gateway:gw-1, but another process with its certificate holds the stream", Duration.ofSeconds(30));
        assertThat(roundTripOrTimeout(copy, "refused")).as("the refused copy relays nothing, not even the set it was copied with").isNull();
        GatewayHostService service = portal.getBean(GatewayHostService.class);
        AsUser as = portal.getBean(AsUser.class);
        for (int sample = 0; sample < 30; sample++) {   // 3 s, while the copy keeps dialling
            assertThat(roundTripOrTimeout(original, "still through gw-1")).as("the original never lost the stream").isEqualTo("still through gw-1");
            assertThat(as.call(SteeredPortal.PROVIDER, service::gatewayHosts)).singleElement()
                    .satisfies(h -> assertThat(h.relayAddress()).isEqualTo("127.0.0.1"));
        }
        assertThat(originalHost.gatewayOutput()).doesNotContain("refused");
        Page page = new PortalPage(chromium.newPage("http://127.0.0.1:" + portal.getEnvironment().getProperty("local.server.port")))
                .logIn(SteeredPortal.PROVIDER, SteeredPortal.PASSWORD).page();
        page.navigate("/admin/gateways");
        assertThat(page.locator("#gateway-host-problems")).containsText("Two hosts present the certificate of Cloud Gateway host"
                + " gw-1: the one at 127.0.0.1 relays tunnels, and the one dialling from 127.0.0.1 is refused.");
        assertThat(page.locator("#gateway-host-grid")).containsText("a copy dialling from 127.0.0.1 is refused");

        originalHost.stopGateway();   // the original is switched off: the copy gets in at its next dial and relays
        assertThat(roundTrip(copy, "through the copy")).isEqualTo("through the copy");
        assertThat(as.call(SteeredPortal.PROVIDER, service::gatewayHosts)).singleElement()
                .satisfies(h -> assertThat(h.relayAddress()).isEqualTo("127.0.0.2"));
        page.waitForTimeout(3_500);   // three heartbeats without a refused copy
        page.reload();
        assertThat(page.locator("#gateway-host-grid")).containsText("127.0.0.2");
        assertThat(page.locator("#gateway-host-problems")).isEmpty();
    }

    private ConfigurableApplicationContext startPortal(int controlPort) {
        return startPortal(controlPort, "PT1S");
    }

    /** A portal whose relay port base puts the network's flow on {@link #relayPort}. */
    private ConfigurableApplicationContext startPortal(int controlPort, String heartbeat) {
        return SteeredPortal.start(dir, "127.0.0.1:" + controlPort, heartbeat,
                "--lifeboat.appliance-control.relay-port-base=" + (relayPort - (int) NETWORK.networkId()));
    }

    @Test
    void with_two_gateway_hosts_a_tenant_nea_gets_both_and_removing_one_leaves_the_other_relaying() throws Exception {
        portal = startPortal(InstalledPackages.freePort());
        createProvider();
        startHost("gw-2", "127.0.0.2");
        startHost("gw-1", "127.0.0.1");
        TunnelRelay relay = portal.getBean(TunnelRelay.class);
        InetSocketAddress providerNeaEndpoint = new InetSocketAddress("127.0.0.1", providerNea.getLocalPort());
        InetSocketAddress first = new InetSocketAddress("127.0.0.1", relayPort);
        InetSocketAddress second = new InetSocketAddress("127.0.0.2", relayPort);

        awaitHosts(2, Duration.ofSeconds(60));
        assertThat(relay.openAll(NETWORK, providerNeaEndpoint)).as("every host, by name").containsExactly(first, second);
        assertThat(roundTrip(first, "through gw-1")).isEqualTo("through gw-1");
        assertThat(roundTrip(second, "through gw-2")).isEqualTo("through gw-2");

        Page page = new PortalPage(chromium.newPage("http://127.0.0.1:" + portal.getEnvironment().getProperty("local.server.port")))
                .logIn(SteeredPortal.PROVIDER, SteeredPortal.PASSWORD).page();
        page.navigate("/admin/gateways");
        assertThat(page.locator("#gateway-host-grid")).containsText("gw-1");
        assertThat(page.locator("#gateway-host-grid")).containsText("127.0.0.2");
        assertThat(page.locator("#gateway-host-problems")).isEmpty();
        page.locator("#remove-gateway-host-gw-1").click();
        page.locator("vaadin-confirm-dialog-overlay").getByRole(AriaRole.BUTTON,
                new Locator.GetByRoleOptions().setName("Remove the gateway host")).click();
        assertThat(page.locator("vaadin-notification-card").last()).containsText("Gateway host gw-1 removed.");
        assertThat(page.locator("#gateway-host-grid")).not().containsText("gw-1");
        assertThat(roundTripOrTimeout(first, "removed")).isNull();
        assertThat(roundTrip(second, "still through gw-2")).isEqualTo("still through gw-2");
        assertThat(relay.openAll(NETWORK, providerNeaEndpoint)).containsExactly(second);

        page.locator("#gateway-host-name input").fill("gw-3");
        page.locator("#enrol-gateway-host").click();
        assertThat(page.locator("#gateway-host-conf")).containsText("LIFEBOAT_GATEWAY_NAME=gw-3");
        assertThat(page.locator("#gateway-host-conf")).containsText("LIFEBOAT_ENROLMENT_TOKEN=");
        assertThat(page.locator("#gateway-host-ca")).containsText("BEGIN CERTIFICATE");

        hosts.get(0).stopGateway();   // gw-2, gone without a word: the portal notices within three heartbeats
        awaitHosts(0, Duration.ofSeconds(10));
        assertThat(roundTripOrTimeout(second, "gw-2 stopped")).isNull();
        assertThatThrownBy(() -> relay.openAll(NETWORK, providerNeaEndpoint)).isInstanceOf(NetworkExtensionException.class);
        page.navigate("/provider");
        assertThat(page.locator("#gateway-host-problems")).containsText("No Cloud Gateway host is connected (gw-2)");
    }

    @Test
    void a_gateway_host_that_hangs_holds_up_no_flow_and_tenant_neas_are_sent_to_the_others() throws Exception {
        portal = startPortal(InstalledPackages.freePort());
        createProvider();
        startHost("gw-2", "127.0.0.2");
        InstalledPackages hanging = startHost("gw-1", "127.0.0.1");
        TunnelRelay relay = portal.getBean(TunnelRelay.class);
        InetSocketAddress providerNeaEndpoint = new InetSocketAddress("127.0.0.1", providerNea.getLocalPort());
        InetSocketAddress second = new InetSocketAddress("127.0.0.2", relayPort);
        awaitHosts(2, Duration.ofSeconds(60));

        hanging.freezeGateway();   // its stream stays open; its calls wait for the 30 s command timeout
        try {
            long started = System.nanoTime();
            assertThat(relay.openAll(NETWORK, providerNeaEndpoint)).as("only the host that took the flow").containsExactly(second);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("not held up by the hung host's 30 s")
                    .isLessThan(Duration.ofSeconds(15));
            assertThat(roundTrip(second, "through gw-2")).isEqualTo("through gw-2");
            awaitHosts(1, Duration.ofSeconds(20));   // it answers no heartbeat, so the provider is told
        } finally {
            hanging.thawGateway();
        }
        awaitHosts(2, Duration.ofSeconds(60));
        assertThat(relay.openAll(NETWORK, providerNeaEndpoint)).as("both again once it answers").hasSize(2);
        assertThat(roundTrip(new InetSocketAddress("127.0.0.1", relayPort), "through gw-1")).isEqualTo("through gw-1");
    }

    private void createProvider() {
        SteeredPortal.createProvider(portal);
    }

    /**
     * Gateway host {@code name} from its package, relaying on {@code relayAddress}, configured as the Cloud Gateways
     * page says with the token and CA its service gives the provider.
     */
    private InstalledPackages startHost(String name, String relayAddress) throws Exception {
        return startHost(name, relayAddress, null);
    }

    /** @param dials the control server the host dials; null: the one the enrolment names */
    private InstalledPackages startHost(String name, String relayAddress, String dials) throws Exception {
        GatewayHostService.Enrolment enrolment = SteeredPortal.enrol(portal, name);
        Path work = Files.createDirectories(dir.resolve(name + "@" + relayAddress));   // a host of its own, with its own identity
        Path portalCa = Files.writeString(work.resolve("portal-ca.pem"), enrolment.portalCaPem());
        InstalledPackages host = InstalledPackages.steeredByPortal(work, portal.getBean(ApplianceCertificates.class),
                portal.getBean(EnrolmentTokens.class), Map.of("LIFEBOAT_PORTAL", dials == null ? enrolment.portalControl() : dials,
                        "LIFEBOAT_PORTAL_CA", portalCa.toString(), "LIFEBOAT_GATEWAY_NAME", name,
                        "LIFEBOAT_ENROLMENT_TOKEN", enrolment.token(), "LIFEBOAT_RELAY_ADDRESS", relayAddress));
        hosts.add(host);
        return host;
    }

    private void awaitHosts(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        AsUser as = portal.getBean(AsUser.class);
        GatewayHostService service = portal.getBean(GatewayHostService.class);
        while (as.call(SteeredPortal.PROVIDER, service::gatewayHosts).stream().filter(GatewayHostService.GatewayHost::current).count() != count) {
            assertThat(System.nanoTime()).as("%s gateway hosts connected within %s", count, timeout).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** Waits until the portal has read the gateway host's counters of the relayed datagrams (at a heartbeat). */
    private void awaitCounted(TunnelRelay relay, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (relay.counters(NETWORK).filter(c -> c.packetsIn() > 0 && c.packetsOut() > 0).isEmpty()) {
            assertThat(System.nanoTime()).as("relayed datagrams counted within %s: %s", timeout, relay.counters(NETWORK))
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** Waits until the gateway host has connected to the restarted portal (which records it when it does). */
    private void awaitSeenSince(Instant restarted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        GatewayHostService hosts = portal.getBean(GatewayHostService.class);
        AsUser as = portal.getBean(AsUser.class);
        while (as.call(SteeredPortal.PROVIDER, hosts::gatewayHosts).stream().noneMatch(h -> h.lastSeen().isAfter(restarted))) {
            assertThat(System.nanoTime()).as("the gateway host reconnected within %s; it printed:\n%s", timeout, installed.gatewayOutput())
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** Sends {@code text} to the relay as a tenant NEA would, retrying while the relay is being set up; the echo's text. */
    private String roundTrip(InetSocketAddress relay, String text) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            String answer = roundTripOrTimeout(relay, text);
            if (answer != null) {
                return answer;
            }
        }
        return null;
    }

    /** {@code text} in an OpenVPN data datagram (the relays drop what cannot be OpenVPN); the echo's text, or null. */
    private String roundTripOrTimeout(InetSocketAddress relay, String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[payload.length + 1];
        out[0] = OPENVPN_DATA_V2;
        System.arraycopy(payload, 0, out, 1, payload.length);
        tenantNea.send(new DatagramPacket(out, out.length, relay));
        DatagramPacket in = new DatagramPacket(new byte[1500], 1500);
        try {
            tenantNea.receive(in);
            return new String(in.getData(), 1, in.getLength() - 1, StandardCharsets.UTF_8);
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    private void echo() {
        DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
        while (!providerNea.isClosed()) {
            try {
                providerNea.receive(p);
                providerNea.send(new DatagramPacket(p.getData(), p.getLength(), p.getSocketAddress()));
            } catch (SocketTimeoutException e) {
                // poll again until closed
            } catch (IOException e) {
                return;
            }
        }
    }

    private static DatagramSocket socket() {
        try {
            DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
            s.setSoTimeout(200);
            return s;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }
}
