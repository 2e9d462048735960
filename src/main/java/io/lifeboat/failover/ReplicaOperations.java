package io.lifeboat.failover;

import io.lifeboat.inventory.InventoryService;
import io.lifeboat.inventory.ReplicaView;
import io.lifeboat.tasks.TaskRecorder;
import io.lifeboat.tasks.TaskType;
import io.lifeboat.tenancy.AccessDeniedException;
import io.lifeboat.tenancy.CurrentTenant;
import io.lifeboat.tenancy.TenantContext;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * How every operation on one replica begins (undo, retry, failback, commit, undo failback): the caller must be an
 * operator of the replica's tenant (another tenant's id is refused exactly like a missing one); the operation's task is
 * opened and the replica moved by the state machine, in the caller's transaction.
 */
@Component
class ReplicaOperations {

    /** The operator asking, and the replica they may act on. */
    record Target(TenantContext operator, ReplicaView replica) {

        String vmName() {
            return replica.vmName();
        }
    }

    private final CurrentTenant currentTenant;
    private final InventoryService inventory;
    private final ReplicaStates states;
    private final TaskRecorder tasks;

    ReplicaOperations(CurrentTenant currentTenant, InventoryService inventory, ReplicaStates states, TaskRecorder tasks) {
        this.currentTenant = currentTenant;
        this.inventory = inventory;
        this.states = states;
        this.tasks = tasks;
    }

    /** @throws AccessDeniedException when the caller is no operator, or the replica is not of their tenant */
    Target operatorAndReplica(long replicaId) {
        TenantContext operator = currentTenant.requireOperator();
        ReplicaView replica = inventory.replica(operator.requireTenantId(), replicaId)
                .orElseThrow(() -> new AccessDeniedException("There is no replica with id " + replicaId + " in your organisation."));
        return new Target(operator, replica);
    }

    /**
     * Opens the task, moves the replica by {@code event} recording the task and who started it (plus
     * {@code alsoRecord}), and returns the task id with the replica's new status.
     */
    Begun begin(Target target, TaskType type, String title, ReplicaEvent event, Consumer<ReplicaStatus> alsoRecord) {
        String username = target.operator().username();
        long taskId = tasks.start(type, target.replica().tenantId(), title, username);
        ReplicaStatus status = states.apply(target.replica().id(), target.replica().tenantId(), target.vmName(), event, s -> {
            s.assign(taskId, username);
            alsoRecord.accept(s);
        });
        return new Begun(taskId, status.getState());
    }

    Begun begin(Target target, TaskType type, String title, ReplicaEvent event) {
        return begin(target, type, title, event, s -> { });
    }

    /** A begun operation: its task and the state the replica moved to. */
    record Begun(long taskId, ReplicaState state) {
    }
}
