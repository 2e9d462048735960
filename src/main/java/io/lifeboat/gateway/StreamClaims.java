package io.lifeboat.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The identities that two live processes present at once, for the provider: a cloned appliance or gateway host (a
 * copied VM or disk) holds the certificate of the one it was copied from. The control server keeps the stream with the
 * process that holds it while that one answers, and refuses the other at every dial ({@link ApplianceControlServer});
 * a clash is listed here from the first refusal until the refused process stops dialling, or gets in.
 */
public final class StreamClaims {

    /**
     * Two processes with one identity: the one connected from {@code heldFrom} holds the stream, the one at
     * {@code refusedFrom} was refused first at {@code since} and last at {@code lastRefused}.
     */
    public record Clash(String id, String heldFrom, String refusedFrom, Instant since, Instant lastRefused) {

        boolean isNew() {
            return since.equals(lastRefused);
        }
    }

    /** How long a clash is listed after the last refusal: longer than a link's longest wait between dials. */
    private final Duration memory;
    private final Map<String, Clash> clashes = new HashMap<>();

    StreamClaims(Duration memory) {
        this.memory = memory;
    }

    /** {@code id}'s process at {@code refusedFrom} was refused: the stream stays with the one at {@code heldFrom}. */
    synchronized Clash refused(String id, String heldFrom, String refusedFrom, Instant now) {
        Clash earlier = clashes.get(id);
        Clash clash = new Clash(id, heldFrom, refusedFrom, earlier == null ? now : earlier.since(), now);
        clashes.put(id, clash);
        return clash;
    }

    /** A process of {@code id} got the stream: one holds the identity again. */
    synchronized void admitted(String id) {
        clashes.remove(id);
    }

    /** The clashes whose refused process dialled within the memory: it is still running. */
    synchronized List<Clash> clashes(Instant now) {
        clashes.values().removeIf(c -> !c.lastRefused().plus(memory).isAfter(now));
        return clashes.values().stream().sorted(Comparator.comparing(Clash::id)).toList();
    }
}
