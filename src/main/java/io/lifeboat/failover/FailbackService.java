package io.lifeboat.failover;

import io.lifeboat.inventory.InventoryService;
import io.lifeboat.inventory.ReplicaView;
import io.lifeboat.inventory.TenantSites;
import io.lifeboat.tasks.TaskRecorder;
import io.lifeboat.tasks.TaskService;
import io.lifeboat.tasks.TaskType;
import io.lifeboat.tenancy.CurrentTenant;
import io.lifeboat.vsphere.HypervisorConnector;
import io.lifeboat.vsphere.VmInfo;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Failback to production, and what follows it: commit, undo, cancel, retry. Checked against the current tenant and
 * role on the server like {@link FailoverService}; each request moves the replica through {@link ReplicaStates} and
 * schedules a durable job in the same transaction.
 */
@Service
public class FailbackService {

    private static final Pattern VM_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,79}");
    private static final Set<ReplicaState> FAILBACK_OPERATIONS = EnumSet.of(ReplicaState.FAILBACK_STARTING, ReplicaState.COMMITTING,
            ReplicaState.UNDOING_FAILBACK);

    private final CurrentTenant currentTenant;
    private final InventoryService inventory;
    private final ReplicaStates states;
    private final ReplicaStatusRepository statuses;
    private final TaskRecorder tasks;
    private final TaskService taskViews;
    private final FailoverJobs jobs;
    private final HypervisorConnector connector;
    private final ReplicaOperations operations;

    FailbackService(CurrentTenant currentTenant, InventoryService inventory, ReplicaStates states, ReplicaStatusRepository statuses,
                    TaskRecorder tasks, TaskService taskViews, FailoverJobs jobs, HypervisorConnector connector, ReplicaOperations operations) {
        this.operations = operations;
        this.currentTenant = currentTenant;
        this.inventory = inventory;
        this.states = states;
        this.statuses = statuses;
        this.tasks = tasks;
        this.taskViews = taskViews;
        this.jobs = jobs;
        this.connector = connector;
    }

    /**
     * Starts a failback of a failed-over replica to {@code target} and returns the Failback task id. A new VM's name
     * must be free in the tenant's production folder (an existing VM is never overwritten by name).
     *
     * @throws IllegalArgumentException when the new VM's name is not usable
     * @throws IllegalTransitionException when the replica is not failed over
     */
    @Transactional
    public long startFailback(long replicaId, FailbackTarget target) {
        ReplicaOperations.Target operation = operations.operatorAndReplica(replicaId);
        ReplicaView replica = operation.replica();
        if (!target.isOriginal()) {
            checkNewVmName(replica, target.newVmName());
        } else if (replica.productionVmId() == null) {
            throw new IllegalArgumentException("The original VM of " + replica.vmName() + " is not known at your site; fail back to a new VM instead.");
        }
        String targetText = target.isOriginal() ? "the original VM" : "a new VM " + target.newVmName();
        long taskId = operations.begin(operation, TaskType.FAILBACK, "Failback of " + replica.vmName() + " to " + targetText,
                ReplicaEvent.REQUEST_FAILBACK, status -> status.chooseFailbackTarget(target.newVmName())).taskId();
        tasks.info(taskId, replica.vmName(), "Replicating the replica's current state back to " + targetText
                + " at your site; the replica keeps running until the copy is verified.");
        jobs.scheduleFailback(taskId);
        return taskId;
    }

    /** Asks the running failback of this replica to stop; it ends with nothing replaced at the tenant site and the replica failed over. */
    @Transactional
    public void cancelFailback(long replicaId) {
        ReplicaOperations.Target operation = operations.operatorAndReplica(replicaId);
        ReplicaView replica = operation.replica();
        ReplicaStatus status = statuses.findById(replica.id()).orElse(null);
        if (status == null || status.getState() != ReplicaState.FAILBACK_STARTING) {
            throw new IllegalTransitionException(replica.vmName() + ": there is no failback running to cancel.");
        }
        states.record(replica.id(), ReplicaStatus::requestCancel);
        tasks.warn(status.getTaskId(), replica.vmName(), "Cancel requested by " + operation.operator().username() + ".");
    }

    /** Commit failback: the replica becomes Ready (failover marker removed, stays powered off); the VM at the tenant site stays on. */
    @Transactional
    public long commitFailback(long replicaId) {
        ReplicaOperations.Target operation = operations.operatorAndReplica(replicaId);
        long taskId = operations.begin(operation, TaskType.COMMIT_FAILBACK, "Commit failback of " + operation.vmName(), ReplicaEvent.REQUEST_COMMIT).taskId();
        jobs.scheduleCommitFailback(taskId);
        return taskId;
    }

    /** Undo failback: the VM at the tenant site is powered off and the replica runs again (also after a failed failback). */
    @Transactional
    public long undoFailback(long replicaId) {
        ReplicaOperations.Target operation = operations.operatorAndReplica(replicaId);
        long taskId = operations.begin(operation, TaskType.UNDO_FAILBACK, "Undo failback of " + operation.vmName(), ReplicaEvent.REQUEST_UNDO_FAILBACK).taskId();
        tasks.info(taskId, operation.vmName(), "Powering off the VM at your site and starting the replica at the provider again.");
        jobs.scheduleUndoFailback(taskId);
        return taskId;
    }

    /**
     * Whether the replica is in ERROR because a failback, commit or undo failback failed (Retry resumes that).
     * Package-private: it takes no tenant check, so only {@link FailoverService#retry} (after its own) may ask.
     */
    @Transactional(readOnly = true)
    boolean failedInFailback(long replicaId) {
        return statuses.findById(replicaId).filter(s -> s.getState() == ReplicaState.ERROR)
                .map(s -> FAILBACK_OPERATIONS.contains(s.getFailedOperation())).orElse(false);
    }

    /** Retries the failback operation that left the replica in ERROR; returns the new task id. */
    @Transactional
    public long retry(long replicaId) {
        ReplicaOperations.Target operation = operations.operatorAndReplica(replicaId);
        ReplicaView replica = operation.replica();
        ReplicaState failed = statuses.findById(replica.id()).filter(s -> s.getState() == ReplicaState.ERROR).map(ReplicaStatus::getFailedOperation)
                .filter(FAILBACK_OPERATIONS::contains)
                .orElseThrow(() -> new IllegalTransitionException(replica.vmName() + ": there is no failed failback to retry."));
        TaskType type = switch (failed) {
            case COMMITTING -> TaskType.COMMIT_FAILBACK;
            case UNDOING_FAILBACK -> TaskType.UNDO_FAILBACK;
            default -> TaskType.FAILBACK;
        };
        ReplicaOperations.Begun retry = operations.begin(operation, type, "Retry " + type.label().toLowerCase() + " of " + replica.vmName(), ReplicaEvent.RETRY);
        long taskId = retry.taskId();
        switch (retry.state()) {
            case COMMITTING -> jobs.scheduleCommitFailback(taskId);
            case UNDOING_FAILBACK -> jobs.scheduleUndoFailback(taskId);
            default -> jobs.scheduleFailback(taskId);
        }
        return taskId;
    }

    /** The running failback's progress, if this replica of the current tenant has one. */
    @Transactional(readOnly = true)
    public Optional<FailbackProgress> progress(long replicaId) {
        long tenantId = currentTenant.get().requireTenantId();
        return statuses.findById(replicaId).filter(s -> s.getTenantId() == tenantId && s.getState() == ReplicaState.FAILBACK_STARTING && s.getTaskId() != null)
                .flatMap(s -> taskViews.find(s.getTaskId()))
                .map(task -> new FailbackProgress(task.id(), task.progress(), task.progressDetail()));
    }

    private void checkNewVmName(ReplicaView replica, String name) {
        if (name == null || !VM_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("A new VM's name is 1 to 80 letters, digits, dots, dashes or underscores, starting with a letter or digit.");
        }
        TenantSites sites = inventory.sitesOf(replica.tenantId());
        boolean taken = connector.connect(sites.tenantSite()).listVms(sites.tenantFolder()).stream().map(VmInfo::name).anyMatch(name::equalsIgnoreCase);
        if (taken) {
            throw new IllegalArgumentException("There is already a VM named " + name + " at your site; choose another name, or fail back to the original VM.");
        }
    }
}
