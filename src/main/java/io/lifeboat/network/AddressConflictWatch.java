package io.lifeboat.network;

import io.lifeboat.appliance.ArpConflict;
import io.lifeboat.shared.DaemonThreads;
import io.lifeboat.tasks.TaskRecorder;
import io.lifeboat.tasks.TaskType;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The split-brain watchdog's portal side: every {@code lifeboat.network.conflict-poll} (250 ms) it reads, from the
 * tenant NEA of each network this node extends, the machines that claim a failed-over IP on the tenant LAN, and
 * publishes {@link AddressConflictFound} whenever one was seen again; the VPN Tunnel task says so the first time. The
 * NEAs' streams end on this node, so each node watches its own networks.
 */
@Component
class AddressConflictWatch {

    private static final Logger log = LoggerFactory.getLogger(AddressConflictWatch.class);

    private final DataPlane dataPlane;
    private final TenantNetworkService networks;
    private final TaskRecorder tasks;
    private final ApplicationEventPublisher events;
    /** network/ip/mac → the last sighting already published. */
    private final Map<String, Long> published = new ConcurrentHashMap<>();
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
        for (TenantNetworkRef ref : extension.get().extendedNetworks()) {
            try {
                extension.get().conflicts(ref).forEach(conflict -> report(ref, conflict));
            } catch (NetworkExtensionException e) {
                log.debug("No conflicts read from the tenant NEA of {} this round: {}", ref.tenant(), e.getMessage());
            }
        }
    }

    private void report(TenantNetworkRef ref, ArpConflict conflict) {
        String key = ref.networkId() + "/" + conflict.ip() + "/" + conflict.mac();
        Long before = published.put(key, conflict.lastSeenEpochMs());
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
            tasks.findActive(TaskType.VPN_TUNNEL, NetworkExtensionService.tunnelTaskKey(tenantId, ref.networkId())).ifPresent(task ->
                    tasks.error(task, conflict.ip(), "IP conflict: another machine (" + conflict.mac() + ") claims " + conflict.ip()
                            + " on the tenant LAN while it is failed over."));
        }
        events.publishEvent(new AddressConflictFound(tenantId, ref.networkId(), conflict.ip(), conflict.mac(),
                Instant.ofEpochMilli(conflict.firstSeenEpochMs()), Instant.ofEpochMilli(conflict.lastSeenEpochMs()), conflict.probe()));
    }

    @PreDestroy
    void close() {
        timer.shutdownNow();
    }
}
