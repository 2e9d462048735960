package io.lifeboat.network;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lifeboat.shared.DaemonThreads;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The calls one node makes to one Cloud Gateway host, one at a time and in order, on a thread of the host's own: a host
 * that hangs holds up only its own line, never a failover's flow going to the others. What would pile up behind a host
 * that hangs is folded: only the newest set of flows waits to be sent (it answers for the sets it replaced), and a
 * counters reading or a description is not asked for again while one is waiting.
 */
final class GatewayHostLine implements AutoCloseable {

    private final ExecutorService worker;
    private final Predicate<ObjectNode> sendSet;
    private final AtomicReference<PendingSet> nextSet = new AtomicReference<>();
    private final AtomicBoolean countersWaiting = new AtomicBoolean();
    private final AtomicBoolean describeWaiting = new AtomicBoolean();
    private volatile boolean described;

    /** @param sendSet sends a set of flows to the host; whether the host took it */
    GatewayHostLine(String name, Predicate<ObjectNode> sendSet) {
        this.worker = DaemonThreads.pool("gateway-host-" + name, 1);
        this.sendSet = sendSet;
    }

    /** Queues {@code relay} for the host; completes with whether the host took it (or a newer set that replaced it). */
    CompletableFuture<Boolean> send(ObjectNode relay) {
        PendingSet next = new PendingSet(relay, new CompletableFuture<>());
        PendingSet replaced = nextSet.getAndSet(next);
        if (replaced != null) {
            next.taken().thenAccept(replaced.taken()::complete);
        }
        if (!runs(this::sendNewest)) {
            next.taken().complete(false);
        }
        return next.taken();
    }

    private void sendNewest() {
        PendingSet newest = nextSet.getAndSet(null);
        if (newest != null) {
            boolean taken = false;
            try {
                taken = sendSet.test(newest.relay());
            } finally {
                newest.taken().complete(taken);
            }
        }
    }

    /** Reads the host's counters on its line, unless a reading still waits there. */
    void readCounters(Runnable reading) {
        runUnlessWaiting(countersWaiting, reading);
    }

    /** Has the host describe itself on its line until it once has ({@code describe} answers whether it did). */
    void describe(BooleanSupplier describe) {
        if (!described) {
            runUnlessWaiting(describeWaiting, () -> described = describe.getAsBoolean());
        }
    }

    private void runUnlessWaiting(AtomicBoolean waiting, Runnable call) {
        if (waiting.compareAndSet(false, true) && !runs(() -> {
            try {
                call.run();
            } finally {
                waiting.set(false);
            }
        })) {
            waiting.set(false);
        }
    }

    /** Queues {@code task} on the line; false once the line is closed (its stream replaced or gone). */
    private boolean runs(Runnable task) {
        try {
            worker.execute(task);
            return true;
        } catch (RejectedExecutionException closed) {
            return false;
        }
    }

    /** Closes the line at once: what waits on it is answered as not taken. */
    @Override
    public void close() {
        worker.shutdownNow();
        PendingSet left = nextSet.getAndSet(null);
        if (left != null) {
            left.taken().complete(false);
        }
    }

    /**
     * Closes the line once what it was asked is done: the identity's new stream took the line's place, and calls already
     * queued reach the host through it.
     */
    void closeWhenDone() {
        worker.shutdown();
    }

    private record PendingSet(ObjectNode relay, CompletableFuture<Boolean> taken) {
    }
}
