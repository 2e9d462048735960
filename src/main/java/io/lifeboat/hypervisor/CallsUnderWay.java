package io.lifeboat.hypervisor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The vCenter calls under way at each site, reported by the adapter around every call. A long vSphere task is polled in
 * short calls, so one call unanswered for seconds means the site hangs: an operation waiting on it can say so while it
 * waits, rather than show "Starting…" for the call's read timeout (two minutes) without a word.
 */
@Component
public class CallsUnderWay {

    private final Map<Long, Call> calls = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Clock clock;

    @Autowired
    public CallsUnderWay(Clock clock) {
        this.clock = clock;
    }

    /** A table nobody reads: for a connector without the application around it (lab seeding, benchmarks). */
    public CallsUnderWay() {
        this(Clock.systemUTC());
    }

    /** A call that has not been answered yet: what it asks and since when. */
    public record Call(String siteUrl, String what, Instant since, long startedNanos) {

        public Duration unansweredFor() {
            return Duration.ofNanos(System.nanoTime() - startedNanos);
        }
    }

    /** Records a call to {@code siteUrl} until the returned handle is closed. */
    public Registration started(String siteUrl, String what) {
        long id = ids.incrementAndGet();
        calls.put(id, new Call(siteUrl, what, clock.instant(), System.nanoTime()));
        return () -> calls.remove(id);
    }

    /** The sites where a call has waited at least {@code wait} for its answer, by URL, with the one that waited longest. */
    public Map<String, Call> unansweredFor(Duration wait) {
        Map<String, Call> oldestBySite = new HashMap<>();
        for (Call call : calls.values()) {
            if (call.unansweredFor().compareTo(wait) >= 0) {
                oldestBySite.merge(call.siteUrl(), call, (a, b) -> a.startedNanos() <= b.startedNanos() ? a : b);
            }
        }
        return oldestBySite;
    }

    /** Ends a call's record; closing it twice is harmless. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
