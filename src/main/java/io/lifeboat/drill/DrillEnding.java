package io.lifeboat.drill;

import io.lifeboat.inventory.InventoryService;
import io.lifeboat.inventory.ReplicaInfo;
import io.lifeboat.replica.ReplicaChange;
import io.lifeboat.replica.ReplicaEvent;
import io.lifeboat.replica.ReplicaJobs;
import io.lifeboat.replica.ReplicaState;
import io.lifeboat.replica.ReplicaTransitions;
import io.lifeboat.tasks.TaskRecorder;
import io.lifeboat.tasks.TaskState;
import io.lifeboat.tasks.TaskType;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Begins the end of a drill, for a tenant operator or for the drill's time limit: one task, every replica still in the
 * drill to DRILL_ENDING, the job scheduled, in one transaction. The callers check who may end which drill.
 */
@Component
class DrillEnding {

    private static final Logger log = LoggerFactory.getLogger(DrillEnding.class);

    private final DrillRepository drills;
    private final DrillVmRepository drillVms;
    private final InventoryService inventory;
    private final ReplicaTransitions states;
    private final TaskRecorder tasks;
    private final ReplicaJobs jobs;

    DrillEnding(DrillRepository drills, DrillVmRepository drillVms, InventoryService inventory, ReplicaTransitions states, TaskRecorder tasks,
                ReplicaJobs jobs) {
        this.drills = drills;
        this.drillVms = drillVms;
        this.inventory = inventory;
        this.states = states;
        this.tasks = tasks;
        this.jobs = jobs;
    }

    /**
     * Ends {@code drill} on behalf of {@code by} (a user name, or {@link DrillInfo#TIME_LIMIT}) and returns the task.
     *
     * @throws DrillRefusedException when the drill is not running (still starting, or already ending or ended); a drill
     *                               whose start broke off before it was marked started counts as running
     */
    @Transactional
    long end(Drill drill, String by) {
        if (startBrokeOff(drill)) {
            drill.started();
        }
        if (drill.getState() != DrillState.RUNNING) {
            throw new DrillRefusedException(drill.getState() == DrillState.STARTING
                    ? "The test failover is still starting; end it once its VMs are running."
                    : "The test failover is already " + drill.getState().label().toLowerCase() + ".");
        }
        List<DrillVm> vms = drillVms.findByDrillIdOrderByVmName(drill.getId());
        Map<Long, ReplicaState> now = vms.stream().collect(Collectors.toMap(DrillVm::getReplicaId, vm -> states.stateOf(vm.getReplicaId())));
        // the others were rolled back at the start, or are in Error with their own Retry
        List<DrillVm> inDrill = notCleanedUpIn(ReplicaState.IN_DRILL, vms, now);
        long taskId = tasks.start(TaskType.END_DRILL, drill.getTenantId(), "End test failover #" + drill.getId() + " (" + vms.size()
                + (vms.size() == 1 ? " VM" : " VMs") + ")", by);
        drill.ending(taskId, by);
        if (inDrill.isEmpty()) {
            if (vms.stream().allMatch(DrillVm::isCleanedUp)) {
                // Nothing will ever clean up a VM here and end the drill (a drill left Starting by a broken start): the job
                // ends it and seals its report, in transactions of its own so the hash covers the end time as stored.
                log.info("Ending drill {} of tenant {} for {}: every VM was cleaned up before; it is ended as it is", drill.getId(),
                        drill.getTenantId(), by);
                tasks.info(taskId, "Test failover", "No VM is left in it: each was rolled back or cleaned up before. It is ended as it is.");
                jobs.schedule(ReplicaState.DRILL_ENDING, taskId);
                return taskId;
            }
            log.info("Ending drill {} of tenant {} for {}: no VM is in the drill", drill.getId(), drill.getTenantId(), by);
            List<String> inError = notCleanedUpIn(ReplicaState.ERROR, vms, now).stream().map(DrillVm::getVmName).toList();
            tasks.finish(taskId, TaskState.FAILED, nothingToEnd(inError));
            return taskId;
        }
        for (DrillVm vm : inDrill) {
            ReplicaInfo replica = inventory.requireReplica(drill.getTenantId(), vm.getReplicaId());
            states.apply(replica.id(), replica.tenantId(), replica.vmName(), ReplicaEvent.REQUEST_END_DRILL, new ReplicaChange.AssignTask(taskId, by));
            tasks.info(taskId, vm.getVmName(), "Powering off, reverting to the state before the drill and reconnecting to "
                    + vm.getOriginalNetwork() + ".");
        }
        log.info("Ending drill {} of tenant {} for {}: {} VMs", drill.getId(), drill.getTenantId(), by, inDrill.size());
        jobs.schedule(ReplicaState.DRILL_ENDING, taskId);
        return taskId;
    }

    /**
     * Why an end found no VM to end, as its failed task says: it used to succeed with nothing done. A VM in Error is
     * cleaned up by its Retry, which ends the drill once every VM is back.
     */
    static String nothingToEnd(List<String> inError) {
        String none = "Nothing was ended: no VM of this test failover is running in it.";
        return inError.isEmpty() ? none + " Each was rolled back or is being cleaned up by another task."
                : none + " In Error: " + String.join(", ", inError) + ". Retry " + (inError.size() == 1 ? "it" : "each")
                + " from the VM's options: the retry powers it off and reverts it, and the test failover ends once every VM is back.";
    }

    /** The drill's VMs not cleaned up yet whose replica is in {@code state}: one cleaned up may be in a newer drill by now. */
    private static List<DrillVm> notCleanedUpIn(ReplicaState state, List<DrillVm> vms, Map<Long, ReplicaState> now) {
        return vms.stream().filter(vm -> !vm.isCleanedUp() && now.get(vm.getReplicaId()) == state).toList();
    }

    /**
     * The end of a drill that nobody asked for by hand ({@code by}: its time limit, or its schedule once checked);
     * nothing when it ended before. Returns whether the drill is still starting, so the caller tries again shortly (a
     * drill is ended as a whole, once its VMs are up).
     */
    @Transactional
    boolean endIfRunning(long drillId, String by) {
        Drill drill = drills.findById(drillId).orElse(null);
        if (drill != null && endable(drill)) {
            end(drill, by);
        }
        return drill != null && drill.getState() == DrillState.STARTING;
    }

    /** Whether {@link #end} takes {@code drill} now: it runs, or its start broke off and left it Starting. */
    boolean endable(Drill drill) {
        return drill.getState() == DrillState.RUNNING || startBrokeOff(drill);
    }

    /**
     * Still Starting, though its start task ended and none of its VMs is starting any more: a run that broke off before
     * it marked the drill started (as runs before that was fixed did). It is ended like a running one; refused, its VMs
     * left in the drill could never be ended, and its time limit would try again every 30 s for good.
     */
    private boolean startBrokeOff(Drill drill) {
        return drill.getState() == DrillState.STARTING && tasks.isFinished(drill.getTaskId())
                && drillVms.findByDrillIdOrderByVmName(drill.getId()).stream()
                .noneMatch(vm -> states.stateOf(vm.getReplicaId()) == ReplicaState.DRILL_STARTING);
    }
}
