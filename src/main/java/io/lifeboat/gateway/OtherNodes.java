package io.lifeboat.gateway;

import java.math.BigInteger;
import java.util.Optional;

/**
 * What the portal's other nodes hold (ADR 0005, "One process per identity"): a process may dial this node with the
 * certificate of an appliance whose stream another node holds, a copy that a gateway relayed elsewhere. The control
 * server asks here before it admits a process no stream on this node clashes with.
 */
@FunctionalInterface
public interface OtherNodes {

    /** A single node, or a cluster's node before it knows the others. */
    OtherNodes NONE = (id, instance, serial) -> Optional.empty();

    /**
     * Another node holds {@code id}'s stream for another process with this very certificate ({@code serial}); where
     * that process connected from, and whether it answered when its node last asked ({@code answered}); a process that
     * has not answered yet is asked now, so the one dialling is told to dial again.
     */
    record HeldElsewhere(String heldFrom, boolean answered) {
    }

    /** Empty when no other node holds {@code id} for another live process with certificate {@code serial}. */
    Optional<HeldElsewhere> holding(String id, String instance, BigInteger serial);

    /** {@code id}'s process {@code instance} lost its stream on this node because it did not answer: for every node. */
    default void lostForSilence(String id, String instance) {
    }

    /**
     * Whether {@code instance} is {@code id}'s process that lost its stream for its silence on any node within
     * {@link ApplianceControlServer#CLAIM_MEMORY}, dialling again: it takes its stream back on whichever node it dials.
     * Said once.
     */
    default boolean backAfterSilence(String id, String instance) {
        return false;
    }
}
