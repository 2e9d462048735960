package io.lifeboat.replica;

import io.lifeboat.tasks.TaskRecorder;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
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
public class ReplicaTransitions {

    private final ReplicaStatusRepository statuses;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final TaskRecorder tasks;

    ReplicaTransitions(ReplicaStatusRepository statuses, ApplicationEventPublisher events, Clock clock, TaskRecorder tasks) {
        this.tasks = tasks;
        this.statuses = statuses;
        this.events = events;
        this.clock = clock;
    }

    /** The replica's current state; a replica never touched by a failover is READY. */
    @Transactional(readOnly = true)
    public ReplicaState stateOf(long replicaId) {
        return statuses.findById(replicaId).map(ReplicaStatus::getState).orElse(ReplicaState.READY);
    }

    /** The working state that failed, when the replica is in ERROR; null otherwise. */
    @Transactional(readOnly = true)
    public ReplicaState failedOperationOf(long replicaId) {
        return statuses.findById(replicaId).map(ReplicaStatus::getFailedOperation).orElse(null);
    }

    /** The replica's stored status; empty for a replica never touched by a failover. */
    @Transactional(readOnly = true)
    public Optional<ReplicaStatus> find(long replicaId) {
        return statuses.findById(replicaId);
    }

    /** The replicas a task is working on that are still in {@code state}. */
    @Transactional(readOnly = true)
    public List<ReplicaStatus> pending(long taskId, ReplicaState state) {
        return statuses.findByTaskIdAndState(taskId, state);
    }

    /** The tenant's replicas whose state holds provider resources (running or being worked on there). */
    @Transactional(readOnly = true)
    public List<Long> usingProviderResources(long tenantId) {
        return statuses.findByTenantIdAndStateNot(tenantId, ReplicaState.READY).stream()
                .filter(s -> s.getState().usesProviderResources()).map(ReplicaStatus::getReplicaId).toList();
    }

    /**
     * A working state's operation failed for this replica: it goes to ERROR with {@code message} (what went wrong and
     * what to do), and the message is logged on the task. The runners' one way of reporting a VM's failure.
     */
    @Transactional
    public void fail(long taskId, long replicaId, long tenantId, String vmName, String message) {
        apply(replicaId, tenantId, vmName, ReplicaEvent.STEP_FAILED, new ReplicaChange.RecordError(message));
        tasks.error(taskId, vmName, message);
    }

    /**
     * Moves the replica on by {@code event} and records {@code alsoRecord} on its status in the same transaction.
     *
     * @throws IllegalTransitionException when the event is not allowed in the current state
     * @throws ConcurrentChangeException when another request changed the replica at the same moment
     */
    @Transactional
    public ReplicaStatus apply(long replicaId, long tenantId, String vmName, ReplicaEvent event, ReplicaChange... alsoRecord) {
        statuses.flush(); // the caller's pending writes fail on their own, not disguised as a conflict on this replica
        ReplicaStatus status = statuses.findById(replicaId).orElseGet(() -> new ReplicaStatus(replicaId, tenantId, clock.instant()));
        ReplicaState from = status.getState();
        ReplicaState next;
        try {
            next = ReplicaStateMachine.next(status.getState(), event, status.getFailedOperation());
        } catch (IllegalTransitionException e) {
            throw new IllegalTransitionException(vmName + ": " + e.getMessage());
        }
        status.moveTo(next, clock.instant());
        for (ReplicaChange change : alsoRecord) {
            status.record(change);
        }
        try {
            statuses.saveAndFlush(status);
        } catch (ObjectOptimisticLockingFailureException | DataIntegrityViolationException e) {
            throw new ConcurrentChangeException(vmName + " was changed by another request at the same moment. Refresh and try again.", e);
        }
        events.publishEvent(new ReplicaStateChanged(replicaId, tenantId, from, next));
        return status;
    }

    /** Records facts of a working state that are not a transition (the marker snapshot taken). */
    @Transactional
    public void record(long replicaId, ReplicaChange change) {
        statuses.findById(replicaId).ifPresent(status -> status.record(change));
    }
}
