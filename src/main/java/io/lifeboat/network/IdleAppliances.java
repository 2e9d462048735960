package io.lifeboat.network;

import io.lifeboat.shared.DaemonThreads;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The idle grace period of tenant networks' appliances ({@code lifeboat.network.idle-grace}, default 10 minutes): an NEA
 * pair and tunnel with no failed-over VM (warmed for the wizard, or the last VM just left) stays up this long, so the
 * next failover finds it hot; then it is let go. Zero stops them at once. One timer per network; in memory, so after
 * a portal restart a network left idle is let go by the next release of it or stays up until then.
 */
@Component
class IdleAppliances {

    private record Pending(ScheduledFuture<?> stop, Instant at) {
    }

    private final Duration grace;
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = DaemonThreads.scheduler("idle-appliances");

    IdleAppliances(@Value("${lifeboat.network.idle-grace:PT10M}") Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("lifeboat.network.idle-grace must not be negative: " + grace);
        }
        this.grace = grace;
    }

    /** False when idle appliances stop at once. */
    boolean keepsWarm() {
        return !grace.isZero();
    }

    Duration grace() {
        return grace;
    }

    /** (Re)starts network {@code networkId}'s grace period; {@code stop} runs when it ends, unless cancelled before. */
    void startGracePeriod(long networkId, Runnable stop) {
        schedule(networkId, grace, stop);
    }

    private void schedule(long networkId, Duration after, Runnable stop) {
        cancel(networkId);
        ScheduledFuture<?> future = timer.schedule(() -> {
            pending.remove(networkId);
            stop.run();
        }, after.toMillis(), TimeUnit.MILLISECONDS);
        pending.put(networkId, new Pending(future, Instant.now().plus(after)));
    }

    /**
     * As {@link #startGracePeriod}, for at most {@code atMost}: appliances a pre-flight probe started for a failover
     * that follows within seconds, or not at all.
     */
    void startGracePeriod(long networkId, Duration atMost, Runnable stop) {
        schedule(networkId, atMost.compareTo(grace) < 0 ? atMost : grace, stop);
    }

    /** The network is in use again (or goes now): its appliances are not let go by a timer. */
    void cancel(long networkId) {
        Pending earlier = pending.remove(networkId);
        if (earlier != null) {
            earlier.stop().cancel(false);
        }
    }

    /** When network {@code networkId}'s idle appliances will be let go; empty when they are not idle. */
    Optional<Instant> stopsAt(long networkId) {
        return Optional.ofNullable(pending.get(networkId)).map(Pending::at);
    }

    /** How the grace period reads in a task log: "10 min", "45 s". */
    String describe() {
        return grace.toSeconds() % 60 == 0 ? grace.toMinutes() + " min" : grace.toSeconds() + " s";
    }

    @PreDestroy
    void close() {
        timer.shutdownNow();
    }
}
