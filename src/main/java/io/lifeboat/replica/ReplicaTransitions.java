package io.lifeboat.replica;

import io.lifeboat.tasks.TaskRecorder;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
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

    /** The current state of each of the replicas, in one query; READY for those never touched by a failover. */
    @Transactional(readOnly = true)
    public Map<Long, ReplicaState> statesOf(List<Long> replicaIds) {
        Map<Long, ReplicaState> states = new HashMap<>();
        replicaIds.forEach(id -> states.put(id, ReplicaState.READY));
        statuses.findAllById(replicaIds).forEach(status -> states.put(status.getReplicaId(), status.getState()));
        return states;
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

    /** Every replica a task worked on, each in the state it is in now. */
    @Transactional(readOnly = true)
    public List<ReplicaStatus> ofTask(long taskId) {
        return statuses.findByTaskId(taskId);
    }

    /** The tenant's replicas that show an IP conflict (failed over, with another machine claiming their IP). */
    @Transactional(readOnly = true)
    public List<ReplicaStatus> withAddressConflict(long tenantId) {
        return statuses.findByTenantIdAndConflictMacNotNull(tenantId);
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
        return applyAll(List.of(new Move(replicaId, tenantId, vmName, event, List.of(alsoRecord)))).get(0);
    }

    /** One replica's transition for {@link #applyAll}: the event, and what to record on its status with it. */
    public record Move(long replicaId, long tenantId, String vmName, ReplicaEvent event, List<ReplicaChange> alsoRecord) {
    }

    /**
     * Moves several replicas on at once, as one failover of many VMs does: their statuses are read in one query and
     * written in one flush (one by one, with a query and a log line each, queueing 50 VMs took 0.2-0.45 s of the
     * click). All or nothing: the caller's transaction fails as a whole when one move is not allowed or raced.
     *
     * @throws IllegalTransitionException when one event is not allowed in its replica's current state
     * @throws ConcurrentChangeException when another request changed one of the replicas at the same moment
     */
    @Transactional
    public List<ReplicaStatus> applyAll(List<Move> moves) {
        statuses.flush(); // the caller's pending writes fail on their own, not disguised as a conflict on these replicas
        Instant now = clock.instant();
        Map<Long, ReplicaStatus> stored = new HashMap<>(statuses.findAllById(moves.stream().map(Move::replicaId).toList()).stream()
                .collect(Collectors.toMap(ReplicaStatus::getReplicaId, Function.identity())));
        List<ReplicaStatus> moved = new ArrayList<>();
        List<ReplicaStateChanged> changes = new ArrayList<>();
        for (Move move : moves) {
            ReplicaStatus status = stored.computeIfAbsent(move.replicaId(), id -> new ReplicaStatus(id, move.tenantId(), now));
            ReplicaState from = status.getState();
            ReplicaState next;
            try {
                next = ReplicaStateMachine.next(from, move.event(), status.getFailedOperation(), status.isFailoverPowerOnAsked());
            } catch (IllegalTransitionException e) {
                throw new IllegalTransitionException(move.vmName() + ": " + e.getMessage());
            }
            status.moveTo(next, now);
            move.alsoRecord().forEach(status::record);
            moved.add(status);
            changes.add(new ReplicaStateChanged(move.replicaId(), move.tenantId(), from, next));
        }
        try {
            statuses.saveAllAndFlush(moved);
        } catch (ObjectOptimisticLockingFailureException | DataIntegrityViolationException e) {
            throw new ConcurrentChangeException(changedBy(moves) + " changed by another request at the same moment. Refresh and try again.", e);
        }
        changes.forEach(events::publishEvent);
        return moved;
    }

    private static String changedBy(List<Move> moves) {
        return moves.size() == 1 ? moves.get(0).vmName() + " was"
                : "One of " + moves.stream().map(Move::vmName).collect(Collectors.joining(", ")) + " was";
    }

    /** Records facts of a working state that are not a transition (the marker snapshot taken). */
    @Transactional
    public void record(long replicaId, ReplicaChange change) {
        statuses.findById(replicaId).ifPresent(status -> status.record(change));
    }
}
