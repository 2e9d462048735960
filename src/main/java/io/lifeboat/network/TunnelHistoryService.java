package io.lifeboat.network;

import io.lifeboat.tenancy.TenancyService;
import io.lifeboat.tenancy.TenantSummary;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The tenant tunnels over time: a periodic sample of each tunnel that is up (the tenant NEA's RTT and byte counters,
 * read from the data plane), kept for {@link #KEPT} and read back as RTT and traffic rates for pictures. Callers check
 * the tenant; nothing here trusts an id from a browser.
 */
@Service
public class TunnelHistoryService {

    /** How long samples are kept: the pages show the last hour, a little more survives a slow clock or a restart. */
    static final Duration KEPT = Duration.ofHours(3);

    private static final Logger log = LoggerFactory.getLogger(TunnelHistoryService.class);

    private final DataPlane dataPlane;
    private final TenantNetworkService networks;
    private final TenancyService tenancy;
    private final TunnelSampleRepository samples;
    private final Clock clock;

    @Autowired
    TunnelHistoryService(DataPlane dataPlane, TenantNetworkService networks, TenancyService tenancy, TunnelSampleRepository samples) {
        this(dataPlane, networks, tenancy, samples, Clock.systemUTC());
    }

    TunnelHistoryService(DataPlane dataPlane, TenantNetworkService networks, TenancyService tenancy, TunnelSampleRepository samples,
                         Clock clock) {
        this.dataPlane = dataPlane;
        this.networks = networks;
        this.tenancy = tenancy;
        this.samples = samples;
        this.clock = clock;
    }

    /**
     * Samples every tenant tunnel that is up and prunes old samples; returns how many were taken. Reads the NEAs outside
     * any transaction; one network's failure is logged and does not stop the others. One sampling at a time, each
     * reading stamped when it was read: two interleaved samplings would store a later stamp with smaller counters, a
     * rate that reads as a counter restart.
     */
    public synchronized int sampleAll() {
        Optional<NetworkExtension> extension = dataPlane.extension();
        if (extension.isEmpty()) {
            return 0;
        }
        int taken = 0;
        for (TenantSummary tenant : tenancy.listTenants()) {
            for (TenantNetworkInfo network : networks.networksOf(tenant.id())) {
                TenantNetworkRef ref = TenantNetworkRef.of(tenant.name(), network);
                try {
                    if (extension.get().failedOverIps(ref).isEmpty()) {
                        continue;
                    }
                    TunnelStatus status = extension.get().status(ref);
                    if (status.up()) {
                        record(tenant.id(), network.id(), clock.instant(), status);
                        taken++;
                    }
                } catch (RuntimeException e) {
                    log.warn("Cannot sample the tunnel of {} {}: {}", tenant.name(), network.label(), e.getMessage(), e);
                }
            }
        }
        samples.deleteOlderThan(clock.instant().minus(KEPT));
        return taken;
    }

    /** Keeps one reading of a tenant network's tunnel as the tenant NEA reported it at {@code at}. */
    public void record(long tenantId, long networkId, Instant at, TunnelStatus status) {
        samples.save(new TunnelSample(tenantId, networkId, at, status));
    }

    /** A tenant's tunnel readings over the last {@code window}, oldest first, with traffic rates between samples. */
    @Transactional(readOnly = true)
    public List<TunnelReading> history(long tenantId, Duration window) {
        Map<Long, String> labels = new HashMap<>();
        networks.networksOf(tenantId).forEach(n -> labels.put(n.id(), n.name()));
        Map<Long, TunnelSample> previous = new HashMap<>();
        List<TunnelReading> readings = new ArrayList<>();
        for (TunnelSample sample : samples.since(tenantId, clock.instant().minus(window))) {
            TunnelSample before = previous.put(sample.networkId(), sample);
            readings.add(new TunnelReading(labels.getOrDefault(sample.networkId(), "network " + sample.networkId()), sample.at(),
                    sample.rttMs(), rate(before, sample, before == null ? 0 : before.bytesIn(), sample.bytesIn()),
                    rate(before, sample, before == null ? 0 : before.bytesOut(), sample.bytesOut())));
        }
        return readings;
    }

    /** Bytes per second between two readings of a counter; null without a previous one or when the counter restarted. */
    private static Double rate(TunnelSample before, TunnelSample now, long from, long to) {
        if (before == null || to < from) {
            return null;
        }
        double seconds = Duration.between(before.at(), now.at()).toMillis() / 1000.0;
        return seconds <= 0 ? null : (to - from) / seconds;
    }
}
