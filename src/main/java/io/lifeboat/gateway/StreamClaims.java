package io.lifeboat.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who may hold an identity's control stream when two processes present one certificate: a cloned appliance or gateway
 * host (a copied VM or disk) keeps the identity of the one it was copied from. Letting the newest stream win every
 * time made the two replace each other's stream at every dial, for ever.
 *
 * <p>Every link names its process with a random instance id ({@code ControlRpc.INSTANCE}). A stream from a new process
 * replaces the one held (that is what a restart looks like), but an instance that was replaced is refused while the
 * one that replaced it is still connected: a restarted process never comes back, only a copy does. So the first
 * exchange settles it and the provider is told ({@link #clashes}). Links that send no instance id are never refused.
 */
public final class StreamClaims {

    /** The holder's process and where it connected from; {@code instance} null for a link that sends none. */
    record Holder(String instance, String remote) {
    }

    /**
     * Two processes with one identity: the one connected from {@code heldFrom} holds the stream, the one at
     * {@code refusedFrom} was refused first at {@code since} and last at {@code lastRefused}.
     */
    public record Clash(String id, String heldFrom, String refusedFrom, Instant since, Instant lastRefused) {

        boolean isNew() {
            return since.equals(lastRefused);
        }
    }

    private record Replaced(String instance, Instant at) {
    }

    /** How long a replaced instance and a clash are remembered since last seen: longer than a link's longest backoff. */
    private final Duration memory;
    private final Map<String, Replaced> replaced = new HashMap<>();
    private final Map<String, Clash> clashes = new HashMap<>();

    StreamClaims(Duration memory) {
        this.memory = memory;
    }

    /**
     * Whether {@code claimant} may take {@code id}'s stream from {@code holder} (null when no stream is held): empty
     * when it may, else the clash that refuses it. The caller then replaces the holder or refuses the claimant.
     */
    synchronized Optional<Clash> refusal(String id, Holder claimant, Holder holder, Instant now) {
        if (!isReplacedCopy(id, claimant, holder, now)) {
            clashes.remove(id);
            if (holder != null && holder.instance() != null && !holder.instance().equals(claimant.instance())) {
                replaced.put(id, new Replaced(holder.instance(), now));
            }
            return Optional.empty();
        }
        replaced.put(id, new Replaced(claimant.instance(), now));   // remembered as long as the copy keeps dialling
        Clash earlier = clashes.get(id);
        Clash clash = new Clash(id, holder.remote(), claimant.remote(), earlier == null ? now : earlier.since(), now);
        clashes.put(id, clash);
        return Optional.of(clash);
    }

    /** The claimant was replaced lately by the process that holds the stream now, which is another one. */
    private boolean isReplacedCopy(String id, Holder claimant, Holder holder, Instant now) {
        Replaced last = replaced.get(id);
        return holder != null && last != null && claimant.instance() != null && claimant.instance().equals(last.instance())
                && !claimant.instance().equals(holder.instance()) && last.at().plus(memory).isAfter(now);
    }

    /** The clashes whose refused process dialled within the memory: it is still running. */
    synchronized List<Clash> clashes(Instant now) {
        clashes.values().removeIf(c -> !c.lastRefused().plus(memory).isAfter(now));
        replaced.values().removeIf(r -> !r.at().plus(memory).isAfter(now));
        return clashes.values().stream().sorted(Comparator.comparing(Clash::id)).toList();
    }
}
