package io.lifeboat.hypervisor;

import io.lifeboat.shared.DaemonThreads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * vCenter reads that someone waits for (a page, the API, a pre-flight check), bounded in time. A vCenter that hangs
 * answers a SOAP call only at its read timeout (two minutes): waited for per network, the tunnels of a tenant with two
 * networks stayed blank for four minutes, and each page that asked held a UI thread all along. Here a read is waited
 * for {@code wait} at most; a read still running past that is its site's hung one, and every later bounded read at that
 * site fails at once, starting no second read beside it, until it ends. Whoever must not start work at a site that
 * hangs asks {@link #hangingSince}.
 */
@Component
public class BoundedReads {

    private static final Logger log = LoggerFactory.getLogger(BoundedReads.class);

    private final Duration wait;
    private final Executor readers;
    private final Clock clock;
    /** By site URL: the read that has hung there, and since when. */
    private final Map<String, Hung> hung = new ConcurrentHashMap<>();

    private record Hung(String what, long startedNanos, Instant since) {
    }

    @Autowired
    BoundedReads(@Value("${lifeboat.vsphere.bounded-read-wait:PT5S}") Duration wait, Clock clock) {
        this(wait, DaemonThreads.cachedPool("vcenter-bounded-reads"), clock);
    }

    BoundedReads(Duration wait, Executor readers, Clock clock) {
        this.wait = wait;
        this.readers = readers;
        this.clock = clock;
    }

    /**
     * What {@code read} answers, once it does within the wait; {@code what} names the read in messages ("listing
     * lifeboat-appliances/acme").
     *
     * @throws HypervisorException of kind TIMEOUT when it did not answer in time, or when a read at that site still hangs
     */
    public <T> T read(String siteUrl, String what, Supplier<T> read) {
        Hung stuck = hung.get(siteUrl);
        if (stuck != null) {
            throw notAnswering(siteUrl, stuck.what(), stuck.startedNanos());
        }
        long started = System.nanoTime();
        Instant since = clock.instant();
        CompletableFuture<T> reading = CompletableFuture.supplyAsync(read, readers);
        try {
            return reading.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (hung.putIfAbsent(siteUrl, new Hung(what, started, since)) == null) {
                log.warn("vCenter at {} has not answered within {} s ({}): reads there fail at once until it answers", siteUrl, wait.toSeconds(), what);
                reading.whenComplete((answer, failure) -> hung.remove(siteUrl));
            }
            throw notAnswering(siteUrl, what, started);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notAnswering(siteUrl, what, started);
        }
    }

    /** When the read that hangs at the site started; empty when none does. */
    public Optional<Instant> hangingSince(String siteUrl) {
        return Optional.ofNullable(hung.get(siteUrl)).map(Hung::since);
    }

    private static HypervisorException notAnswering(String siteUrl, String what, long sinceNanos) {
        long seconds = Math.max(1, Duration.ofNanos(System.nanoTime() - sinceNanos).toSeconds());
        return new HypervisorException(HypervisorException.Kind.TIMEOUT, "vCenter at " + siteUrl + " has not answered for " + seconds
                + " s (" + what + ").");
    }
}
