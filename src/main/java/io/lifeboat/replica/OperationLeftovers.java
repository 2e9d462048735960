package io.lifeboat.replica;

import io.lifeboat.inventory.InventoryService;
import io.lifeboat.tasks.TaskRecorder;
import io.lifeboat.tasks.TaskState;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What a run of a replica operation left undone, so that no task stays RUNNING and no replica stays in a working
 * state for good, which would leave its tenant nothing to do but call the provider.
 * <ul>
 *   <li>A node that dies after a replica's last step but before the task's end leaves the task RUNNING with nothing
 *       pending; the run resumed elsewhere has nothing to do and, for some runners, ends nothing. The task is ended as
 *       its replicas' states say it went.</li>
 *   <li>A runner that breaks with an error it does not handle (a defect) leaves its replicas where they were: each goes
 *       to ERROR with what happened, from where its tenant can retry or undo, and the task fails.</li>
 * </ul>
 */
@Component
class OperationLeftovers {

    private static final Logger log = LoggerFactory.getLogger(OperationLeftovers.class);
    static final String NOTHING_DONE = "No VM is left in this task: each was taken over by a later task, or none was queued."
            + " What was done is in the log lines of each VM, and of the task that took it over.";

    private final ReplicaTransitions states;
    private final TaskRecorder tasks;
    private final InventoryService inventory;

    OperationLeftovers(ReplicaTransitions states, TaskRecorder tasks, InventoryService inventory) {
        this.states = states;
        this.tasks = tasks;
        this.inventory = inventory;
    }

    /**
     * Ends the task if its runner left it RUNNING with nothing pending, as its replicas' states say it went; a task
     * with no replica left cannot say what it did, so it is not reported as done (it used to succeed, as if every VM were).
     */
    void endIfLeftRunning(long taskId, ReplicaState operation) {
        List<ReplicaStatus> replicas = states.ofTask(taskId);
        if (replicas.stream().anyMatch(replica -> replica.getState() == operation)) {
            return; // the runner left work for a later run
        }
        if (replicas.isEmpty()) {
            if (tasks.finishIfRunning(taskId, TaskState.FAILED, NOTHING_DONE)) {
                log.warn("Task {} ({}): no replica was left in it; ended as failed", taskId, operation);
            }
            return;
        }
        long failed = replicas.stream().filter(replica -> replica.getState() == ReplicaState.ERROR).count();
        TaskState end = failed == 0 ? TaskState.SUCCEEDED : failed == replicas.size() ? TaskState.FAILED : TaskState.PARTIALLY_FAILED;
        String summary = failed == 0 ? "Done; the portal node running it stopped before it recorded the end."
                : "Failed for " + failed + " of " + replicas.size() + " VM(s); see the log lines for each VM.";
        if (tasks.finishIfRunning(taskId, end, summary)) {
            log.info("Task {} ({}): ended from its replicas' states, as the run that did the work was interrupted before it ended the task", taskId, operation);
        }
    }

    /** The runner broke with {@code defect}: its replicas still in {@code operation} go to ERROR, and the task ends. */
    void failWhatIsLeft(long taskId, ReplicaState operation, RuntimeException defect) {
        log.error("Task {} ({}): the operation broke off with an unexpected error", taskId, operation, defect);
        for (ReplicaStatus left : states.pending(taskId, operation)) {
            String vmName = inventory.requireReplica(left.getTenantId(), left.getReplicaId()).vmName();
            states.fail(taskId, left.getReplicaId(), left.getTenantId(), vmName, "Stopped during \"" + operation.label() + "\" by an unexpected"
                    + " error (" + defect.getMessage() + "). Retry or undo it from the VM's options; if it happens again, tell your provider.");
        }
        endIfLeftRunning(taskId, operation);
    }
}
