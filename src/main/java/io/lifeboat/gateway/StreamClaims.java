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
 * a clash is listed here from the first refusal until the refused process stops dialling, or gets in. It also keeps,
 * for as long, the process that lost its stream because it did not answer, so that if it dials again (it was wedged,
 * not gone) it is known as the original.
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

    /** A process whose stream another process with its certificate took because it did not answer, and when. */
    private record Silenced(String instance, Instant at) {
    }

    /** How long a clash is listed after the last refusal: longer than a link's longest wait between dials. */
    private final Duration memory;
    private final Map<String, Clash> clashes = new HashMap<>();
    private final Map<String, Silenced> silenced = new HashMap<>();

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

    /**
     * {@code id}'s process {@code instance} did not answer when another process with its certificate dialled, which took
     * its stream: a restarted process's old stream, or a wedged process that will dial again.
     */
    synchronized void replacedForSilence(String id, String instance, Instant now) {
        silenced.put(id, new Silenced(instance, now));
    }

    /**
     * Whether {@code instance} is {@code id}'s process that lost its stream for silence within the memory, dialling
     * again: it was wedged, not gone, so the process that took its stream is the copy. Said once.
     */
    synchronized boolean backAfterSilence(String id, String instance, Instant now) {
        Silenced earlier = silenced.get(id);
        if (earlier == null || !earlier.instance().equals(instance) || !earlier.at().plus(memory).isAfter(now)) {
            return false;
        }
        silenced.remove(id);
        return true;
    }

    /** The clashes whose refused process dialled within the memory: it is still running. */
    synchronized List<Clash> clashes(Instant now) {
        clashes.values().removeIf(c -> !c.lastRefused().plus(memory).isAfter(now));
        return clashes.values().stream().sorted(Comparator.comparing(Clash::id)).toList();
    }
}
