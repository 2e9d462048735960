package io.lifeboat.network;

import io.lifeboat.appliance.ApplianceClient;
import io.lifeboat.appliance.ApplianceStatus;
import io.lifeboat.appliance.ArpConflict;
import io.lifeboat.appliance.ArpMode;
import io.lifeboat.appliance.DesiredState;
import io.lifeboat.appliance.Ipv4;
import io.lifeboat.appliance.NeaRole;
import io.lifeboat.appliance.ProbeResult;
import io.lifeboat.pki.TenantTunnelCredentials;
import io.lifeboat.pki.TunnelCredentialStore;
import io.lifeboat.shared.DaemonThreads;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The portal's API for extending tenant networks: a bean of this room ({@code NetworkConfiguration}) over whichever
 * {@link ApplianceRuntime} and {@link TunnelRelay} the installation provides, configured by {@code lifeboat.network.*};
 * plain Java otherwise, so tests build one over their own runtime. One tenant network = one NEA pair
 * + one relay flow + one OpenVPN tunnel. All operations are idempotent and safe to repeat after a portal restart:
 * the NEAs keep running on their own and report the failed-over IPs they hold, which {@link #ensureUp} adopts.
 * Errors are {@link NetworkExtensionException}s whose message is fit for a task log.
 */
public final class NetworkExtension {

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(NetworkExtension.class.getName());

    /** How long a pre-flight probe listens for anyone claiming an address (three probes 100 ms apart fit in it). */
    static final long PROBE_WINDOW_MS = 300;

    /**
     * @param upTimeout    how long {@link #ensureUp} waits for the tunnel
     * @param tunedTunnel  OpenVPN socket buffers / txqueuelen / fast-io (on in the product; off only to compare)
     */
    public record Options(Duration upTimeout, boolean tunedTunnel, ArpMode arpMode) {
        public static final Options DEFAULT = new Options(Duration.ofSeconds(20), true, ArpMode.PCAP);
    }

    private final ApplianceRuntime runtime;
    private final TunnelRelay relay;
    private final TunnelCredentialStore credentials;
    private final Options options;
    private final ReleasedAddresses released;
    private final Map<Long, Set<String>> failedOver = new ConcurrentHashMap<>();
    /** The NEA pair of each network that is up: what the hot path needs. */
    private final Map<Long, ExtendedPair> pairs = new ConcurrentHashMap<>();
    private final Map<Long, Object> locks = new ConcurrentHashMap<>();
    /**
     * Per network whose start ({@link #ensureUp}) is under way: its tenant NEA once connected. A probe needs no more, and
     * goes through it then instead of waiting behind the network's lock until the tunnel is up (seconds more).
     */
    private final Map<Long, CompletableFuture<ApplianceClient>> tenantsOfStarts = new ConcurrentHashMap<>();
    /**
     * The steps of a start that run beside the caller's (the tenant NEA's boot, the relay flows): threads of their own,
     * since they block for seconds and the common pool has one thread on two cores.
     */
    private final ExecutorService steps = DaemonThreads.cachedPool("network-extension-start");

    public NetworkExtension(ApplianceRuntime runtime, TunnelRelay relay, TunnelCredentialStore credentials, Options options) {
        this(runtime, relay, credentials, options, ReleasedAddresses.NONE);
    }

    public NetworkExtension(ApplianceRuntime runtime, TunnelRelay relay, TunnelCredentialStore credentials, Options options,
                            ReleasedAddresses released) {
        this.runtime = runtime;
        this.relay = relay;
        this.credentials = credentials;
        this.options = options;
        this.released = released;
        runtime.onApplianceConnected(this::resync);
    }

    /**
     * Starts the NEA pair, the relay flow and the tunnel for {@code ref} if they are not running, and returns once
     * the tunnel is up.
     *
     * @throws NetworkExtensionException when the tunnel is not up within {@link Options#upTimeout()}
     */
    public TunnelStatus ensureUp(TenantNetworkRef ref) {
        CompletableFuture<ApplianceClient> tenantConnected = new CompletableFuture<>();
        synchronized (lock(ref)) {
            tenantsOfStarts.put(ref.networkId(), tenantConnected);
            try {
                return bringUp(ref, tenantConnected);
            } finally {
                tenantsOfStarts.remove(ref.networkId(), tenantConnected);
                tenantConnected.completeExceptionally(new NetworkExtensionException("the start ended before the tenant NEA connected"));
            }
        }
    }

    private TunnelStatus bringUp(TenantNetworkRef ref, CompletableFuture<ApplianceClient> tenantConnected) {
        Instant started = Instant.now();
        Instant deadline = started.plus(options.upTimeout());
        adopt(ref);
        Set<String> known = failedOver.get(ref.networkId());
        Set<String> ips = known != null ? known : ipSet();
        TenantTunnelCredentials creds = credentials.getOrIssue(ref.tunnelName());
        NeaPlacement p = runtime.placement(ref, NeaRole.PROVIDER);
        Boot b = bootAll(ref, ips, known == null, creds, p, tenantConnected);
        ApplianceClient provider = b.provider();
        ApplianceClient tenant = b.tenant();
        if (known == null) {   // the tenant NEA was not connected to be asked before: it is now
            adoptResumed(ref, ips, b, creds, p);
            failedOver.put(ref.networkId(), ips);
        }
        List<InetSocketAddress> relayAddresses = b.relayAddresses();
        ExtendedPair pair = new ExtendedPair(ref, creds, p, runtime.placement(ref, NeaRole.TENANT), provider, tenant, relayAddresses, options);
        pair.apply(NeaRole.TENANT, ips);
        pairs.put(ref.networkId(), pair);
        ApplianceStatus last = null;
        while (Instant.now().isBefore(deadline)) {
            last = ExtendedPair.status(tenant, ref);
            if (last.tunnelUp()) {
                Instant now = Instant.now();
                LOG.info(() -> "tunnel " + ref.tunnelName() + " up in " + ms(started, now) + " ms (provider NEA "
                        + ms(started, b.providerUp()) + ", its server bound " + ms(b.providerUp(), b.listening())
                        + ", then waiting for the tenant NEA and the relay flows " + ms(b.listening(), b.ready())
                        + ", handshake " + ms(b.ready(), now) + ")");
                return ExtendedPair.toTunnelStatus(last);
            }
            sleep(20);
        }
        String why = last != null && last.lastError() != null ? last.lastError() : lastErrorOf(provider);
        throw new NetworkExtensionException("VPN tunnel of " + ref.tenant() + " not up within "
                + options.upTimeout().toSeconds() + " s" + (why == null ? "" : ": " + why));
    }

    /** Both NEAs connected, the provider's tunnel server bound, the relay flows open; and when each was reached. */
    private record Boot(ApplianceClient provider, ApplianceClient tenant, List<InetSocketAddress> relayAddresses,
                        Instant providerUp, Instant listening, Instant ready) {
    }

    /**
     * Nothing waits longer than it must: both NEAs boot in parallel; once the provider NEA is up (a gateway's relay
     * may bind on its link), its tunnel server starts and the relay flows open side by side, while the tenant NEA may
     * still be booting; only the tenant NEA's client (the caller's next step) waits for all of them.
     */
    private Boot bootAll(TenantNetworkRef ref, Set<String> ips, boolean unknown, TenantTunnelCredentials creds, NeaPlacement p,
                         CompletableFuture<ApplianceClient> tenantConnected) {
        CompletableFuture<ApplianceClient> tenantBoot = CompletableFuture.supplyAsync(
                () -> runtime.start(ref, NeaRole.TENANT, options.upTimeout()), steps);
        tenantBoot.thenAccept(tenantConnected::complete);
        ApplianceClient provider = runtime.start(ref, NeaRole.PROVIDER, options.upTimeout());
        Instant providerUp = Instant.now();
        if (unknown) {   // a provider NEA that ran on (or resumed its saved state) is asked before it is told: not told "none"
            ips.addAll(stillFailedOver(ref, ExtendedPair.status(provider, ref).failedOver()));
        }
        CompletableFuture<List<InetSocketAddress>> relayFlows = CompletableFuture.supplyAsync(
                () -> relay.openAll(ref, p.tunnelEndpoint()), steps);
        try {
            ExtendedPair.apply(provider, NeaDesiredStates.provider(ref, ips, creds, p, options), ref, NeaRole.PROVIDER);
            // A client that starts before the server is bound waits for OpenVPN's retransmit: avoid that.
            awaitListening(provider, Instant.now().plusSeconds(3));
            Instant listening = Instant.now();
            ApplianceClient tenant = join(tenantBoot, "tenant NEA did not start");
            List<InetSocketAddress> relayAddresses = join(relayFlows, "the Cloud Gateways' relay flows did not open");
            return new Boot(provider, tenant, relayAddresses, providerUp, listening, Instant.now());
        } catch (RuntimeException e) {
            relayFlows.handle((flows, failure) -> flows).join();   // so that a roll-back closes them after they opened
            throw e;
        }
    }

    /** Extends {@code ip} to the provider: provider NEA stops answering for it, tenant NEA starts (gratuitous ARP). */
    public void addFailedOverIp(TenantNetworkRef ref, String ip) {
        addFailedOverIps(ref, Set.of(ip));
    }

    /** As {@link #addFailedOverIp} for several IPs at once: one apply on each NEA. */
    public void addFailedOverIps(TenantNetworkRef ref, Set<String> newIps) {
        newIps.forEach(ip -> checkIp(ref, ip));
        synchronized (lock(ref)) {
            // known before it is pushed: when only one NEA took it, the caller's roll-back releases it from both
            Set<String> ips = running(ref);
            ips.addAll(newIps);
            pushBoth(ref, ips, true);
        }
    }

    /**
     * Undoes {@link #addFailedOverIp}: the tenant NEA stops answering first, then the provider NEA proxies it again. The
     * IP counts as released only once both took it: a release that failed is repeated in full by the caller's retry (it
     * was forgotten before, so the retry found nothing held while the tenant NEA might still answer for the IP).
     */
    public void removeFailedOverIp(TenantNetworkRef ref, String ip) {
        synchronized (lock(ref)) {
            Set<String> ips = copyOf(running(ref));
            ips.remove(ip);
            pushBoth(ref, ips, false);
            failedOver.put(ref.networkId(), ips);
        }
    }

    public Set<String> failedOverIps(TenantNetworkRef ref) {
        Set<String> ips = failedOver.get(ref.networkId());
        return ips == null ? Set.of() : Set.copyOf(ips);
    }

    /** Whether the tenant NEA announces a newly failed-over IP on the LAN (gratuitous ARP); the kernel's proxy-ARP does not. */
    boolean announcesOnTheLan() {
        return options.arpMode() == ArpMode.PCAP;
    }

    /**
     * Whether this network is known to extend no failed-over IP: false while a start could not yet ask a running tenant
     * NEA what it extends (after a portal restart), as much as while IPs are failed over.
     */
    boolean carriesNothing(TenantNetworkRef ref) {
        Set<String> ips = failedOver.get(ref.networkId());
        return ips == null ? !runtime.isRunning(ref, NeaRole.TENANT) : ips.isEmpty();
    }

    /** Stops both NEAs, closes the relay flow and removes everything of this network. Idempotent. */
    public void stop(TenantNetworkRef ref) {
        synchronized (lock(ref)) {
            runtime.stop(ref, NeaRole.TENANT);
            closeTunnel(ref);
        }
    }

    /** The relay flow closed, the provider NEA stopped, and this network's failed-over IPs and NEA pair forgotten. */
    private void closeTunnel(TenantNetworkRef ref) {
        relay.close(ref);
        runtime.stop(ref, NeaRole.PROVIDER);
        failedOver.remove(ref.networkId());
        pairs.remove(ref.networkId());
    }

    /**
     * As {@link #stop}, but the tenant NEA stays connected on its LAN with nothing proxied and no tunnel (its tenant keeps
     * it running): the next failover boots only the provider NEA. Idempotent.
     *
     * @throws NetworkExtensionException when the tenant NEA does not take its standby state (the network is stopped anyway)
     */
    public void stopKeepingTenantNea(TenantNetworkRef ref) {
        synchronized (lock(ref)) {
            closeTunnel(ref);
            standBy(ref);
        }
    }

    /**
     * The tenant NEA connected on its LAN with nothing proxied and no tunnel, its VM running (the caller powered it on):
     * what a network whose tenant keeps its NEA running rests in between failovers. A network in use is left alone.
     *
     * @throws NetworkExtensionException when the agent does not connect within the up timeout or refuses the state
     */
    public void standBy(TenantNetworkRef ref) {
        synchronized (lock(ref)) {
            if (!pairs.containsKey(ref.networkId())) {
                applyStandby(ref, runtime.start(ref, NeaRole.TENANT, options.upTimeout()));
            }
        }
    }

    private void applyStandby(TenantNetworkRef ref, ApplianceClient tenant) {
        NeaPlacement p = runtime.placement(ref, NeaRole.TENANT);
        ExtendedPair.apply(tenant, new DesiredState(NeaRole.TENANT, p.lanInterface(), ref.subnet(), p.ownIp(), List.of(), ArpMode.PCAP, null),
                ref, NeaRole.TENANT);
    }

    /** Stops the tenant NEA's agent alone (its tenant no longer keeps it running and the network is not in use). */
    public void stopTenantNea(TenantNetworkRef ref) {
        synchronized (lock(ref)) {
            if (!pairs.containsKey(ref.networkId())) {
                runtime.stop(ref, NeaRole.TENANT);
            }
        }
    }

    /**
     * RFC 5227 ARP probe for {@code ip} on the tenant LAN through the tenant NEA. If the tenant NEA is not running,
     * it is started for the probe (without tunnel) and stopped again — the same path production takes, so a
     * pre-flight never depends on lab-only shortcuts.
     */
    public ProbeResult probe(TenantNetworkRef ref, String ip) {
        return probe(ref, ip, false);
    }

    /**
     * As {@link #probe(TenantNetworkRef, String)}; with {@code keepRunning} a tenant NEA started for the probe is left
     * running, for a failover that follows (its VM stays on for it, and its agent with it).
     */
    public ProbeResult probe(TenantNetworkRef ref, String ip, boolean keepRunning) {
        return probe(ref, List.of(ip), keepRunning).get(0);
    }

    /**
     * As {@link #probe(TenantNetworkRef, String, boolean)} for every address of {@code ips} at once: one NEA start, one
     * listening window (an appliance that predates that probes one address after another). One result per address, in
     * the order given; nothing to probe starts nothing. While a start of the network is under way, the probe goes through
     * its tenant NEA as soon as that connects, without waiting for the tunnel.
     *
     * @throws IllegalArgumentException when an address is not in the network's subnet (nothing is probed)
     * @throws NetworkExtensionException when the tenant NEA cannot be started or the probe fails (no result at all)
     */
    public List<ProbeResult> probe(TenantNetworkRef ref, List<String> ips, boolean keepRunning) {
        ips.forEach(ip -> checkIp(ref, ip));
        if (ips.isEmpty()) {
            return List.of();
        }
        Optional<ApplianceClient> starting = tenantOfStart(ref);
        if (starting.isPresent()) {   // the start owns the NEA: nothing to apply or stop
            return probeThrough(starting.get(), ref, ips);
        }
        synchronized (lock(ref)) {
            boolean wasRunning = runtime.isRunning(ref, NeaRole.TENANT);
            try {
                ApplianceClient tenant = runtime.start(ref, NeaRole.TENANT, options.upTimeout());
                if (!wasRunning) {
                    applyStandby(ref, tenant);
                }
                return probeThrough(tenant, ref, ips);
            } finally {
                if (!wasRunning && !keepRunning) {
                    runtime.stop(ref, NeaRole.TENANT);
                }
            }
        }
    }

    /** Whether a start ({@link #ensureUp}) of {@code ref} is under way: its probes then need neither lock nor VM of their own. */
    public boolean starting(TenantNetworkRef ref) {
        return tenantsOfStarts.containsKey(ref.networkId());
    }

    /**
     * The tenant NEA of a start of {@code ref} under way, once its agent has connected (the probe waits for that, not for
     * the tunnel); empty when no start is under way or it ended first. The agent runs its commands one at a time, so the
     * probe and the start's own apply never interleave on it.
     */
    private Optional<ApplianceClient> tenantOfStart(TenantNetworkRef ref) {
        CompletableFuture<ApplianceClient> connected = tenantsOfStarts.get(ref.networkId());
        if (connected == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(connected.get(options.upTimeout().toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty();   // the start failed or hangs: the probe starts the tenant NEA itself
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetworkExtensionException("interrupted", e);
        }
    }

    private static List<ProbeResult> probeThrough(ApplianceClient tenant, TenantNetworkRef ref, List<String> ips) {
        try {
            return tenant.probe(ips, PROBE_WINDOW_MS);
        } catch (IOException e) {
            String what = ips.size() == 1 ? ips.get(0) : ips.size() + " addresses";
            throw new NetworkExtensionException("ARP probe of " + what + " for " + ref.tenant() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Issues new key pairs for both ends of {@code ref}'s tunnel (old fingerprints stop being accepted). If the
     * network is extended, both NEAs get the new keys at once and the tunnel restarts once (a few seconds).
     */
    public void rotateKeys(TenantNetworkRef ref) {
        synchronized (lock(ref)) {
            credentials.rotate(ref.tunnelName());
            Set<String> ips = failedOver.get(ref.networkId());
            if (ips != null && pairs.containsKey(ref.networkId())) {
                pairs.remove(ref.networkId());
                ensureUp(ref);
            }
        }
    }

    /** The tunnel as the tenant NEA reports it; {@link TunnelStatus#DOWN} when the network is not extended. */
    public TunnelStatus status(TenantNetworkRef ref) {
        if (!runtime.isRunning(ref, NeaRole.TENANT)) {
            return TunnelStatus.DOWN;
        }
        try {
            return ExtendedPair.toTunnelStatus(runtime.start(ref, NeaRole.TENANT, Duration.ofSeconds(1)).status());
        } catch (IOException | NetworkExtensionException e) {
            return TunnelStatus.DOWN;
        }
    }

    /** Whether the NEA's agent runs (in production: its stream is open here, which outlives a VM powered off unseen). */
    public boolean applianceRunning(TenantNetworkRef ref, NeaRole role) {
        return runtime.isRunning(ref, role);
    }

    /** As {@link #applianceRunning}, its agent asked now ({@link ApplianceRuntime#answers}): asked before its VM is left alone. */
    public boolean applianceAnswers(TenantNetworkRef ref, NeaRole role) {
        return runtime.answers(ref, role);
    }

    /** Why networks cannot be extended here now (the runtime's reason); null when they can. */
    public String unavailableReason() {
        return runtime.unavailableReason();
    }

    /** The networks whose tenant NEA proxies failed-over IPs now (extended by this portal node). */
    public List<TenantNetworkRef> extendedNetworks() {
        return pairs.values().stream().map(ExtendedPair::ref).filter(ref -> !failedOverIps(ref).isEmpty()).toList();
    }

    /**
     * Other machines claiming failed-over IPs on {@code ref}'s tenant LAN, as its tenant NEA saw them (split brain).
     *
     * @throws NetworkExtensionException when the network is not extended here or the tenant NEA does not answer
     */
    public List<ArpConflict> conflicts(TenantNetworkRef ref) {
        ExtendedPair pair = pairs.get(ref.networkId());
        if (pair == null) {
            throw new NetworkExtensionException(ref.tenant() + "'s network " + ref.networkId() + " is not extended by this portal");
        }
        return ExtendedPair.status(pair.tenantClient(), ref).conflicts();
    }

    /**
     * Points the tenant LAN's ARP caches for {@code ip} at {@code mac} (the VM that has the IP at the tenant site again):
     * the tenant NEA announces it on the VM's behalf. Call after {@link #removeFailedOverIp}. With a null {@code mac} the
     * NEA announces itself: the failed-over IP is the replica's again after another machine had claimed it.
     *
     * @throws NetworkExtensionException when the tenant NEA does not answer or refuses
     */
    public void announceAtSite(TenantNetworkRef ref, String ip, String mac) {
        checkIp(ref, ip);
        try {
            runtime.start(ref, NeaRole.TENANT, Duration.ofSeconds(2)).announce(ip, mac);
        } catch (IOException e) {
            throw new NetworkExtensionException("the tenant NEA of " + ref.tenant() + " could not announce " + ip + " for " + mac
                    + ": " + e.getMessage(), e);
        }
    }

    /** The Cloud Gateway's counters for this network's relay flow. */
    public Optional<TunnelRelay.RelayCounters> relayCounters(TenantNetworkRef ref) {
        return relay.counters(ref);
    }

    // ------------------------------------------------------------------------------------------------

    /**
     * An NEA of an extended network opened its control channel again (through another gateway, or after a restart):
     * it gets its desired state again, as the portal knows it. Idempotent on the appliance; a failure is logged, the
     * next change or status call repairs the network as before.
     */
    private void resync(long networkId, NeaRole role) {
        ExtendedPair known = pairs.get(networkId);
        if (known == null) {
            return;    // not extended by this portal (yet): ensureUp sends the state itself
        }
        synchronized (lock(known.ref())) {
            ExtendedPair pair = pairs.get(networkId);
            Set<String> ips = failedOver.get(networkId);
            if (pair == null || ips == null) {
                return;
            }
            try {
                pair.apply(role, ips);
                LOG.info(() -> "re-sent the desired state of the " + role + " NEA of " + pair.ref().tenant() + " after it reconnected");
            } catch (RuntimeException e) {
                LOG.warning("re-sending the desired state of the " + role + " NEA of " + pair.ref().tenant()
                        + " after it reconnected failed: " + e.getMessage());
            }
        }
    }

    private void pushBoth(TenantNetworkRef ref, Set<String> ips, boolean providerFirst) {
        ExtendedPair pair = pairs.get(ref.networkId());
        if (pair == null) {
            ensureUp(ref);
            pair = pairs.get(ref.networkId());
        }
        try {
            pair.applyBoth(ips, providerFirst);
        } catch (NetworkExtensionException e) {
            // an NEA died or was restarted behind our back: bring the pair up again, then retry once
            pairs.remove(ref.networkId());
            ensureUp(ref);
            pairs.get(ref.networkId()).applyBoth(ips, providerFirst);
        }
    }

    private Set<String> running(TenantNetworkRef ref) {
        Set<String> ips = failedOver.get(ref.networkId());
        if (ips == null) {
            ensureUp(ref);
            ips = failedOver.get(ref.networkId());
        }
        return ips;
    }

    /**
     * After a portal restart the tenant NEA still knows which IPs it extends; this node does not. A connected one is
     * asked now, so a release, a setting change or a start does not take a network that carries replicas for idle. One
     * that does not answer fails the caller and nothing is remembered: a desired state sent without its IPs would take
     * the replicas failed over before the restart off the tenant's LAN. One not connected yet is asked by the next
     * start once it connected ({@link #adoptResumed}; it resumes its saved state, also after a power-cycle).
     *
     * @throws NetworkExtensionException when the connected tenant NEA does not answer
     */
    public void adopt(TenantNetworkRef ref) {
        synchronized (lock(ref)) {
            if (!failedOver.containsKey(ref.networkId()) && runtime.isRunning(ref, NeaRole.TENANT)) {
                Set<String> ips = ipSet();
                ips.addAll(stillFailedOver(ref, ExtendedPair.status(runtime.start(ref, NeaRole.TENANT, options.upTimeout()), ref).failedOver()));
                failedOver.put(ref.networkId(), ips);
            }
        }
    }

    /** Of the IPs an NEA reports, those whose replica is not known to run at the tenant site again. */
    private List<String> stillFailedOver(TenantNetworkRef ref, List<String> reported) {
        List<String> kept = reported.stream().filter(ip -> !released.released(ref.tenant(), ref.networkId(), ip)).toList();
        if (kept.size() < reported.size()) {
            LOG.info(() -> "an NEA of " + ref.tenant() + " reported extending " + reported + "; only " + kept
                    + " are failed over, the others run at the tenant site again");
        }
        return kept;
    }

    private static Set<String> ipSet() {
        return java.util.Collections.synchronizedSet(new TreeSet<>());
    }

    /** What a change pushes: the set known stays as it is until both NEAs took the change. */
    private static Set<String> copyOf(Set<String> ips) {
        Set<String> copy = ipSet();
        synchronized (ips) {
            copy.addAll(ips);
        }
        return copy;
    }

    /**
     * A tenant NEA that was not connected when the start began (its agent dialling again after a restart, or its VM
     * booted by this start) resumed the state it saved: the IPs it extends are taken up, and the provider NEA, told
     * before, is told again when they add to what it knows.
     */
    private void adoptResumed(TenantNetworkRef ref, Set<String> ips, Boot b, TenantTunnelCredentials creds, NeaPlacement p) {
        List<String> resumed = stillFailedOver(ref, ExtendedPair.status(b.tenant(), ref).failedOver());
        if (!ips.containsAll(resumed)) {
            ips.addAll(resumed);
            LOG.info(() -> "the tenant NEA of " + ref.tenant() + " resumed extending " + resumed + " after it connected again");
            ExtendedPair.apply(b.provider(), NeaDesiredStates.provider(ref, ips, creds, p, options), ref, NeaRole.PROVIDER);
        }
    }

    private static String lastErrorOf(ApplianceClient client) {
        try {
            return client.status().lastError();
        } catch (IOException e) {
            return null;
        }
    }

    private static void checkIp(TenantNetworkRef ref, String ip) {
        if (!ref.parsedSubnet().contains(Ipv4.parse(ip))) {
            throw new IllegalArgumentException(ip + " is not in " + ref.tenant() + "'s subnet " + ref.subnet());
        }
    }

    private Object lock(TenantNetworkRef ref) {
        return locks.computeIfAbsent(ref.networkId(), id -> new Object());
    }

    private static <T> T join(CompletableFuture<T> step, String failure) {
        try {
            return step.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new NetworkExtensionException(failure + ": " + e.getCause(), e.getCause());
        }
    }

    private static void awaitListening(ApplianceClient provider, Instant until) {
        while (Instant.now().isBefore(until)) {
            try {
                ApplianceStatus s = provider.status();
                if (s.tunnelListening() || s.tunnelUp()) {
                    return;
                }
            } catch (IOException e) {
                return;   // the tunnel wait below reports it
            }
            sleep(10);
        }
    }

    private static long ms(Instant from, Instant to) {
        return Duration.between(from, to).toMillis();
    }

    private static Duration remaining(Instant deadline) {
        Duration d = Duration.between(Instant.now(), deadline);
        return d.isNegative() || d.isZero() ? Duration.ofMillis(1) : d;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetworkExtensionException("interrupted", e);
        }
    }
}
