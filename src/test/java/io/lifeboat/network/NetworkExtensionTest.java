package io.lifeboat.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lifeboat.appliance.ApplianceClient;
import io.lifeboat.appliance.ApplianceStatus;
import io.lifeboat.appliance.DesiredState;
import io.lifeboat.appliance.NeaRole;
import io.lifeboat.appliance.ProbeResult;
import io.lifeboat.pki.PrivateKeySealer;
import io.lifeboat.pki.TunnelCredentialStore;
import io.lifeboat.pki.TunnelPki;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link NetworkExtension}'s bookkeeping against in-memory NEAs (the {@link ApplianceClient} port without a socket):
 * a tenant's networks are extended, and taken back, independently of each other; a pre-flight probe of a network's
 * addresses starts its tenant NEA once. The real tunnel and probe are tested in {@code LabNetworkNamespaceTest}.
 */
class NetworkExtensionTest {

    private static final TenantNetworkRef OFFICE = new TenantNetworkRef(11, "acme", "192.168.60.0/24", "192.168.60.1", 3001);
    private static final TenantNetworkRef FACTORY = new TenantNetworkRef(12, "acme", "10.20.0.0/24", "10.20.0.1", 3002);

    private static final NetworkExtension.Options OPTIONS = new NetworkExtension.Options(Duration.ofSeconds(2), true,
            io.lifeboat.appliance.ArpMode.PCAP);

    private final InMemoryNeas neas = new InMemoryNeas();
    private TunnelCredentialStore credentials;
    private NetworkExtension extension;

    @BeforeEach
    void setUp(@TempDir Path dir) {
        credentials = new TunnelCredentialStore(dir, new PrivateKeySealer(new byte[32]), new TunnelPki());
        extension = new NetworkExtension(neas, neas, credentials, OPTIONS);
    }

    @Test
    void two_networks_of_one_tenant_hold_their_failed_over_ips_apart() {
        extension.addFailedOverIp(OFFICE, "192.168.60.11");
        extension.addFailedOverIp(FACTORY, "10.20.0.5");

        assertThat(extension.failedOverIps(OFFICE)).containsExactly("192.168.60.11");
        assertThat(extension.failedOverIps(FACTORY)).containsExactly("10.20.0.5");
        assertThat(neas.desired(OFFICE, NeaRole.TENANT).failedOver()).containsExactly("192.168.60.11");
        assertThat(neas.desired(FACTORY, NeaRole.TENANT).failedOver()).containsExactly("10.20.0.5");
        assertThat(neas.desired(FACTORY, NeaRole.PROVIDER).failedOver()).containsExactly("10.20.0.5");
    }

    @Test
    void stopping_one_network_of_a_tenant_leaves_its_other_network_extended() {
        extension.addFailedOverIp(OFFICE, "192.168.60.11");
        extension.addFailedOverIp(FACTORY, "10.20.0.5");

        extension.removeFailedOverIp(OFFICE, "192.168.60.11");
        extension.stop(OFFICE);

        assertThat(extension.failedOverIps(OFFICE)).isEmpty();
        assertThat(neas.isRunning(OFFICE, NeaRole.TENANT)).isFalse();
        assertThat(extension.failedOverIps(FACTORY)).containsExactly("10.20.0.5");
        assertThat(neas.isRunning(FACTORY, NeaRole.TENANT)).isTrue();
        assertThat(extension.status(FACTORY).up()).isTrue();
    }

    @Test
    void a_kept_tenant_nea_rests_on_its_lan_when_the_tunnel_closes_and_a_network_in_use_is_not_put_to_rest() {
        extension.addFailedOverIp(OFFICE, "192.168.60.11");
        extension.standBy(OFFICE);
        assertThat(neas.desired(OFFICE, NeaRole.TENANT).tunnel()).as("in use: left as it is").isNotNull();

        extension.removeFailedOverIp(OFFICE, "192.168.60.11");
        extension.stopKeepingTenantNea(OFFICE);

        assertThat(neas.isRunning(OFFICE, NeaRole.PROVIDER)).isFalse();
        assertThat(neas.isRunning(OFFICE, NeaRole.TENANT)).isTrue();
        DesiredState resting = neas.desired(OFFICE, NeaRole.TENANT);
        assertThat(resting.tunnel()).isNull();
        assertThat(resting.failedOver()).isEmpty();
        assertThat(extension.failedOverIps(OFFICE)).isEmpty();

        extension.stopTenantNea(OFFICE);
        assertThat(neas.isRunning(OFFICE, NeaRole.TENANT)).isFalse();
    }

    /**
     * After a portal restart the running tenant NEA is asked which IPs it extends. One that does not answer in time
     * must fail the change, not have those IPs forgotten: a desired state sent without them would take the replicas
     * already failed over off the tenant's LAN.
     */
    @Test
    void after_a_restart_a_change_fails_rather_than_forget_the_ips_a_silent_tenant_nea_extends() {
        extension.addFailedOverIp(OFFICE, "192.168.60.11");
        NetworkExtension restarted = new NetworkExtension(neas, neas, credentials, OPTIONS);   // its NEAs ran on
        neas.silentTenantStarts.set(1);

        assertThatThrownBy(() -> restarted.addFailedOverIp(OFFICE, "192.168.60.12")).isInstanceOf(ApplianceNotConnectedException.class);
        assertThat(neas.desired(OFFICE, NeaRole.TENANT).failedOver()).as("nothing sent while its IPs were unknown")
                .containsExactly("192.168.60.11");

        restarted.addFailedOverIp(OFFICE, "192.168.60.12");   // it answers again
        assertThat(neas.desired(OFFICE, NeaRole.TENANT).failedOver()).containsExactly("192.168.60.11", "192.168.60.12");
        assertThat(neas.desired(OFFICE, NeaRole.PROVIDER).failedOver()).containsExactly("192.168.60.11", "192.168.60.12");
    }

    /**
     * After a portal restart a tenant NEA whose agent is still dialling in has its IPs asked once it connected during
     * the start: sent a desired state without them, the replicas failed over before the restart would leave the LAN.
     */
    @Test
    void after_a_restart_a_tenant_nea_that_connects_again_only_during_the_next_start_keeps_extending_what_it_did() {
        extension.addFailedOverIp(OFFICE, "192.168.60.11");
        NetworkExtension restarted = new NetworkExtension(neas, neas, credentials, OPTIONS);
        neas.dialling.add(InMemoryNeas.key(OFFICE, NeaRole.TENANT));

        restarted.adopt(OFFICE);
        assertThat(restarted.failedOverIps(OFFICE)).as("not connected: nothing to ask yet").isEmpty();
        restarted.addFailedOverIp(OFFICE, "192.168.60.12");

        assertThat(neas.desired(OFFICE, NeaRole.TENANT).failedOver()).containsExactly("192.168.60.11", "192.168.60.12");
        assertThat(neas.desired(OFFICE, NeaRole.PROVIDER).failedOver()).containsExactly("192.168.60.11", "192.168.60.12");
        assertThat(restarted.failedOverIps(OFFICE)).containsExactlyInAnyOrder("192.168.60.11", "192.168.60.12");
    }

    /**
     * After a portal restart a provider NEA that ran on is asked what it extends before it is told anything: told "none"
     * while the tenant NEA dials in, it would answer ARP for the replicas' IPs on the provider segment meanwhile. And an
     * IP whose replica runs at the tenant site again (undone while the NEA was away) is not taken up again.
     */
    @Test
    void after_a_restart_the_provider_nea_is_never_told_less_than_it_extends_and_an_ip_released_meanwhile_is_not_taken_up() {
        extension.addFailedOverIps(OFFICE, Set.of("192.168.60.11", "192.168.60.14"));
        NetworkExtension restarted = new NetworkExtension(neas, neas, credentials, OPTIONS,
                (tenant, networkId, ip) -> ip.equals("192.168.60.14"));   // its replica was undone while the portal was down
        neas.dialling.add(InMemoryNeas.key(OFFICE, NeaRole.TENANT));
        int before = neas.applied(OFFICE, NeaRole.PROVIDER).size();

        restarted.addFailedOverIp(OFFICE, "192.168.60.12");

        assertThat(neas.applied(OFFICE, NeaRole.PROVIDER).subList(before, neas.applied(OFFICE, NeaRole.PROVIDER).size()))
                .isNotEmpty().allSatisfy(state -> assertThat(state.failedOver()).contains("192.168.60.11"));
        assertThat(neas.desired(OFFICE, NeaRole.TENANT).failedOver()).containsExactly("192.168.60.11", "192.168.60.12");
        assertThat(neas.desired(OFFICE, NeaRole.PROVIDER).failedOver()).containsExactly("192.168.60.11", "192.168.60.12");
    }

    /** After a portal restart, releasing one of two failed-over IPs keeps the other extended: the NEA is asked first. */
    @Test
    void after_a_restart_the_connected_tenant_nea_is_asked_what_it_extends_before_an_ip_is_released() {
        extension.addFailedOverIps(OFFICE, Set.of("192.168.60.11", "192.168.60.12"));
        NetworkExtension restarted = new NetworkExtension(neas, neas, credentials, OPTIONS);
        assertThat(restarted.carriesNothing(OFFICE)).as("unknown while its NEA runs").isFalse();

        restarted.adopt(OFFICE);
        assertThat(restarted.failedOverIps(OFFICE)).containsExactlyInAnyOrder("192.168.60.11", "192.168.60.12");
        restarted.removeFailedOverIp(OFFICE, "192.168.60.11");

        assertThat(neas.desired(OFFICE, NeaRole.TENANT).failedOver()).containsExactly("192.168.60.12");
        assertThat(restarted.carriesNothing(OFFICE)).isFalse();
    }

    /**
     * A release the tenant NEA refuses is not forgotten: the caller's retry releases the IP again. Before, the IP was
     * dropped from what the network extends before the NEAs took the change, so the retry found nothing held and
     * returned while the tenant NEA might still answer for the IP on the tenant's LAN.
     */
    @Test
    void a_release_the_tenant_nea_refuses_is_still_held_and_the_retry_releases_it() {
        extension.addFailedOverIps(OFFICE, Set.of("192.168.60.11", "192.168.60.12"));
        neas.tenantRefuses = true;

        assertThatThrownBy(() -> extension.removeFailedOverIp(OFFICE, "192.168.60.11")).isInstanceOf(NetworkExtensionException.class);
        assertThat(extension.failedOverIps(OFFICE)).containsExactlyInAnyOrder("192.168.60.11", "192.168.60.12");

        neas.tenantRefuses = false;
        extension.removeFailedOverIp(OFFICE, "192.168.60.11");
        assertThat(neas.desired(OFFICE, NeaRole.TENANT).failedOver()).containsExactly("192.168.60.12");
        assertThat(extension.failedOverIps(OFFICE)).containsExactly("192.168.60.12");
    }

    @Test
    void two_networks_of_one_tenant_have_tunnel_identities_of_their_own() {
        extension.addFailedOverIp(OFFICE, "192.168.60.11");
        extension.addFailedOverIp(FACTORY, "10.20.0.5");

        String officePeer = neas.desired(OFFICE, NeaRole.TENANT).tunnel().peerFingerprint();
        String factoryPeer = neas.desired(FACTORY, NeaRole.TENANT).tunnel().peerFingerprint();
        assertThat(officePeer).isNotBlank().isNotEqualTo(factoryPeer);
        assertThat(neas.desired(OFFICE, NeaRole.TENANT).tunnel().certPem())
                .isNotEqualTo(neas.desired(FACTORY, NeaRole.TENANT).tunnel().certPem());
    }

    @Test
    void probing_addresses_of_one_network_starts_its_tenant_nea_once_for_one_window_and_stops_it_again() {
        neas.claimed.put("192.168.60.11", "02:00:00:00:00:11");

        List<ProbeResult> results = extension.probe(OFFICE, List.of("192.168.60.12", "192.168.60.11", "192.168.60.10"), false);

        assertThat(results).extracting(ProbeResult::ip).containsExactly("192.168.60.12", "192.168.60.11", "192.168.60.10");
        assertThat(results).extracting(ProbeResult::answered).containsExactly(false, true, false);
        assertThat(results.get(1).mac()).isEqualTo("02:00:00:00:00:11");
        assertThat(neas.starts).containsExactly("11/TENANT");
        assertThat(neas.probeCalls).containsExactly(List.of("192.168.60.12", "192.168.60.11", "192.168.60.10"));
        assertThat(neas.isRunning(OFFICE, NeaRole.TENANT)).as("started for the probe, stopped after it").isFalse();
    }

    @Test
    void a_single_address_probe_is_the_one_element_case_and_may_leave_the_tenant_nea_running_for_a_failover() {
        ProbeResult free = extension.probe(OFFICE, "192.168.60.12", true);

        assertThat(free.answered()).isFalse();
        assertThat(neas.probeCalls).containsExactly(List.of("192.168.60.12"));
        assertThat(neas.isRunning(OFFICE, NeaRole.TENANT)).isTrue();
        assertThat(neas.isRunning(FACTORY, NeaRole.TENANT)).isFalse();
    }

    /**
     * The wizard's warm-up holds the network while its tunnel comes up; a pre-flight probe then needs only the tenant NEA
     * the start booted, and must not wait for the tunnel nor disturb the start (no NEA of its own, nothing stopped).
     */
    @Test
    void a_probe_during_a_start_goes_through_the_starts_tenant_nea_without_waiting_for_the_tunnel(@TempDir Path dir) throws Exception {
        NetworkExtension patient = new NetworkExtension(neas, neas,
                new TunnelCredentialStore(dir, new PrivateKeySealer(new byte[32]), new TunnelPki()),
                new NetworkExtension.Options(Duration.ofSeconds(20), true, io.lifeboat.appliance.ArpMode.PCAP));
        neas.claimed.put("192.168.60.11", "02:00:00:00:00:11");
        neas.tunnelHeld = new CountDownLatch(1);
        CompletableFuture<TunnelStatus> start = CompletableFuture.supplyAsync(() -> patient.ensureUp(OFFICE));
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> neas.isRunning(OFFICE, NeaRole.PROVIDER));

            List<ProbeResult> results = patient.probe(OFFICE, List.of("192.168.60.11", "192.168.60.12"), false);

            assertThat(results).extracting(ProbeResult::answered).containsExactly(true, false);
            assertThat(start).as("the tunnel is still coming up").isNotDone();
            assertThat(neas.starts).as("the start's tenant NEA, none of the probe's").containsExactlyInAnyOrder("11/PROVIDER", "11/TENANT");
        } finally {
            neas.tunnelHeld.countDown();
        }
        assertThat(start.get(10, TimeUnit.SECONDS).up()).isTrue();
        assertThat(neas.isRunning(OFFICE, NeaRole.TENANT)).as("the probe stopped nothing").isTrue();
        assertThat(neas.desired(OFFICE, NeaRole.TENANT).tunnel()).as("nor applied its resting state over the start's").isNotNull();
    }

    @Test
    void an_address_outside_the_network_probes_nothing_and_nothing_to_probe_starts_nothing() {
        assertThatThrownBy(() -> extension.probe(OFFICE, List.of("192.168.60.12", "10.20.0.5"), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10.20.0.5");
        assertThat(extension.probe(OFFICE, List.of(), false)).isEmpty();

        assertThat(neas.starts).isEmpty();
        assertThat(neas.probeCalls).isEmpty();
    }

    /** NEAs per network and role that apply whatever they are sent and report the tunnel up once configured. */
    private static final class InMemoryNeas implements ApplianceRuntime, TunnelRelay {

        private final Map<String, Nea> running = new HashMap<>();
        private final List<Long> relayFlows = new ArrayList<>();
        /** Who answers a probe on the tenant LANs: IP → MAC. */
        final Map<String, String> claimed = new ConcurrentHashMap<>();
        /** Each NEA start that found it not running, as network/role. */
        final List<String> starts = new CopyOnWriteArrayList<>();
        /** While held, no tunnel comes up (a start waits for it). */
        volatile CountDownLatch tunnelHeld = new CountDownLatch(0);
        /** The addresses of each multi-address probe the NEAs were asked for. */
        final List<List<String>> probeCalls = new CopyOnWriteArrayList<>();
        /** How many more starts of a tenant NEA fail as for an agent that does not answer in time. */
        final AtomicInteger silentTenantStarts = new AtomicInteger();

        /** While set, every tenant NEA refuses the states it is sent. */
        volatile boolean tenantRefuses;

        /** NEAs whose process runs, with its state, while their agent is not connected (dialling the portal again). */
        final Set<String> dialling = ConcurrentHashMap.newKeySet();

        static String key(TenantNetworkRef ref, NeaRole role) {
            return ref.networkId() + "/" + role;
        }

        synchronized DesiredState desired(TenantNetworkRef ref, NeaRole role) {
            return running.get(key(ref, role)).desired;
        }

        /** Every state the NEA was sent, in order. */
        synchronized List<DesiredState> applied(TenantNetworkRef ref, NeaRole role) {
            return List.copyOf(running.get(key(ref, role)).applied);
        }

        @Override
        public NeaPlacement placement(TenantNetworkRef ref, NeaRole role) {
            return new NeaPlacement("lan0", role == NeaRole.TENANT ? ref.gateway() : "169.254.0.1",
                    new InetSocketAddress("10.200." + ref.networkId() + ".2", 1194));
        }

        @Override
        public synchronized ApplianceClient start(TenantNetworkRef ref, NeaRole role, Duration timeout) {
            if (role == NeaRole.TENANT && silentTenantStarts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new ApplianceNotConnectedException("appliance " + key(ref, role) + " did not connect in time");
            }
            dialling.remove(key(ref, role));   // connected now
            return running.computeIfAbsent(key(ref, role), k -> {
                starts.add(k);
                return new Nea(role, this);
            });
        }

        @Override
        public synchronized boolean isRunning(TenantNetworkRef ref, NeaRole role) {
            return running.containsKey(key(ref, role)) && !dialling.contains(key(ref, role));
        }

        @Override
        public synchronized Set<String> connectedApplianceIds() {
            return Set.of();   // the connection record is not under test here
        }

        @Override
        public synchronized void stop(TenantNetworkRef ref, NeaRole role) {
            running.remove(key(ref, role));
        }

        @Override
        public synchronized InetSocketAddress open(TenantNetworkRef ref, InetSocketAddress providerNea) {
            relayFlows.add(ref.networkId());
            return new InetSocketAddress("100.64." + ref.networkId() + ".1", 1194);
        }

        @Override
        public synchronized void close(TenantNetworkRef ref) {
            relayFlows.remove(Long.valueOf(ref.networkId()));
        }

        @Override
        public Optional<RelayCounters> counters(TenantNetworkRef ref) {
            return Optional.empty();
        }
    }

    private static final class Nea implements ApplianceClient {

        private final NeaRole role;
        private final InMemoryNeas lan;
        private volatile DesiredState desired;
        private final List<DesiredState> applied = new CopyOnWriteArrayList<>();

        Nea(NeaRole role, InMemoryNeas lan) {
            this.role = role;
            this.lan = lan;
        }

        @Override
        public ApplianceStatus apply(DesiredState state) throws IOException {
            if (role == NeaRole.TENANT && lan.tenantRefuses) {
                throw new IOException("refused");
            }
            desired = state;
            applied.add(state);
            return status();
        }

        @Override
        public ApplianceStatus status() {
            boolean configured = desired != null && desired.tunnel() != null;
            boolean up = configured && lan.tunnelHeld.getCount() == 0;
            return new ApplianceStatus(role, up, up ? 0.4 : null, 0, 0, 0, up ? 1L : null,
                    desired == null ? List.of() : desired.failedOver(), 0, 0, 0, null, configured, List.of());
        }

        @Override
        public ProbeResult probe(String ip, long windowMs) {
            String mac = lan.claimed.get(ip);
            return new ProbeResult(ip, mac != null, mac, mac != null ? 1 : windowMs);
        }

        @Override
        public List<ProbeResult> probe(List<String> ips, long windowMs) throws IOException {
            lan.probeCalls.add(List.copyOf(ips));
            return ApplianceClient.super.probe(ips, windowMs);
        }

        @Override
        public void announce(String ip) {
        }

        @Override
        public void announce(String ip, String mac) {
        }

        @Override
        public void shutdown() {
        }
    }
}
