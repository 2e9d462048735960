package io.lifeboat.replica;

import static io.lifeboat.replica.ReplicaEvent.*;
import static io.lifeboat.replica.ReplicaState.*;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The replica state machine (ARCHITECTURE §3), as a pure function. Any working state can fail into ERROR, which
 * remembers the operation that failed; RETRY from ERROR resumes that operation, except that a failed failover or
 * undo is retried as a clean-up (undo), because a half-started replica must first be brought back to its
 * pre-failover state; only such a replica may also ask for undo failover in ERROR, which after any other failure
 * would skip that operation's own clean-up (a drill's end, a failback's undo). A failback that failed (or an undo
 * failback that did) can also be undone from ERROR, back to FAILED_OVER, because until a failback completes the
 * replica is the VM the tenant runs on. A test failover (drill) has its own states: a replica in one is neither
 * Ready nor failed over, so it can be neither failed over nor failed back until the drill ends; a failed drill step
 * is retried as ending the drill.
 */
public final class ReplicaStateMachine {

    private static final Map<ReplicaState, Map<ReplicaEvent, ReplicaState>> TRANSITIONS = new EnumMap<>(ReplicaState.class);

    static {
        allow(READY, REQUEST_FAILOVER, FAILOVER_STARTING);
        allow(FAILOVER_STARTING, FAILOVER_DONE, FAILED_OVER);
        allow(FAILOVER_STARTING, FAILOVER_ROLLED_BACK, READY);
        allow(FAILED_OVER, REQUEST_UNDO, UNDOING);
        allow(UNDOING, UNDO_DONE, READY);
        allow(FAILED_OVER, REQUEST_FAILBACK, FAILBACK_STARTING);
        allow(FAILBACK_STARTING, FAILBACK_DONE, FAILBACK_READY);
        allow(FAILBACK_STARTING, FAILBACK_CANCELLED, FAILED_OVER); // the tenant cancelled the transfer
        allow(FAILBACK_READY, REQUEST_COMMIT, COMMITTING);
        allow(COMMITTING, COMMIT_DONE, READY);
        allow(FAILBACK_READY, REQUEST_UNDO_FAILBACK, UNDOING_FAILBACK);
        allow(UNDOING_FAILBACK, UNDO_FAILBACK_DONE, FAILED_OVER);
        allow(READY, REQUEST_DRILL, DRILL_STARTING);
        allow(DRILL_STARTING, DRILL_STARTED, IN_DRILL);
        allow(DRILL_STARTING, DRILL_ROLLED_BACK, READY);
        allow(IN_DRILL, REQUEST_END_DRILL, DRILL_ENDING);
        allow(DRILL_ENDING, DRILL_ENDED, READY);
        for (ReplicaState working : ReplicaState.values()) {
            if (working.isBusy()) {
                allow(working, STEP_FAILED, ERROR);
            }
        }
    }

    private ReplicaStateMachine() {
    }

    /**
     * The state after {@code event}.
     *
     * @param failedOperation for RETRY from ERROR: the working state that failed; ignored otherwise
     * @throws IllegalTransitionException when the event is not allowed in {@code from}
     */
    public static ReplicaState next(ReplicaState from, ReplicaEvent event, ReplicaState failedOperation) {
        return next(from, event, failedOperation, false);
    }

    /**
     * As {@link #next(ReplicaState, ReplicaEvent, ReplicaState)}.
     *
     * @param startedAtProvider in ERROR: the failed failover had powered its replica on at the provider, which may have
     *                          held writes since; RETRY then resumes the failover instead of undoing it
     */
    public static ReplicaState next(ReplicaState from, ReplicaEvent event, ReplicaState failedOperation, boolean startedAtProvider) {
        if (from == ERROR && event == RETRY) {
            return retryOf(failedOperation, startedAtProvider);
        }
        if (from == ERROR && event == REQUEST_UNDO) {
            if (undoesFailover(failedOperation)) {
                return UNDOING;
            }
            throw new IllegalTransitionException("Undo failover only cleans up after a failed failover or undo; what failed here is "
                    + (failedOperation == null ? "not known" : failedOperation.label()) + ". Retry it instead.");
        }
        if (from == ERROR && event == REQUEST_UNDO_FAILBACK && undoesFailback(failedOperation)) {
            return UNDOING_FAILBACK;
        }
        ReplicaState next = TRANSITIONS.getOrDefault(from, Map.of()).get(event);
        if (next == null) {
            throw new IllegalTransitionException(describe(from, event));
        }
        return next;
    }

    public static boolean allows(ReplicaState from, ReplicaEvent event) {
        return allows(from, event, null);
    }

    /** Whether {@link #next} would accept {@code event}; {@code failedOperation} matters only in ERROR. */
    public static boolean allows(ReplicaState from, ReplicaEvent event, ReplicaState failedOperation) {
        return (from == ERROR && event == RETRY)
                || (from == ERROR && event == REQUEST_UNDO && undoesFailover(failedOperation))
                || (from == ERROR && event == REQUEST_UNDO_FAILBACK && undoesFailback(failedOperation))
                || TRANSITIONS.getOrDefault(from, Map.of()).containsKey(event);
    }

    /**
     * What a user may ask for on a replica in {@code state} ({@code failedOperation}: the working state that failed, in
     * ERROR), in the order the pages offer them. Every action's event is one {@link #allows} accepts; in ERROR the
     * pages offer the retry (for a failed failover or undo, a clean-up) and, after a failed failback or undo failback,
     * the undo failback.
     */
    public static List<ReplicaAction> actions(ReplicaState state, ReplicaState failedOperation) {
        return actions(state, failedOperation, false);
    }

    /**
     * As above; a failed-over replica whose IP another machine at the tenant site claims ({@code addressConflict}) is
     * offered first to power that machine off, then to undo the failover.
     */
    public static List<ReplicaAction> actions(ReplicaState state, ReplicaState failedOperation, boolean addressConflict,
                                              boolean startedAtProvider) {
        if (state == ERROR && failedOperation == FAILOVER_STARTING && startedAtProvider) {
            return List.of(ReplicaAction.RETRY, ReplicaAction.UNDO_FAILOVER);   // resume it, or discard what it wrote
        }
        return actions(state, failedOperation, addressConflict);
    }

    public static List<ReplicaAction> actions(ReplicaState state, ReplicaState failedOperation, boolean addressConflict) {
        if (state == FAILED_OVER && addressConflict) {
            return List.of(ReplicaAction.POWER_OFF_ORIGINAL, ReplicaAction.UNDO_FAILOVER, ReplicaAction.FAILBACK);
        }
        return switch (state) {
            case READY -> List.of(ReplicaAction.FAILOVER, ReplicaAction.TEST_FAILOVER);
            case FAILED_OVER -> List.of(ReplicaAction.FAILBACK, ReplicaAction.UNDO_FAILOVER);
            case FAILBACK_STARTING -> List.of(ReplicaAction.CANCEL_FAILBACK);
            case FAILBACK_READY -> List.of(ReplicaAction.COMMIT_FAILBACK, ReplicaAction.UNDO_FAILBACK);
            case ERROR -> undoesFailback(failedOperation) ? List.of(ReplicaAction.RETRY, ReplicaAction.UNDO_FAILBACK) : List.of(ReplicaAction.RETRY);
            case IN_DRILL -> List.of(ReplicaAction.END_DRILL);
            case FAILOVER_STARTING, UNDOING, COMMITTING, UNDOING_FAILBACK, DRILL_STARTING, DRILL_ENDING -> List.of();
        };
    }

    /** Whether {@code operation} belongs to failing back (failback, its commit or its undo) rather than to failover. */
    public static boolean isFailbackOperation(ReplicaState operation) {
        return operation == FAILBACK_STARTING || operation == COMMITTING || operation == UNDOING_FAILBACK;
    }

    /**
     * As {@link #retryOf(ReplicaState)}; a failed failover whose replica runs at the provider already (a resumed run
     * failed after an earlier one powered it on) is resumed: undone, it would lose what it wrote since.
     */
    public static ReplicaState retryOf(ReplicaState failedOperation, boolean startedAtProvider) {
        return failedOperation == FAILOVER_STARTING && startedAtProvider ? FAILOVER_STARTING : retryOf(failedOperation);
    }

    /** The working state RETRY from ERROR leads to when {@code failedOperation} failed. */
    public static ReplicaState retryOf(ReplicaState failedOperation) {
        if (failedOperation == null) {
            return UNDOING;
        }
        return switch (failedOperation) {
            case FAILOVER_STARTING, UNDOING -> UNDOING;
            case FAILBACK_STARTING, COMMITTING, UNDOING_FAILBACK -> failedOperation;
            case DRILL_STARTING, DRILL_ENDING -> DRILL_ENDING; // a failed drill is cleaned up by ending it
            default -> throw new IllegalTransitionException("Nothing to retry: the failed operation " + failedOperation + " is not a working state.");
        };
    }

    /**
     * A failed failover or undo can be undone, which is what its retry does; after any other failure (a drill, a
     * failback) an undo would revert the replica while skipping that operation's own clean-up, so it is only retried.
     */
    private static boolean undoesFailover(ReplicaState failedOperation) {
        return failedOperation == FAILOVER_STARTING || failedOperation == UNDOING;
    }

    /** A failed failback or undo failback is undone back to FAILED_OVER; a failed commit is only retried. */
    private static boolean undoesFailback(ReplicaState failedOperation) {
        return failedOperation == FAILBACK_STARTING || failedOperation == UNDOING_FAILBACK;
    }

    private static String describe(ReplicaState from, ReplicaEvent event) {
        return switch (event) {
            case REQUEST_FAILOVER -> from == FAILED_OVER || from == FAILOVER_STARTING
                    ? "It is already failed over or being failed over."
                    : "Only a Ready replica can be failed over; this one is " + from.label() + ".";
            case REQUEST_UNDO -> "Only a failed-over replica can be undone; this one is " + from.label() + ".";
            case REQUEST_FAILBACK -> "Only a failed-over replica can be failed back; this one is " + from.label() + ".";
            case REQUEST_DRILL -> "Only a Ready replica can take part in a test failover; this one is " + from.label() + ".";
            case REQUEST_END_DRILL -> "Only a replica in a test failover can end it; this one is " + from.label() + ".";
            case REQUEST_COMMIT, REQUEST_UNDO_FAILBACK -> "There is no completed failback to commit or undo; the replica is " + from.label() + ".";
            default -> "A replica that is " + from.label() + " cannot take " + event + ".";
        };
    }

    private static void allow(ReplicaState from, ReplicaEvent event, ReplicaState to) {
        TRANSITIONS.computeIfAbsent(from, s -> new EnumMap<>(ReplicaEvent.class)).put(event, to);
    }
}
