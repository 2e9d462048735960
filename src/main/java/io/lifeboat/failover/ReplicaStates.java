package io.lifeboat.failover;

import java.time.Clock;
import java.util.function.Consumer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies state machine transitions to stored replica states: the one place where a replica's state changes.
 * Two requests racing for one replica cannot both win: the loser's flush fails on the version column (or on the
 * primary key for a replica's first transition) and gets a {@link ConcurrentChangeException}.
 */
@Service
class ReplicaStates {

    private final ReplicaStatusRepository statuses;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ReplicaStates(ReplicaStatusRepository statuses, ApplicationEventPublisher events, Clock clock) {
        this.statuses = statuses;
        this.events = events;
        this.clock = clock;
    }

    /** The replica's current state; a replica never touched by a failover is READY. */
    @Transactional(readOnly = true)
    public ReplicaState stateOf(long replicaId) {
        return statuses.findById(replicaId).map(ReplicaStatus::getState).orElse(ReplicaState.READY);
    }

    /**
     * Moves the replica on by {@code event} and applies {@code alsoRecord} to its status in the same transaction.
     *
     * @throws IllegalTransitionException when the event is not allowed in the current state
     * @throws ConcurrentChangeException when another request changed the replica at the same moment
     */
    @Transactional
    public ReplicaStatus apply(long replicaId, long tenantId, String vmName, ReplicaEvent event, Consumer<ReplicaStatus> alsoRecord) {
        statuses.flush(); // the caller's pending writes fail on their own, not disguised as a conflict on this replica
        ReplicaStatus status = statuses.findById(replicaId).orElseGet(() -> new ReplicaStatus(replicaId, tenantId, clock.instant()));
        ReplicaState from = status.getState();
        ReplicaState next;
        try {
            next = FailoverStateMachine.next(status.getState(), event, status.getFailedOperation());
        } catch (IllegalTransitionException e) {
            throw new IllegalTransitionException(vmName + ": " + e.getMessage());
        }
        status.moveTo(next, clock.instant());
        alsoRecord.accept(status);
        try {
            statuses.saveAndFlush(status);
        } catch (ObjectOptimisticLockingFailureException | DataIntegrityViolationException e) {
            throw new ConcurrentChangeException(vmName + " was changed by another request at the same moment. Refresh and try again.", e);
        }
        events.publishEvent(new ReplicaStateChanged(replicaId, tenantId, from, next));
        return status;
    }

    @Transactional
    public ReplicaStatus apply(long replicaId, long tenantId, String vmName, ReplicaEvent event) {
        return apply(replicaId, tenantId, vmName, event, status -> { });
    }

    /** Records facts of a working state that are not a transition (the marker snapshot taken). */
    @Transactional
    public void record(long replicaId, Consumer<ReplicaStatus> change) {
        statuses.findById(replicaId).ifPresent(change);
    }
}
