package io.lifeboat.network;

import io.lifeboat.appliance.ArpConflict;
import io.lifeboat.shared.DaemonThreads;
import io.lifeboat.tasks.TaskRecorder;
import io.lifeboat.tasks.TaskType;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The split-brain watchdog's portal side: every {@code lifeboat.network.conflict-poll} (250 ms) it reads, from the
 * tenant NEA of each network this node extends, the machines that claim a failed-over IP on the tenant LAN, and
 * publishes {@link AddressConflictFound} whenever one was seen again, and {@link AddressConflictEnded} once the NEA
 * stops listing it (it no longer answers the NEA's probes); the VPN Tunnel task says when each begins and ends. The
 * NEAs' streams end on this node, so each node watches its own networks. A node that took a network over from another
 * has not seen its conflicts begin, so every few seconds it also publishes the NEA's whole list
 * ({@link AddressClaimsListed}), against which a conflict that ended meanwhile is over too.
 */
@Component
class AddressConflictWatch {

    private static final Logger log = LoggerFactory.getLogger(AddressConflictWatch.class);
    /** The NEA forgets a machine unheard for 5 s: its list is whole once this node has read it for longer. */
    private static final long WHOLE_AFTER_MS = 6_000;
    private static final long LIST_EVERY_MS = 5_000;

    private final DataPlane dataPlane;
    private final TenantNetworkService networks;
    private final TaskRecorder tasks;
    private final ApplicationEventPublisher events;
    /** The machines claiming an IP now, as last read from their networks' tenant NEAs. */
    private record Claim(TenantNetworkRef network, String ip, String mac) {
    }

    /** Claim → the last sighting already published. */
    private final Map<Claim, Long> published = new ConcurrentHashMap<>();
    /** Network → when its NEA's whole list is next published (first: {@link #WHOLE_AFTER_MS} after this node began reading it). */
    private final Map<TenantNetworkRef, Long> nextListing = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = DaemonThreads.scheduler("address-conflict-watch");

    AddressConflictWatch(DataPlane dataPlane, TenantNetworkService networks, TaskRecorder tasks, ApplicationEventPublisher events,
                         @Value("${lifeboat.network.conflict-poll:PT0.25S}") Duration poll) {
        this.dataPlane = dataPlane;
        this.networks = networks;
        this.tasks = tasks;
        this.events = events;
        timer.scheduleWithFixedDelay(this::pollQuietly, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void pollQuietly() {
        try {
            poll();
        } catch (RuntimeException e) {
            log.warn("The address conflict watch skipped a round: {}", e.getMessage(), e);
        }
    }

    void poll() {
        Optional<NetworkExtension> extension = dataPlane.extension();
        if (extension.isEmpty()) {
            return;
        }
        Set<TenantNetworkRef> extended = Set.copyOf(extension.get().extendedNetworks());
        published.keySet().removeIf(claim -> !extended.contains(claim.network()));   // no longer extended: nothing failed over
        nextListing.keySet().removeIf(ref -> !extended.contains(ref));
        for (TenantNetworkRef ref : extended) {
            List<ArpConflict> conflicts;
            try {
                conflicts = extension.get().conflicts(ref);
            } catch (NetworkExtensionException e) {
                log.debug("No conflicts read from the tenant NEA of {} this round: {}", ref.tenant(), e.getMessage());
                nextListing.remove(ref);   // it may be starting afresh, with an empty list
                continue;
            }
            conflicts.forEach(conflict -> report(ref, conflict));
            listWhenDue(ref, conflicts);
            Set<Claim> listed = conflicts.stream().map(c -> new Claim(ref, c.ip(), c.mac())).collect(Collectors.toSet());
            List<Claim> gone = published.keySet().stream().filter(claim -> claim.network().equals(ref) && !listed.contains(claim)).toList();
            if (!gone.isEmpty()) {
                Set<String> stillFailedOver = extension.get().failedOverIps(ref);
                gone.forEach(claim -> ended(claim, stillFailedOver.contains(claim.ip())));
            }
        }
    }

    private void report(TenantNetworkRef ref, ArpConflict conflict) {
        Long before = published.put(new Claim(ref, conflict.ip(), conflict.mac()), conflict.lastSeenEpochMs());
        if (before != null && before >= conflict.lastSeenEpochMs()) {
            return;
        }
        Optional<TenantNetworkInfo> network = networks.find(ref.networkId());
        if (network.isEmpty()) {
            return;
        }
        long tenantId = network.get().tenantId();
        if (before == null) {
            log.warn("Split brain on {} {}: {} claims {} while it is failed over", ref.tenant(), network.get().label(), conflict.mac(), conflict.ip());
            tunnelTask(tenantId, ref.networkId()).ifPresent(task ->
                    tasks.error(task, conflict.ip(), "IP conflict: another machine (" + conflict.mac() + ") claims " + conflict.ip()
                            + " on the tenant LAN while it is failed over."));
        }
        events.publishEvent(new AddressConflictFound(tenantId, ref.networkId(), conflict.ip(), conflict.mac(),
                Instant.ofEpochMilli(conflict.firstSeenEpochMs()), Instant.ofEpochMilli(conflict.lastSeenEpochMs()), conflict.probe()));
    }

    private void listWhenDue(TenantNetworkRef ref, List<ArpConflict> conflicts) {
        long now = System.currentTimeMillis();
        if (now < nextListing.computeIfAbsent(ref, first -> now + WHOLE_AFTER_MS)) {
            return;
        }
        nextListing.put(ref, now + LIST_EVERY_MS);
        Set<AddressClaimsListed.Claimant> claimants = conflicts.stream()
                .map(conflict -> new AddressClaimsListed.Claimant(conflict.ip(), conflict.mac())).collect(Collectors.toSet());
        networks.find(ref.networkId()).ifPresent(network ->
                events.publishEvent(new AddressClaimsListed(network.tenantId(), ref.networkId(), claimants)));
    }

    /** A claim the NEA no longer lists: the machine went silent, or the IP was released (the replica left failover). */
    private void ended(Claim claim, boolean ipStillFailedOver) {
        published.remove(claim);
        if (!ipStillFailedOver) {
            return;   // leaving failover cleared the replica's conflict already; the machine may well still answer
        }
        networks.find(claim.network().networkId()).ifPresent(network -> {
            log.info("Split brain over on {} {}: {} no longer answers for {}", claim.network().tenant(), network.label(), claim.mac(), claim.ip());
            tunnelTask(network.tenantId(), claim.network().networkId()).ifPresent(task -> tasks.info(task, claim.ip(), "IP conflict over: the other machine (" + claim.mac() + ") no longer answers for "
                            + claim.ip() + "."));
            events.publishEvent(new AddressConflictEnded(network.tenantId(), claim.network().networkId(), claim.ip(), claim.mac()));
        });
    }

    private Optional<Long> tunnelTask(long tenantId, long networkId) {
        return tasks.findActive(TaskType.VPN_TUNNEL, ExtendedNetworks.tunnelTaskKey(tenantId, networkId));
    }

    @PreDestroy
    void close() {
        timer.shutdownNow();
    }
}
