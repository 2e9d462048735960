package io.lifeboat.failback;

import io.lifeboat.audit.Audited;
import io.lifeboat.inventory.InventoryService;
import io.lifeboat.inventory.ReplicaInfo;
import io.lifeboat.inventory.SiteSilence;
import io.lifeboat.inventory.TenantSites;
import io.lifeboat.replica.IllegalTransitionException;
import io.lifeboat.replica.ReplicaChange;
import io.lifeboat.replica.ReplicaEvent;
import io.lifeboat.replica.ReplicaJobs;
import io.lifeboat.replica.ReplicaOperations;
import io.lifeboat.replica.ReplicaState;
import io.lifeboat.replica.ReplicaStatus;
import io.lifeboat.replica.ReplicaTransitions;
import io.lifeboat.tasks.TaskRecorder;
import io.lifeboat.tasks.TaskType;
import io.lifeboat.tenancy.CurrentTenant;
import io.lifeboat.hypervisor.HypervisorConnector;
import io.lifeboat.hypervisor.HypervisorException;
import io.lifeboat.hypervisor.VmInfo;
import java.time.Instant;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Failback to production, and what follows it: commit, undo, cancel (retry is {@link ReplicaOperations#retry}).
 * Checked against the current tenant and role on the server; each request moves the replica through
 * {@link ReplicaTransitions} and schedules a durable job in the same transaction. A new VM's name is checked against
 * the tenant's vCenter before that transaction, never inside it.
 */
@Service
public class FailbackService {

    private static final Pattern VM_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,79}");

    private final CurrentTenant currentTenant;
    private final InventoryService inventory;
    private final ReplicaTransitions states;
    private final TaskRecorder tasks;
    private final ReplicaJobs jobs;
    private final HypervisorConnector connector;
    private final ReplicaOperations operations;

    FailbackService(CurrentTenant currentTenant, InventoryService inventory, ReplicaTransitions states,
                    TaskRecorder tasks, ReplicaJobs jobs, HypervisorConnector connector, ReplicaOperations operations) {
        this.operations = operations;
        this.currentTenant = currentTenant;
        this.inventory = inventory;
        this.states = states;
        this.tasks = tasks;
        this.jobs = jobs;
        this.connector = connector;
    }

    /**
     * Starts a failback of a failed-over replica to {@code target} and returns the Failback task id. A new VM's name
     * must be free in the tenant's production folder (an existing VM is never overwritten by name).
     *
     * @throws IllegalArgumentException when the new VM's name is not usable
     * @throws IllegalTransitionException when the replica is not failed over
     * @throws HypervisorException when a vCenter of the tenant does not answer (each is given a few seconds)
     */
    @Audited(value = "Start failback", result = "task")
    public long startFailback(long replicaId, FailbackTarget target) {
        ReplicaOperations.Target operation = operations.operatorAndReplica(replicaId);
        ReplicaInfo replica = operation.replica();
        refuseWhileASiteHangs(replica.tenantId());
        if (!target.isOriginal()) {
            checkNewVmName(replica, target.newVmName());
        } else if (replica.productionVmId() == null) {
            throw new IllegalArgumentException("The original VM of " + replica.vmName() + " is not known at your site; fail back to a new VM instead.");
        }
        return operations.startInOwnTransaction(operation, () -> begin(operation, target));
    }

    /**
     * A failback powers the original off, then copies from the provider into it: started while the provider's vCenter
     * hung, it left the original off and failed at the read timeout, two minutes later.
     */
    private void refuseWhileASiteHangs(long tenantId) {
        inventory.providerSiteFailingNow(tenantId).ifPresent(since -> {
            throw notAnswering(SiteSilence.PROVIDER, since);
        });
        inventory.tenantSiteFailingNow(tenantId).ifPresent(since -> {
            throw notAnswering(SiteSilence.TENANT, since);
        });
    }

    private static HypervisorException notAnswering(String which, Instant since) {
        return new HypervisorException(HypervisorException.Kind.TIMEOUT, SiteSilence.refuses(which, since, "a failback")
                + " Nothing was changed; try again in a few minutes.");
    }

    private long begin(ReplicaOperations.Target operation, FailbackTarget target) {
        ReplicaInfo replica = operation.replica();
        String targetText = target.isOriginal() ? "the original VM" : "a new VM " + target.newVmName();
        long taskId = operations.begin(operation, TaskType.FAILBACK, "Failback of " + replica.vmName() + " to " + targetText,
                ReplicaEvent.REQUEST_FAILBACK, new ReplicaChange.ChooseFailbackTarget(target.newVmName())).taskId();
        tasks.info(taskId, replica.vmName(), "Replicating the replica's current state back to " + targetText
                + " at your site; the replica keeps running until the copy is verified.");
        jobs.schedule(ReplicaState.FAILBACK_STARTING, taskId);
        return taskId;
    }

    /** Asks the running failback of this replica to stop; it ends with nothing replaced at the tenant site and the replica failed over. */
    @Audited("Cancel failback")
    @Transactional
    public void cancelFailback(long replicaId) {
        ReplicaOperations.Target operation = operations.operatorAndReplica(replicaId);
        ReplicaInfo replica = operation.replica();
        ReplicaStatus status = states.find(replica.id()).orElse(null);
        if (status == null || status.getState() != ReplicaState.FAILBACK_STARTING) {
            throw new IllegalTransitionException(replica.vmName() + ": there is no failback running to cancel.");
        }
        if (status.isFailbackSwitched()) {
            throw new IllegalTransitionException(replica.vmName() + ": this failback already switched over (the replica is powered off and the VM"
                    + " at your site holds its data), so it can no longer be cancelled. Let it finish, then commit or undo it.");
        }
        states.record(replica.id(), new ReplicaChange.RequestCancel());
        tasks.warn(status.getTaskId(), replica.vmName(), "Cancel requested by " + operation.operator().username() + ".");
    }

    /** Commit failback: the replica becomes Ready (failover marker removed, stays powered off); the VM at the tenant site stays on. */
    @Audited(value = "Commit failback", result = "task")
    @Transactional
    public long commitFailback(long replicaId) {
        ReplicaOperations.Target operation = operations.operatorAndReplica(replicaId);
        long taskId = operations.begin(operation, TaskType.COMMIT_FAILBACK, "Commit failback of " + operation.vmName(), ReplicaEvent.REQUEST_COMMIT).taskId();
        jobs.schedule(ReplicaState.COMMITTING, taskId);
        return taskId;
    }

    /** Undo failback: the VM at the tenant site is powered off and the replica runs again (also after a failed failback). */
    @Audited(value = "Undo failback", result = "task")
    @Transactional
    public long undoFailback(long replicaId) {
        ReplicaOperations.Target operation = operations.operatorAndReplica(replicaId);
        long taskId = operations.begin(operation, TaskType.UNDO_FAILBACK, "Undo failback of " + operation.vmName(), ReplicaEvent.REQUEST_UNDO_FAILBACK).taskId();
        tasks.info(taskId, operation.vmName(), "Powering off the VM at your site and starting the replica at the provider again.");
        jobs.schedule(ReplicaState.UNDOING_FAILBACK, taskId);
        return taskId;
    }

    private void checkNewVmName(ReplicaInfo replica, String name) {
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
