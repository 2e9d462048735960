package io.lifeboat.gateway;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Tells a copy of an appliance (its certificate, presented by another process) from its original that restarted or
 * was wedged for a while, when a process dials with an identity whose stream another holds: by the NIC its VM has, by
 * whether the holder answers, and by who lost the stream for its silence before, on this node ({@link StreamClaims}) or
 * another ({@link OtherNodes}). Logs under the control server's name.
 */
final class CopiedAppliances {

    private static final Logger LOG = Logger.getLogger(ApplianceControlServer.class.getName());

    private final StreamClaims claims = new StreamClaims(ApplianceControlServer.CLAIM_MEMORY);
    private volatile OtherNodes otherNodes = OtherNodes.NONE;
    private volatile ApplianceNics nics = ApplianceNics.NONE;

    void consultOtherNodes(OtherNodes nodes) {
        this.otherNodes = nodes;
    }

    void checkNics(ApplianceNics nics) {
        this.nics = nics;
    }

    /** What is remembered of identities claimed by two processes at once. */
    StreamClaims claims() {
        return claims;
    }

    List<StreamClaims.Clash> clashes() {
        return claims.clashes(Instant.now());
    }

    /**
     * Whether the process holding a stream runs behind another NIC than its VM's: it got in before the VM's NIC was known
     * (a copy that dialled first), and the process dialling now, which passed that check, takes the stream from it.
     */
    boolean heldByACopiedVm(ControlSession held) {
        Optional<String> itsVmsNic = vmNicOtherThan(held.id, held.lanMac);
        itsVmsNic.ifPresent(nic -> LOG.warning(held.id + "'s stream is held from behind NIC " + held.lanMac + ", not its VM's (" + nic
                + "), connected from " + held.remote + ": a copied VM, whose stream the process dialling now takes"));
        return itsVmsNic.isPresent();
    }

    /**
     * Whether {@code session}'s process may take the stream that {@code held} holds for another process with its
     * certificate: when the holder does not answer (a restarted process's old stream, or a wedged process), or when the
     * newcomer is the very process that lost the stream for its silence before. That one was wedged, not gone, so the
     * process that took its stream is the copy: it is refused at its next dial, and the original never stands down.
     */
    boolean mayReplace(ControlSession session, ControlSession held) {
        // both memories asked (not short-circuited), so that neither says it again
        boolean back = backOnThisNode(session) | backOnAnotherNode(session);
        if (takesBack(session, back, "the one connected from " + held.remote)) {
            return true;
        }
        if (held.answersWithin(ApplianceControlServer.LIVENESS_PROBE)) {
            return false;
        }
        replacedForSilence(held);
        return true;
    }

    /** Remembered here and, in a cluster, for the other nodes: the process may dial any node when it answers again. */
    void replacedForSilence(ControlSession held) {
        if (held.instance == null) {   // a link that names no process: nothing to know it by when it dials again
            return;
        }
        claims.replacedForSilence(held.id, held.instance, Instant.now());
        try {
            otherNodes.lostForSilence(held.id, held.instance);
        } catch (RuntimeException e) {
            LOG.warning("could not tell the other portal nodes that " + held.id + "'s process lost its stream for its silence"
                    + " (it takes it back on this node only): " + e.getMessage());
        }
    }

    /**
     * {@code back}: {@code session}'s process lost its stream for its silence, on this node or another, and dials again.
     * Then it takes the stream back, and the process that holds it ({@code tookItFrom}) is the copy.
     */
    boolean takesBack(ControlSession session, boolean back, String tookItFrom) {
        if (!back) {
            return false;
        }
        LOG.warning(session.id + "'s process connected from " + session.remote + ", whose stream another process with its"
                + " certificate took while it did not answer, is back: it takes its stream again, and " + tookItFrom
                + " with its certificate is the copy");
        session.markReclaimed();
        return true;
    }

    boolean backOnThisNode(ControlSession session) {
        return claims.backAfterSilence(session.id, session.instance, Instant.now());
    }

    boolean backOnAnotherNode(ControlSession session) {
        if (session.instance == null) {
            return false;
        }
        try {
            return otherNodes.backAfterSilence(session.id, session.instance);
        } catch (RuntimeException e) {
            LOG.warning("could not ask the other portal nodes whether " + session.id + "'s process lost its stream for its"
                    + " silence: " + e.getMessage());
            return false;
        }
    }

    /** Another node's hold on the identity; none when the nodes cannot be asked now (a database outage lets it in). */
    Optional<OtherNodes.HeldElsewhere> heldElsewhere(ControlSession session) {
        if (session.instance == null) {
            return Optional.empty();
        }
        try {
            return otherNodes.holding(session.id, session.instance, session.certificate.getSerialNumber());
        } catch (RuntimeException e) {
            LOG.warning("could not ask the other portal nodes whether they hold " + session.id + ", let in: " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The MAC of the NIC that {@code id}'s VM has, when the process dialled from behind another: it runs in a copy of
     * that VM. Empty when it matches, when the process names none (an older agent) or when no VM is known for the id.
     */
    Optional<String> vmNicOtherThan(String id, String lanMac) {
        if (lanMac == null) {
            return Optional.empty();
        }
        try {
            return nics.lanMac(id).filter(known -> !known.equalsIgnoreCase(lanMac));
        } catch (RuntimeException e) {
            LOG.warning("could not read which NIC the VM of " + id + " has, so its process is checked by its liveness alone: " + e.getMessage());
            return Optional.empty();
        }
    }
}
