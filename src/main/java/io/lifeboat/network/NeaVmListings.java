package io.lifeboat.network;

import io.lifeboat.hypervisor.HypervisorException;
import io.lifeboat.hypervisor.VmInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NEA VM folder listings that pages and the API show, bounded in time. A vCenter that hangs answers a SOAP call
 * only at its read timeout (two minutes): waited for per network, the tunnels of a tenant with two networks stayed blank
 * for four minutes, and each page that asked held a UI thread all along. Here a listing is waited for {@code wait} at
 * most; a listing still running past that is its site's hung one, and every later listing at that site (any folder:
 * the provider dashboard lists one per tenant) fails at once, starting no second read beside it, until it ends.
 */
final class NeaVmListings {

    private static final Logger log = LoggerFactory.getLogger(NeaVmListings.class);

    private final Duration wait;
    private final Executor readers;
    /** By site URL: the listing that has hung there, and since when. */
    private final Map<String, Hung> hung = new ConcurrentHashMap<>();

    private record Hung(String folder, long startedNanos) {
    }

    NeaVmListings(Duration wait, Executor readers) {
        this.wait = wait;
        this.readers = readers;
    }

    /**
     * What {@code read} lists of {@code folder} at {@code siteUrl}, once it answers within {@link #wait}.
     *
     * @throws HypervisorException of kind TIMEOUT when it did not, or when a listing at that site still hangs
     */
    List<VmInfo> list(String siteUrl, String folder, Supplier<List<VmInfo>> read) {
        Hung stuck = hung.get(siteUrl);
        if (stuck != null) {
            throw notAnswering(siteUrl, stuck.folder(), stuck.startedNanos());
        }
        long started = System.nanoTime();
        CompletableFuture<List<VmInfo>> listing = CompletableFuture.supplyAsync(read, readers);
        try {
            return listing.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (hung.putIfAbsent(siteUrl, new Hung(folder, started)) == null) {
                log.warn("vCenter at {} has not listed {} within {} s: its NEA VMs are shown as unknown until it answers",
                        siteUrl, folder, wait.toSeconds());
                listing.whenComplete((vms, failure) -> hung.remove(siteUrl));
            }
            throw notAnswering(siteUrl, folder, started);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notAnswering(siteUrl, folder, started);
        }
    }

    private static HypervisorException notAnswering(String siteUrl, String folder, long sinceNanos) {
        long seconds = Math.max(1, Duration.ofNanos(System.nanoTime() - sinceNanos).toSeconds());
        return new HypervisorException(HypervisorException.Kind.TIMEOUT, "vCenter at " + siteUrl + " has not answered for " + seconds
                + " s (listing " + folder + ").");
    }
}
