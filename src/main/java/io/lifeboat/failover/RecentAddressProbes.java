package io.lifeboat.failover;

import io.lifeboat.network.AddressProbe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * What the wizard's summary found when it probed each VM's address on the tenant LAN, for the Finish that follows moments
 * later: probing again costs a 300 ms window per network (per address with an appliance older than {@code probe-many}),
 * on the click's critical path. An answer is taken for
 * {@code lifeboat.failover.probe-reuse} (default 1 min); whatever claims an address after that is what the split-brain
 * watchdog reports within a second of the failover. Per node: a Finish served by another node probes again.
 */
@Component
class RecentAddressProbes {

    /** One probe's outcome: {@code answer} empty when nothing here can probe (no data plane). */
    record Probed(Optional<AddressProbe> answer, Instant at) {
    }

    private record Key(long tenantId, long networkId, String ip) {
    }

    private final Map<Key, Probed> probes = new ConcurrentHashMap<>();
    private final Duration reuse;
    private final Clock clock;

    RecentAddressProbes(@Value("${lifeboat.failover.probe-reuse:PT1M}") Duration reuse, Clock clock) {
        this.reuse = reuse;
        this.clock = clock;
    }

    void remember(long tenantId, long networkId, String ip, Optional<AddressProbe> answer) {
        probes.put(new Key(tenantId, networkId, ip), new Probed(answer, clock.instant()));
    }

    /**
     * The network's probe just failed: its earlier answers no longer stand for one (a Finish would take them and go
     * ahead where the new probe found the network's appliance cannot start).
     */
    void forget(long tenantId, long networkId) {
        probes.keySet().removeIf(key -> key.tenantId() == tenantId && key.networkId() == networkId);
    }

    /** The answer for the address if it is recent enough to stand for a new probe. */
    Optional<Probed> recent(long tenantId, long networkId, String ip) {
        Key key = new Key(tenantId, networkId, ip);
        Probed probed = probes.get(key);
        if (probed == null) {
            return Optional.empty();
        }
        if (probed.at().plus(reuse).isBefore(clock.instant())) {
            probes.remove(key, probed);
            return Optional.empty();
        }
        return Optional.of(probed);
    }
}
