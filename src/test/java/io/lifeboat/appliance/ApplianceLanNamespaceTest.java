package io.lifeboat.appliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lifeboat.lab.network.LabNetwork;
import io.lifeboat.lab.network.LabTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 11 points 4 and 5 on a real LAN of namespaces: the tenant NEA (the real {@link Appliance} with its pcap port,
 * in a JVM of its own), a LAN host whose ARP cache and wire we look at, and the original VM's station.
 */
@Tag("netns")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApplianceLanNamespaceTest {

    private static final String NEA_MAC = "02:00:00:00:00:fe";
    private static final String HOST_MAC = "02:00:00:00:00:20";
    private static final String VM_MAC = "02:00:00:00:00:11";
    private static final String IP_11 = "192.168.60.11";
    private static final Duration DETECTION_BUDGET = Duration.ofSeconds(1);

    private TestLan lan;
    private String prefix;
    private ApplianceClient nea;
    private TestLan.Jvm neaJvm;
    private Path neaState;
    private TestLan.Jvm tap;

    @BeforeAll
    void buildLan() throws Exception {
        assumeTrue(LabNetwork.isRoot(), "namespace tests need root (ip netns, veth, pcap): skipped");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/arping")), "needs arping (apt-get install arping): skipped");
        LabTestSupport.sweepStaleTestRuns();
        prefix = LabTestSupport.uniquePrefix() + "-arpw";
        Path run = LabTestSupport.runDir(prefix);
        Files.createDirectories(run);
        lan = new TestLan(prefix);
        try {
            lan.host("nea", "lan0", NEA_MAC, "192.168.60.254/24");
            lan.host("host", "eth0", HOST_MAC, "192.168.60.20/24");
            lan.host("vm", "eth0", VM_MAC, null);
            neaState = run.resolve("nea.state");
            neaJvm = lan.java("nea", StdioAppliance.class, run.resolve("nea.log"), "lan0", neaState.toString());
            assertThat(neaJvm.ready).isEqualTo("READY " + NEA_MAC);
            nea = neaJvm.client();
            tap = lan.java("host", ArpTap.class, run.resolve("tap.log"), "eth0");
        } catch (Exception | AssertionError e) {
            lan.close();
            throw e;
        }
    }

    @AfterAll
    void removeLan() {
        if (lan != null) {
            lan.close();
            assertThat(LabTestSupport.namespaces()).noneMatch(ns -> ns.startsWith(prefix + "-"));
        }
    }

    private static DesiredState tenant(ArpMode mode, String... failedOver) {
        return new DesiredState(NeaRole.TENANT, "lan0", "192.168.60.0/24", "192.168.60.254", List.of(failedOver), mode, null);
    }

    @Test
    @Order(1)
    void announcing_for_the_original_vm_turns_a_lan_hosts_cache_from_the_nea_to_the_vm_in_frames_from_the_nea() throws Exception {
        nea.apply(tenant(ArpMode.PCAP, IP_11));
        lan.in("host", "ping", "-n", "-c", "1", "-W", "1", IP_11);            // resolved through the NEA's proxy-ARP
        assertThat(lan.neighbour("host", IP_11)).contains("lladdr " + NEA_MAC);
        nea.apply(tenant(ArpMode.PCAP));                                       // the portal releases the IP first
        tap.drain();

        long t0 = System.nanoTime();
        nea.announce(IP_11, VM_MAC);
        long flipMs = awaitNeighbour("host", IP_11, VM_MAC);
        System.out.println("announce(ip, vm mac) -> host's cache flipped after " + flipMs + " ms (incl. the control call)");

        TestLan.sleep(300);                                                    // the later rounds
        List<ArpFrame> sent = tap.drain().stream().map(l -> frame(l)).filter(f -> f.senderIp() == Ipv4.parse(IP_11)).toList();
        assertThat(sent).hasSize(2 * ArpAnnouncer.ROUNDS.size()).allSatisfy(f -> {
            assertThat(f.ethSource()).hasToString(NEA_MAC);
            assertThat(f.ethDestination()).isEqualTo(MacAddress.BROADCAST);
            assertThat(f.senderMac()).hasToString(VM_MAC);
            assertThat(f.isGratuitous()).isTrue();
        });
        assertThat(sent).extracting(ArpFrame::op).contains(ArpFrame.REQUEST, ArpFrame.REPLY);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    @Order(2)
    void announcing_works_with_kernel_proxy_arp_too() throws Exception {
        nea.apply(tenant(ArpMode.KERNEL, "192.168.60.12"));
        lan.in("host", "ip", "neigh", "replace", "192.168.60.12", "lladdr", NEA_MAC, "dev", "eth0", "nud", "reachable");
        assertThat(lan.neighbour("host", "192.168.60.12")).contains("lladdr " + NEA_MAC);
        nea.apply(tenant(ArpMode.KERNEL));

        nea.announce("192.168.60.12", VM_MAC);

        System.out.println("KERNEL mode: flipped after " + awaitNeighbour("host", "192.168.60.12", VM_MAC) + " ms");
    }

    @Test
    @Order(2)
    void a_group_mac_is_refused_with_a_message_saying_why() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> nea.announce(IP_11, "ff:ff:ff:ff:ff:ff"))
                .isInstanceOf(ControlProtocol.RefusedException.class).hasMessageContaining("not a unicast MAC");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> nea.announce(IP_11, "02:00:00:00:11"))
                .isInstanceOf(ControlProtocol.RefusedException.class).hasMessageContaining("not a MAC address");
    }

    @Test
    @Order(3)
    void another_station_announcing_a_failed_over_ip_is_reported_within_a_second_and_own_or_other_frames_never() throws Exception {
        nea.apply(tenant(ArpMode.PCAP, IP_11));                               // the NEA announces .11 itself: own frames
        lan.in("host", "ping", "-n", "-c", "1", "-W", "1", IP_11);            // a host asking for the IP
        garp("vm", "192.168.60.13");                                          // the VM's station announcing another IP
        TestLan.sleep(300);
        assertThat(nea.status().conflicts()).isEmpty();

        tap.drain();
        long startedAt = System.currentTimeMillis();
        garp("vm", IP_11);
        List<ArpConflict> seen = awaitConflicts(1);
        long visibleAt = System.currentTimeMillis();
        // the frame's time on the LAN, as the host's capture stamped it
        long onWireAt = tap.drain().stream().filter(l -> frame(l).senderMac().toString().equals(VM_MAC))
                .mapToLong(l -> Long.parseLong(l.substring(0, l.indexOf(' '))) / 1000).min().orElseThrow();
        long visibleMs = visibleAt - onWireAt;
        System.out.println("gratuitous ARP from another MAC on the wire -> recorded by the NEA after "
                + (seen.get(0).firstSeenEpochMs() - onWireAt) + " ms, in status() after " + visibleMs + " ms (polling every 10 ms; "
                + (visibleAt - startedAt) + " ms after arping was started)");

        assertThat(seen).singleElement().satisfies(c -> {
            assertThat(c.ip()).isEqualTo(IP_11);
            assertThat(c.mac()).isEqualTo(VM_MAC);
            assertThat(c.probe()).isFalse();
        });
        assertThat(visibleMs).isLessThan(DETECTION_BUDGET.toMillis());

        lan.in("host", "arping", "-q", "-0", "-c", "1", "-w", "0", "-i", "eth0", IP_11);   // an RFC 5227 probe
        assertThat(awaitConflicts(2)).filteredOn(ArpConflict::probe).singleElement()
                .satisfies(c -> assertThat(c.mac()).isEqualTo(HOST_MAC));

        nea.apply(tenant(ArpMode.PCAP));
        assertThat(nea.status().conflicts()).isEmpty();
    }

    @Test
    @Order(4)
    void the_watchdog_runs_with_kernel_proxy_arp_too_and_sees_gratuitous_replies() throws Exception {
        nea.apply(tenant(ArpMode.KERNEL, IP_11));

        lan.in("vm", "arping", "-q", "-U", "-P", "-c", "1", "-w", "0", "-i", "eth0", "-S", IP_11, IP_11);   // reply form

        assertThat(awaitConflicts(1)).extracting(ArpConflict::mac).containsExactly(VM_MAC);
        nea.apply(tenant(ArpMode.KERNEL));
        assertThat(nea.status().conflicts()).isEmpty();
    }

    @Test
    @Order(4)
    void a_silent_machine_that_has_a_failed_over_ip_answers_the_neas_probe_and_is_reported() throws Exception {
        String ip = "192.168.60.15";
        lan.in("vm", "ip", "addr", "add", ip + "/24", "dev", "eth0");   // no announcement: a host whose neighbours know it already
        try {
            long applied = System.currentTimeMillis();
            nea.apply(tenant(ArpMode.PCAP, ip));

            List<ArpConflict> seen = awaitConflicts(1);
            System.out.println("a silent machine with a failed-over IP: in status() " + (System.currentTimeMillis() - applied)
                    + " ms after the apply (the NEA probes a newly failed-over IP at once, then every second)");
            assertThat(seen).singleElement().satisfies(c -> {
                assertThat(c.ip()).isEqualTo(ip);
                assertThat(c.mac()).isEqualTo(VM_MAC);
                assertThat(c.probe()).as("it answered with the IP as its own").isFalse();
            });
            long first = seen.get(0).lastSeenEpochMs();
            TestLan.sleep(1_500);
            assertThat(nea.status().conflicts()).singleElement().satisfies(c -> assertThat(c.lastSeenEpochMs())
                    .as("answered the next round's probe too").isGreaterThan(first));
        } finally {
            lan.in("vm", "ip", "addr", "del", ip + "/24", "dev", "eth0");
            nea.apply(tenant(ArpMode.PCAP));
        }
        assertThat(nea.status().conflicts()).isEmpty();
    }

    @Test
    @Order(5)
    void a_copy_the_portal_refused_stands_down_proxies_nothing_and_forgets_its_saved_state_until_it_is_let_in() throws Exception {
        String ip = "192.168.60.14";
        nea.apply(tenant(ArpMode.PCAP, ip));
        assertThat(answersArpFor(ip)).as("it proxies the failed-over IP while it holds the state").isTrue();
        assertThat(neaState.resolve("desired.json")).exists();

        neaJvm.call(ControlProtocol.JSON.createObjectNode().put("op", StdioAppliance.STAND_DOWN));

        assertThat(answersArpFor(ip)).as("a copy must not answer for the original's IPs").isFalse();
        assertThat(nea.status().failedOver()).isEmpty();
        assertThat(neaState.resolve("desired.json")).as("a restart of the copy takes nothing up again").doesNotExist();
        assertThat(neaState.resolve("tunnel.key")).doesNotExist();

        nea.apply(tenant(ArpMode.PCAP, ip));   // the original is gone and the portal let this one in: it sends the state
        assertThat(answersArpFor(ip)).isTrue();
    }

    /**
     * A guest shut down or the agent's service restarted (SIGTERM, not the portal's {@code shutdown}) keeps the saved
     * state: the next start proxies the failed-over IP again before any portal is there to say so.
     */
    @Test
    @Order(6)
    void an_agent_ended_by_sigterm_keeps_its_saved_state_and_its_next_start_extends_the_ip_again() throws Exception {
        String ip = "192.168.60.15";
        nea.apply(tenant(ArpMode.PCAP, ip));

        neaJvm.terminate();
        assertThat(answersArpFor(ip)).as("ended: nothing answers for it").isFalse();
        assertThat(neaState.resolve("desired.json")).as("kept across the stop").exists();
        neaJvm = lan.java("nea", StdioAppliance.class, neaState.resolveSibling("nea-again.log"), "lan0", neaState.toString());
        nea = neaJvm.client();

        assertThat(answersArpFor(ip)).as("proxied again from the saved state, nothing sent").isTrue();
        assertThat(nea.status().failedOver()).containsExactly(ip);
    }

    /** Whether an ARP request from the LAN host for {@code ip} gets the NEA's answer within a second. */
    private boolean answersArpFor(String ip) {
        return lan.in("host", "arping", "-c", "1", "-w", "1", "-i", "eth0", ip).toLowerCase().contains(NEA_MAC);
    }

    /** A line of {@link ArpTap}: {@code <epoch µs> <hex>}. */
    private static ArpFrame frame(String tapLine) {
        return ArpFrame.parse(HexFormat.of().parseHex(tapLine.substring(tapLine.indexOf(' ') + 1))).orElseThrow();
    }

    /** One gratuitous ARP request for {@code ip} from host {@code name} (arping exits 1: nobody answers). */
    private void garp(String name, String ip) {
        lan.in(name, "arping", "-q", "-U", "-c", "1", "-w", "0", "-i", "eth0", "-S", ip, ip);
    }

    private long awaitNeighbour(String host, String ip, String mac) {
        long t0 = System.nanoTime();
        long deadline = t0 + Duration.ofSeconds(3).toNanos();
        String entry = lan.neighbour(host, ip);
        while (!entry.contains("lladdr " + mac)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(host + "'s entry for " + ip + " is still '" + entry + "', not " + mac);
            }
            TestLan.sleep(5);
            entry = lan.neighbour(host, ip);
        }
        return Duration.ofNanos(System.nanoTime() - t0).toMillis();
    }

    /** Polls status (faster than the portal's 250 ms, to measure) until it lists {@code count} conflicts. */
    private List<ArpConflict> awaitConflicts(int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        List<ArpConflict> seen = nea.status().conflicts();
        while (seen.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " conflicts, status holds " + seen);
            }
            TestLan.sleep(10);
            seen = nea.status().conflicts();
        }
        return seen;
    }
}
