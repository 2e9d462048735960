package io.lifeboat.lab.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lifeboat.SecondLane;
import io.lifeboat.pki.ApplianceCertificates;
import io.lifeboat.appliance.NeaRole;
import io.lifeboat.appliance.ProbeResult;
import io.lifeboat.gateway.EnrolmentTokens;
import io.lifeboat.lab.network.LabNetwork.Side;
import io.lifeboat.network.NetworkExtension;
import io.lifeboat.network.TenantNetworkRef;
import io.lifeboat.network.TunnelStatus;
import io.lifeboat.pki.PrivateKeySealer;
import io.lifeboat.pki.TunnelCredentialStore;
import io.lifeboat.pki.TunnelPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The data plane for real: namespaces, bridges, two pcap4j appliance JVMs per tenant, OpenVPN, the gateway relay.
 * One lab for the class (building it is the slow part); tests run in the order of the demo story.
 */
@Tag("netns")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SecondLane
class LabNetworkNamespaceTest {

    private static final TenantNetworkRef ACME = new TenantNetworkRef(1, "acme", "192.168.60.0/24", "192.168.60.1", 3001);
    private static final TenantNetworkRef GLOBEX = new TenantNetworkRef(2, "globex", "192.168.60.0/24", "192.168.60.1", 3002);
    /** acme's second network, a DMZ: extended on its own beside acme's LAN. */
    private static final TenantNetworkRef ACME_DMZ = new TenantNetworkRef(3, "acme", "192.168.70.0/24", "192.168.70.1", 3003);

    private LabNetwork lab;
    private NetworkExtension extension;
    private TunnelCredentialStore store;
    private String prefix;
    private final EnrolmentTokens tokens = new EnrolmentTokens();

    @BeforeAll
    void buildLab() throws Exception {
        assumeTrue(LabNetwork.isRoot(), "namespace tests need root (ip netns, veth, OpenVPN, pcap): skipped");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/openvpn")), "namespace tests need openvpn: skipped");
        LabTestSupport.sweepStaleTestRuns();
        prefix = LabTestSupport.uniquePrefix();
        Path run = LabTestSupport.runDir(prefix);
        lab = LabNetwork.start(prefix, run, JavaLauncher.current(), new ApplianceCertificates(), tokens);
        lab.addTenant(ACME);
        lab.addTenant(GLOBEX);
        store = new TunnelCredentialStore(run.resolve("pki"),
                PrivateKeySealer.fromKeyFile(run.resolve("pki/master.key")), new TunnelPki());
        extension = new NetworkExtension(new PoweredOnAppliances(lab, tokens), lab, store, NetworkExtension.Options.DEFAULT);
    }

    @AfterAll
    void teardown() {
        if (lab != null) {
            lab.teardown();
            assertThat(LabTestSupport.namespaces()).noneMatch(ns -> ns.startsWith(prefix + "-"));
        }
    }

    @Test
    @Order(0)
    void a_vm_host_coming_up_announces_itself_so_lan_caches_follow_without_asking() {
        String client = lab.namespace("acme", "client");
        // the client's cache still points the address elsewhere (as at the NEA after a switch-back), and is fresh: it asks nothing
        LabTestSupport.exec(client, "ip", "neigh", "replace", "192.168.60.30", "lladdr", "02:00:00:00:00:77", "dev", "eth0", "nud", "reachable");

        long t0 = System.nanoTime();
        lab.addVmHost("acme", Side.TENANT_LAN, "web-03", "192.168.60.30");
        long addMs = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        try {
            String mac = LabTestSupport.exec(lab.namespace("acme", "web-03"), "ip", "-o", "link", "show", "eth0")
                    .replaceAll("(?s).*link/ether (\\S+).*", "$1");
            String neighbour = LabTestSupport.exec(client, "ip", "neigh", "show", "192.168.60.30");
            System.out.println("addVmHost incl. announcement: " + addMs + " ms; client's entry right after: " + neighbour.trim());

            assertThat(mac).matches("\\p{XDigit}{2}(:\\p{XDigit}{2}){5}");
            assertThat(neighbour).contains("lladdr " + mac);
        } finally {
            lab.removeVmHost("acme", "web-03");
        }
    }

    @Test
    @Order(0)
    void a_boot_queued_while_its_vm_was_on_builds_nothing_once_the_vm_is_off() {
        ApplianceGuest guest = new ApplianceGuest(lab.siteKey(ACME), NeaRole.PROVIDER, ACME.applianceId(NeaRole.PROVIDER),
                "never-used", "vm-n1", Side.PROVIDER_SEGMENT, true, lab.controlEndpoints());

        lab.bootAppliance(guest, () -> false);

        assertThat(LabTestSupport.namespaces()).doesNotContain(lab.namespace("acme", "nea-p"));
        assertThat(lab.isRunning(ACME, NeaRole.PROVIDER)).isFalse();
    }

    @Test
    @Order(1)
    void probe_reports_a_conflict_while_the_original_vm_still_runs() {
        lab.addVmHost("acme", Side.TENANT_LAN, "web-02", "192.168.60.11");

        ProbeResult conflict = extension.probe(ACME, "192.168.60.11");
        ProbeResult free = extension.probe(ACME, "192.168.60.99");

        assertThat(conflict.answered()).isTrue();
        assertThat(conflict.mac()).isNotBlank();
        assertThat(free.answered()).isFalse();
        assertThat(lab.isRunning(ACME, io.lifeboat.appliance.NeaRole.TENANT)).as("probe NEA stopped again").isFalse();
    }

    @Test
    @Order(1)
    void claimed_and_free_addresses_probed_in_one_call_take_one_window_not_one_each() {
        String router = ACME.gateway();
        String client = LabNetwork.clientIp(ACME);
        String clientMac = LabTestSupport.exec(lab.namespace("acme", "client"), "ip", "-o", "link", "show", "eth0")
                .replaceAll("(?s).*link/ether (\\S+).*", "$1");
        List<String> asked = List.of("192.168.60.100", router, "192.168.60.101", client);
        List<String> fifty = new ArrayList<>(List.of(router, client));
        IntStream.range(100, 148).mapToObj(i -> "192.168.60." + i).forEach(fifty::add);
        try {
            List<ProbeResult> cold = extension.probe(ACME, asked, true);   // starts the tenant NEA, kept for the timed calls

            long t0 = System.nanoTime();
            List<ProbeResult> warm = extension.probe(ACME, asked, true);
            long oneCallMs = Duration.ofNanos(System.nanoTime() - t0).toMillis();
            t0 = System.nanoTime();
            for (String ip : asked) {
                extension.probe(ACME, ip, true);
            }
            long oneByOneMs = Duration.ofNanos(System.nanoTime() - t0).toMillis();
            t0 = System.nanoTime();
            List<ProbeResult> ofFifty = extension.probe(ACME, fifty, true);
            long fiftyMs = Duration.ofNanos(System.nanoTime() - t0).toMillis();
            System.out.println("probe of 4 addresses (2 claimed): one call " + oneCallMs + " ms, one by one " + oneByOneMs
                    + " ms; 50 addresses (2 claimed) in one call: " + fiftyMs + " ms");

            for (List<ProbeResult> results : List.of(cold, warm)) {
                assertThat(results).extracting(ProbeResult::ip).containsExactlyElementsOf(asked);
                assertThat(results).extracting(ProbeResult::answered).containsExactly(false, true, false, true);
                assertThat(results.get(1).mac()).matches("\\p{XDigit}{2}(:\\p{XDigit}{2}){5}").isNotEqualTo(clientMac);
                assertThat(results.get(3).mac()).isEqualTo(clientMac);
                assertThat(results.get(0).elapsedMs()).as("a free address is listened for the whole window").isGreaterThanOrEqualTo(300);
            }
            assertThat(oneCallMs).as("one window for all, not one per free address").isBetween(300L, 599L);
            assertThat(ofFifty).hasSize(50).filteredOn(ProbeResult::answered).extracting(ProbeResult::ip).containsExactly(router, client);
            assertThat(fiftyMs).as("fifty addresses in one window too").isLessThan(600);
        } finally {
            lab.stop(ACME, io.lifeboat.appliance.NeaRole.TENANT);
        }
        assertThat(lab.isRunning(ACME, io.lifeboat.appliance.NeaRole.TENANT)).isFalse();
    }

    @Test
    @Order(2)
    void failed_over_replica_answers_with_ttl_62_and_a_local_vm_with_ttl_64() {
        lab.removeVmHost("acme", "web-02");                       // the original fails
        lab.addVmHost("acme", Side.TENANT_LAN, "web-01", "192.168.60.10");

        Instant coldStart = Instant.now();
        TunnelStatus up = extension.ensureUp(ACME);
        lab.addVmHost("acme", Side.PROVIDER_SEGMENT, "web-02-replica", "192.168.60.11");
        extension.addFailedOverIp(ACME, "192.168.60.11");
        Optional<Instant> reachable = lab.firstReplyFromTenantLan(ACME, "192.168.60.11", Duration.ofSeconds(5));
        reachable.ifPresent(at -> System.out.println("cold network extension, NEAs not running -> first reply: "
                + Duration.between(coldStart, at).toMillis() + " ms"));

        assertThat(up.up()).isTrue();
        assertThat(reachable).isPresent();
        String client = lab.namespace("acme", "client");
        assertThat(LabTestSupport.pingTtl(client, "192.168.60.10", 3)).contains(64);
        assertThat(LabTestSupport.pingTtl(client, "192.168.60.11", 3)).contains(62);
    }

    @Test
    @Order(3)
    void the_tenant_nea_reaches_the_gateways_only_through_the_tenant_router_which_lets_no_connection_in() {
        String nea = lab.namespace("acme", "nea-t");
        String router = lab.namespace("acme", "gw");
        String gateway = prefix + "-cgw";
        assertThat(LabTestSupport.exec(nea, "ip", "-o", "link", "show")).contains("lan0").doesNotContain("up0", "up1");
        assertThat(LabTestSupport.exec(nea, "ip", "route", "get", "198.51.100.1")).contains("via 192.168.60.1 dev lan0");
        assertThat(siteRuleCount(router, "masquerade")).as("control stream and tunnel left through the router's NAT").isPositive();

        // the provider side routes towards the tenant's LAN: still nothing gets in
        LabTestSupport.exec(gateway, "ip", "route", "add", "192.168.60.0/24", "via", "100.64.1.2");
        try {
            assertThat(LabTestSupport.pingTtl(gateway, "192.168.60.254", 2)).isEmpty();
            assertThat(LabTestSupport.pingTtl(gateway, "192.168.60.1", 1)).isEmpty();
            assertThat(siteRuleCount(router, "drop")).isPositive();
        } finally {
            LabTestSupport.exec(gateway, "ip", "route", "del", "192.168.60.0/24");
        }
        assertThat(LabTestSupport.pingTtl(lab.namespace("acme", "client"), "192.168.60.11", 3)).contains(62);
    }

    /** Packets counted by the tenant router's nftables rules ending in {@code verdict}. */
    private static long siteRuleCount(String router, String verdict) {
        return java.util.regex.Pattern.compile("counter packets (\\d+) bytes \\d+ " + verdict)
                .matcher(LabTestSupport.exec(router, "nft", "list", "table", "ip", "site")).results()
                .mapToLong(m -> Long.parseLong(m.group(1))).sum();
    }

    @Test
    @Order(3)
    void replica_reaches_the_internet_through_the_tenant_gateway_with_ttl_61() {
        assertThat(LabTestSupport.pingTtl(lab.namespace("acme", "web-02-replica"), LabNetwork.internetHostIp(), 3)).contains(61);
        assertThat(extension.relayCounters(ACME)).hasValueSatisfying(c -> assertThat(c.packetsIn()).isPositive());
    }

    @Test
    @Order(4)
    void killing_openvpn_brings_the_tunnel_back_by_itself() throws Exception {
        String neaT = lab.namespace("acme", "nea-t");
        List<Long> openvpn = LabTestSupport.pids(neaT).stream().filter(p -> comm(p).equals("openvpn")).toList();
        assertThat(openvpn).hasSize(1);

        ProcessHandle.of(openvpn.get(0)).orElseThrow().destroyForcibly();

        Instant deadline = Instant.now().plusSeconds(20);
        TunnelStatus s = extension.status(ACME);
        while (Instant.now().isBefore(deadline) && !(s.up() && s.restarts() >= 1)) {
            Thread.sleep(100);
            s = extension.status(ACME);
        }
        assertThat(s.up()).isTrue();
        assertThat(s.restarts()).isGreaterThanOrEqualTo(1);
        assertThat(LabTestSupport.pingTtl(lab.namespace("acme", "client"), "192.168.60.11", 5)).contains(62);
    }

    @Test
    @Order(5)
    void a_killed_and_restarted_gateway_process_leaves_the_tunnel_up_as_its_kernel_relay_kept_relaying() {
        int restartsBefore = extension.status(ACME).restarts();
        long relayedBefore = extension.relayCounters(ACME).orElseThrow().packetsIn();

        lab.restartGateway();

        assertThat(LabTestSupport.pingTtl(lab.namespace("acme", "client"), "192.168.60.11", 3)).contains(62);
        assertThat(extension.status(ACME).restarts()).as("the tunnel never restarted").isEqualTo(restartsBefore);
        assertThat(extension.relayCounters(ACME).orElseThrow().packetsIn()).as("the kernel's counts were kept")
                .isGreaterThan(relayedBefore);
    }

    @Test
    @Order(6)
    void a_restarted_portal_adopts_the_running_network_without_restarting_the_tunnel() {
        int restartsBefore = extension.status(ACME).restarts();
        NetworkExtension afterRestart = new NetworkExtension(new PoweredOnAppliances(lab, tokens), lab, store, NetworkExtension.Options.DEFAULT);

        TunnelStatus s = afterRestart.ensureUp(ACME);

        assertThat(afterRestart.failedOverIps(ACME)).containsExactly("192.168.60.11");
        assertThat(s.up()).isTrue();
        assertThat(s.restarts()).isEqualTo(restartsBefore);
        assertThat(LabTestSupport.pingTtl(lab.namespace("acme", "client"), "192.168.60.11", 3)).contains(62);
    }

    @Test
    @Order(7)
    void rotating_the_keys_brings_the_tunnel_back_with_the_new_identities() {
        String before = store.getOrIssue(ACME.tunnelName()).tenantSide().fingerprint();

        extension.rotateKeys(ACME);

        assertThat(store.getOrIssue(ACME.tunnelName()).tenantSide().fingerprint()).isNotEqualTo(before);
        assertThat(extension.status(ACME).up()).isTrue();
        assertThat(LabTestSupport.pingTtl(lab.namespace("acme", "client"), "192.168.60.11", 5)).contains(62);
    }

    @Test
    @Order(8)
    void acme_cannot_reach_globex_replica_at_the_same_address() {
        lab.addVmHost("globex", Side.PROVIDER_SEGMENT, "crm-01-replica", "192.168.60.12");
        extension.ensureUp(GLOBEX);
        extension.addFailedOverIp(GLOBEX, "192.168.60.12");

        assertThat(LabTestSupport.pingTtl(lab.namespace("globex", "client"), "192.168.60.12", 3)).contains(62);
        assertThat(LabTestSupport.pingTtl(lab.namespace("acme", "client"), "192.168.60.12", 2)).isEmpty();
    }

    @Test
    @Order(9)
    void a_second_network_of_acme_is_extended_beside_the_first_with_nea_pair_tunnel_and_relay_of_its_own() {
        lab.addNetwork(ACME_DMZ, "acme-dmz");
        lab.addVmHost("acme-dmz", Side.PROVIDER_SEGMENT, "proxy-01-replica", "192.168.70.10");
        extension.ensureUp(ACME_DMZ);
        extension.addFailedOverIp(ACME_DMZ, "192.168.70.10");

        assertThat(LabTestSupport.pingTtl(lab.namespace("acme-dmz", "client"), "192.168.70.10", 3)).contains(62);
        assertThat(LabTestSupport.pingTtl(lab.namespace("acme-dmz", "proxy-01-replica"), LabNetwork.internetHostIp(), 3)).contains(61);
        assertThat(LabTestSupport.pingTtl(lab.namespace("acme", "client"), "192.168.60.11", 3)).as("the LAN stays extended").contains(62);
        assertThat(LabTestSupport.namespaces()).contains(lab.namespace("acme-dmz", "nea-t"), lab.namespace("acme-dmz", "nea-p"),
                lab.namespace("acme", "nea-t"), lab.namespace("acme", "nea-p"));
        assertThat(extension.relayCounters(ACME_DMZ)).hasValueSatisfying(c -> assertThat(c.packetsIn()).isPositive());
        // neither network's replica reaches the other's through the extension
        assertThat(LabTestSupport.pingTtl(lab.namespace("acme-dmz", "proxy-01-replica"), "192.168.60.11", 2)).isEmpty();
        assertThat(LabTestSupport.pingTtl(lab.namespace("acme", "web-02-replica"), "192.168.70.10", 2)).isEmpty();
        assertThat(LabTestSupport.pingTtl(lab.namespace("globex", "client"), "192.168.70.10", 2)).isEmpty();
    }

    @Test
    @Order(10)
    void stopping_a_network_leaves_no_namespaces_interfaces_or_processes() {
        extension.stop(ACME);
        extension.stop(GLOBEX);
        extension.stop(ACME_DMZ);

        assertThat(LabTestSupport.namespaces()).noneMatch(ns -> ns.startsWith(prefix + "-") && ns.contains("-nea-"));
        // t<i> are the tenant routers' links: they stay while the tenant's site does
        assertThat(LabTestSupport.exec(prefix + "-cgw", "ip", "-o", "link")).doesNotContain("p1@", "p2@", "p3@");
        assertThat(ProcessHandle.allProcesses().map(p -> LabTestSupport.commandLine(p.pid()))
                .filter(line -> line.contains(prefix + "-") && line.contains("-nea-"))).isEmpty();
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().command().orElse("").endsWith("openvpn")
                && LabTestSupport.commandLine(p.pid()).contains("10.255.0."))
                .filter(p -> LabTestSupport.namespaces().stream().anyMatch(ns -> ns.startsWith(prefix)
                        && LabTestSupport.pids(ns).contains(p.pid())))).isEmpty();
        assertThat(extension.status(ACME).up()).isFalse();
    }

    private static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).trim();
        } catch (Exception e) {
            return "";
        }
    }
}
