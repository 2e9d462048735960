package io.lifeboat.replica;

import io.lifeboat.audit.Audited;
import io.lifeboat.inventory.InventoryService;
import io.lifeboat.inventory.ReplicaInfo;
import io.lifeboat.tasks.TaskRecorder;
import io.lifeboat.tasks.TaskType;
import io.lifeboat.tenancy.AccessDeniedException;
import io.lifeboat.tenancy.CurrentTenant;
import io.lifeboat.tenancy.TenantContext;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How every operation on one replica begins (undo, retry, failback, commit, undo failback): the caller must be an
 * operator of the replica's tenant (another tenant's id is refused exactly like a missing one); the operation's task is
 * opened and the replica moved by the state machine, in the caller's transaction. Retry is here too, one path for
 * every operation: the state machine says what the failed operation resumes as, and its room's runner carries it out.
 */
@Service
public class ReplicaOperations {

    /**
     * The operator asking, and the replica they may act on. Only {@link #operatorAndReplica} creates one, after its
     * checks, so a method taking a Target needs no check of its own: it cannot be called with a forged one.
     */
    public static final class Target {

        private final TenantContext operator;
        private final ReplicaInfo replica;

        private Target(TenantContext operator, ReplicaInfo replica) {
            this.operator = operator;
            this.replica = replica;
        }

        public TenantContext operator() {
            return operator;
        }

        public ReplicaInfo replica() {
            return replica;
        }

        public String vmName() {
            return replica.vmName();
        }
    }

    private static final Logger log = LoggerFactory.getLogger(ReplicaOperations.class);

    private final CurrentTenant currentTenant;
    private final InventoryService inventory;
    private final ReplicaTransitions states;
    private final TaskRecorder tasks;
    private final ReplicaJobs jobs;
    private final TransactionTemplate transaction;

    ReplicaOperations(CurrentTenant currentTenant, InventoryService inventory, ReplicaTransitions states, TaskRecorder tasks, ReplicaJobs jobs,
                      PlatformTransactionManager transactions) {
        this.transaction = new TransactionTemplate(transactions);
        this.jobs = jobs;
        this.currentTenant = currentTenant;
        this.inventory = inventory;
        this.states = states;
        this.tasks = tasks;
    }

    /** @throws AccessDeniedException when the caller is no operator, or the replica is not of their tenant */
    public Target operatorAndReplica(long replicaId) {
        TenantContext operator = currentTenant.requireOperator();
        ReplicaInfo replica = inventory.replica(operator.requireTenantId(), replicaId)
                .orElseThrow(() -> new AccessDeniedException("There is no replica with id " + replicaId + " in your organisation."));
        return new Target(operator, replica);
    }

    /**
     * Opens the task, moves the replica by {@code event} recording the task and who started it (plus
     * {@code alsoRecord}), and returns the task id with the replica's new status.
     */
    public Begun begin(Target target, TaskType type, String title, ReplicaEvent event, ReplicaChange... alsoRecord) {
        String username = target.operator().username();
        long taskId = tasks.start(type, target.replica().tenantId(), title, username);
        ReplicaChange[] changes = new ReplicaChange[alsoRecord.length + 1];
        changes[0] = new ReplicaChange.AssignTask(taskId, username);
        System.arraycopy(alsoRecord, 0, changes, 1, alsoRecord.length);
        ReplicaStatus status = states.apply(target.replica().id(), target.replica().tenantId(), target.vmName(), event, changes);
        return new Begun(taskId, status.getState());
    }

    /**
     * Runs a user's start of an operation ({@code start}: its task opened, the replica moved, its job scheduled) in a
     * transaction of its own, and once more when a background write to the replica's status raced it: the split-brain
     * watchdog recorded a conflict just as the user clicked Undo, and the click was refused as "changed by another
     * request". The state machine checks the move again, so a competing user's request is still refused.
     */
    public long startInOwnTransaction(Target target, Supplier<Long> start) {
        try {
            return transaction.execute(tx -> start.get());
        } catch (ConcurrentChangeException raced) {
            log.info("{}: the start raced another write to the replica's status ({}); once more", target.vmName(), raced.getMessage());
            return transaction.execute(tx -> start.get());
        }
    }

    /**
     * Retries the operation that left the replica in ERROR and returns the new task id: a failed failover or undo is
     * retried as a clean-up (undo), unless the failover had started the replica at the provider (it is resumed, as a
     * failed failback, commit or undo failback is).
     *
     * @throws IllegalTransitionException when the replica is not in ERROR
     */
    @Audited(value = "Retry", result = "task")
    @Transactional
    public long retry(long replicaId) {
        Target target = operatorAndReplica(replicaId);
        ReplicaState resumed = states.find(target.replica().id()).filter(status -> status.getState() == ReplicaState.ERROR)
                .map(status -> ReplicaStateMachine.retryOf(status.getFailedOperation(), status.isFailoverPowerOnAsked())).orElse(null);
        TaskType type = resumed == null ? TaskType.UNDO_FAILOVER : taskTypeOf(resumed);
        String title = resumed == null || resumed == ReplicaState.UNDOING ? "Retry clean-up of " + target.vmName()
                : "Retry " + type.label().toLowerCase() + " of " + target.vmName();
        Begun retry = begin(target, type, title, ReplicaEvent.RETRY);
        jobs.schedule(retry.state(), retry.taskId());
        return retry.taskId();
    }

    private static TaskType taskTypeOf(ReplicaState working) {
        return switch (working) {
            case FAILOVER_STARTING -> TaskType.CLOUD_FAILOVER;
            case FAILBACK_STARTING -> TaskType.FAILBACK;
            case COMMITTING -> TaskType.COMMIT_FAILBACK;
            case UNDOING_FAILBACK -> TaskType.UNDO_FAILBACK;
            case DRILL_ENDING -> TaskType.END_DRILL;
            default -> TaskType.UNDO_FAILOVER;
        };
    }

    /** A begun operation: its task and the state the replica moved to. */
    public record Begun(long taskId, ReplicaState state) {
    }
}
