package io.lifeboat.network;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Group commit of ARP flips. Flips of one network are applied one at a time (each is a round trip to both NEAs with
 * the network's whole set of IPs); those that arrive while one is applied join the next, so 50 VMs failed over at
 * once take a few applies instead of 50 in a row. Every member of a batch gets the batch's outcome.
 */
final class FlipBatches {

    /** IPs of one network waiting for the same apply. */
    static final class Batch {
        private final Set<String> ips = new LinkedHashSet<>();
        private final CompletableFuture<TunnelStatus> outcome = new CompletableFuture<>();
    }

    private final Map<Long, Batch> open = new HashMap<>();

    /** The network's open batch, now with {@code ip} in it. */
    synchronized Batch join(long networkId, String ip) {
        Batch batch = open.computeIfAbsent(networkId, id -> new Batch());
        batch.ips.add(ip);
        return batch;
    }

    /**
     * Called by each member holding the network's lock: the first closes the batch to newcomers and applies it; the
     * others find it applied. Returns the batch's outcome; a failed apply is rethrown to every member.
     */
    TunnelStatus applyOnce(long networkId, Batch batch, Function<Set<String>, TunnelStatus> apply) {
        Set<String> ips;
        synchronized (this) {
            open.remove(networkId, batch);
            ips = Set.copyOf(batch.ips);
        }
        if (!batch.outcome.isDone()) {
            try {
                batch.outcome.complete(apply.apply(ips));
            } catch (RuntimeException e) {
                batch.outcome.completeExceptionally(e);
            }
        }
        try {
            return batch.outcome.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}
