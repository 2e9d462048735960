package io.lifeboat.failover;

import io.lifeboat.audit.Audited;
import io.lifeboat.inventory.InventoryService;
import io.lifeboat.inventory.ReplicaInfo;
import io.lifeboat.inventory.RestorePointInfo;
import io.lifeboat.inventory.SiteSilence;
import io.lifeboat.network.NetworkExtensionService;
import io.lifeboat.network.NetworkWarmup;
import io.lifeboat.network.TenantNetworkInfo;
import io.lifeboat.network.TenantNetworkService;
import io.lifeboat.network.WarmUpFor;
import io.lifeboat.hypervisor.HypervisorConnector;
import io.lifeboat.hypervisor.HypervisorException;
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
import io.lifeboat.tenancy.AccessDeniedException;
import io.lifeboat.tenancy.CurrentTenant;
import io.lifeboat.tenancy.HardwarePlan;
import io.lifeboat.tenancy.TenancyService;
import io.lifeboat.tenancy.TenantContext;
import io.lifeboat.ui.Formats;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a tenant operator can do with replicas: pre-flight, partial failover, undo. Every request is checked against
 * the current tenant and role on the server. Starting an operation moves the replicas into a working state and
 * schedules a durable job in one transaction: either both happen or neither. The pre-flight reads vSphere and probes
 * the tenant LAN, so it runs before that transaction, never inside it.
 */
@Service
public class FailoverService {

    private final CurrentTenant currentTenant;
    private final TenancyService tenancy;
    private final InventoryService inventory;
    private final PreflightChecks preflightChecks;
    private final ReplicaTransitions states;
    private final TaskRecorder tasks;
    private final ReplicaJobs jobs;
    private final ReplicaOperations operations;
    private final TransactionTemplate transaction;
    private final TenantNetworkService networks;
    private final NetworkWarmup warmup;
    private final HypervisorConnector connector;
    private final NetworkExtensionService extensions;
    private final Duration vsphereTimeout;

    FailoverService(CurrentTenant currentTenant, TenancyService tenancy, InventoryService inventory, PreflightChecks preflightChecks,
                    ReplicaTransitions states, TaskRecorder tasks, ReplicaJobs jobs, ReplicaOperations operations,
                    PlatformTransactionManager transactions, TenantNetworkService networks, NetworkWarmup warmup,
                    HypervisorConnector connector, NetworkExtensionService extensions,
                    @Value("${lifeboat.failover.vsphere-timeout:PT2M}") Duration vsphereTimeout) {
        this.connector = connector;
        this.extensions = extensions;
        this.vsphereTimeout = vsphereTimeout;
        this.networks = networks;
        this.warmup = warmup;
        this.transaction = new TransactionTemplate(transactions);
        this.operations = operations;
        this.currentTenant = currentTenant;
        this.tenancy = tenancy;
        this.inventory = inventory;
        this.preflightChecks = preflightChecks;
        this.states = states;
        this.tasks = tasks;
        this.jobs = jobs;
    }

    /**
     * The wizard opened: the NEA pairs and tunnels of the current tenant's networks that have replicas start in the
     * background, so the failover that may follow finds them up (they are let go after the idle grace period).
     * Operators only: the wizard is theirs (a viewer cannot fail over).
     */
    public NetworkWarmUp warmUpNetworks() {
        return warmUpNetworks(WarmUpFor.FAILOVER_WIZARD);
    }

    /**
     * An API client announces a failover (an automation that noticed a VM failing, a runbook's first step): the same
     * warm-up as the wizard's, so the failover it starts next takes the warm path instead of booting appliances.
     */
    public NetworkWarmUp announceFailover() {
        return warmUpNetworks(WarmUpFor.ANNOUNCED_FAILOVER);
    }

    private NetworkWarmUp warmUpNetworks(WarmUpFor occasion) {
        TenantContext context = currentTenant.requireOperator();
        long tenantId = context.requireTenantId();
        List<Long> withReplicas = networks.networksOf(tenantId).stream().map(TenantNetworkInfo::id)
                .filter(networkId -> !inventory.replicasOnNetwork(tenantId, networkId).isEmpty()).toList();
        Optional<String> unavailable = extensions.warmUpUnavailableReason();
        if (unavailable.isPresent()) {
            return new NetworkWarmUp(List.of(), Duration.ZERO, unavailable.get());
        }
        warmup.warmUp(tenantId, withReplicas, context.username(), occasion);
        return new NetworkWarmUp(withReplicas, extensions.warmUpLasts(), null);
    }

    /**
     * The findings the wizard's summary shows. Reads the original VMs' power state live (outside any transaction).
     * Operators only, as the wizard: probing the tenant's LAN powers its NEA VMs on.
     */
    public Preflight preflight(FailoverRequest request) {
        TenantContext context = currentTenant.requireOperator();
        long tenantId = context.requireTenantId();
        return preflightChecks.check(tenantId, planOf(tenantId), request);
    }

    /**
     * Starts a partial failover and returns its Cloud Failover task id.
     *
     * @throws FailoverRefusedException when a check blocks it, or warnings were not accepted
     * @throws ConcurrentChangeException when another request took one of the VMs at the same moment
     */
    @Audited(value = "Start failover", result = "task")
    public long startFailover(FailoverRequest request) {
        TenantContext context = currentTenant.requireOperator();
        long tenantId = context.requireTenantId();
        Preflight preflight = preflightChecks.checkBeforeStart(tenantId, planOf(tenantId), request);
        if (preflight.hasBlockers()) {
            throw new FailoverRefusedException("The failover cannot start:", preflight.findings());
        }
        if (preflight.hasWarnings() && !request.accepts(preflight.findings())) {
            throw new FailoverRefusedException("Confirm the warnings to go ahead:", preflight.findings());
        }
        return transaction.execute(tx -> begin(context, tenantId, request, preflight));
    }

    /** Opens the task, moves every chosen replica to FAILOVER_STARTING and schedules the job, in one transaction. */
    private long begin(TenantContext context, long tenantId, FailoverRequest request, Preflight preflight) {
        Map<Long, ReplicaInfo> replicas = replicasOf(tenantId, request.vms().stream().map(FailoverRequest.VmChoice::replicaId).toList());
        String names = namesForTitle(request.vms().stream().map(vm -> replicas.get(vm.replicaId()).vmName()).toList());
        long taskId = tasks.start(TaskType.CLOUD_FAILOVER, tenantId,
                "Partial failover of " + request.vms().size() + (request.vms().size() == 1 ? " VM" : " VMs") + " (" + names + ")", context.username());
        states.applyAll(request.vms().stream().map(vm -> new ReplicaTransitions.Move(vm.replicaId(), tenantId, replicas.get(vm.replicaId()).vmName(),
                ReplicaEvent.REQUEST_FAILOVER, List.of(new ReplicaChange.ChooseRestorePoint(vm.restorePointId()),
                        new ReplicaChange.AssignTask(taskId, context.username())))).toList());
        Map<Long, RestorePointInfo> points = inventory.restorePointsById(tenantId,
                request.vms().stream().map(FailoverRequest.VmChoice::restorePointId).toList());
        tasks.info(taskId, request.vms().stream().map(vm -> new TaskRecorder.Entry(replicas.get(vm.replicaId()).vmName(),
                "Queued for failover to restore point " + restorePointName(vm, points))).toList());
        if (preflight.hasWarnings()) {
            preflight.findings().forEach(f -> tasks.warn(taskId, f.vm(), "Warning accepted by " + context.username() + ": " + f.message()));
        }
        jobs.schedule(ReplicaState.FAILOVER_STARTING, taskId);
        return taskId;
    }

    /**
     * Undo failover: the replica is powered off and reverted; every change made in it is lost. Returns the task id.
     * Refused while the provider's vCenter does not answer (it is given a few seconds): an undo releases the replica's IP
     * before it asks that vCenter, so started then it cut the running replica off and failed two minutes later.
     *
     * @throws HypervisorException when the provider's vCenter does not answer; nothing was changed
     */
    @Audited(value = "Undo failover", result = "task")
    public long undoFailover(long replicaId) {
        ReplicaOperations.Target target = operations.operatorAndReplica(replicaId);
        inventory.providerSiteFailingNow(target.replica().tenantId()).ifPresent(since -> {
            throw new HypervisorException(HypervisorException.Kind.TIMEOUT, SiteSilence.refuses(SiteSilence.PROVIDER, since, "an undo")
                    + " Nothing was changed: " + target.vmName() + " keeps running at the provider." + SiteSilence.PROVIDER_SEES_IT);
        });
        return operations.startInOwnTransaction(target, () -> {
            long taskId = operations.begin(target, TaskType.UNDO_FAILOVER, "Undo failover of " + target.vmName(), ReplicaEvent.REQUEST_UNDO).taskId();
            tasks.info(taskId, target.vmName(), "Stopping the replica and discarding every change made in it since failover.");
            jobs.schedule(ReplicaState.UNDOING, taskId);
            return taskId;
        });
    }

    /**
     * Split brain, the tenant's way out that keeps the replica: powers off the VM at the tenant site that claims the
     * failed-over replica's IP (the original), announces the IP at the replica again and says so in the replica's task.
     * The conflict ends once the tenant NEA hears nothing else answer for the IP ({@code replica.AddressConflicts}), not
     * before: the page shows what the LAN does. Not transactional: it waits for vCenter.
     *
     * @throws IllegalTransitionException when the replica is not failed over with an IP conflict, or has no known original
     * @throws HypervisorException when the tenant's vCenter does not answer (it is given a few seconds)
     */
    @Audited("Power off the original VM (IP conflict)")
    public void powerOffOriginal(long replicaId) {
        ReplicaOperations.Target target = operations.operatorAndReplica(replicaId);
        ReplicaInfo replica = target.replica();
        ReplicaStatus status = states.find(replicaId).filter(s -> s.getState() == ReplicaState.FAILED_OVER && s.getConflictMac() != null)
                .orElseThrow(() -> new IllegalTransitionException(replica.vmName() + " has no IP conflict to resolve."));
        if (replica.productionVmId() == null) {
            throw new IllegalTransitionException("The original of " + replica.vmName() + " is not known at your site: power off the machine with MAC "
                    + status.getConflictMac() + " there yourself.");
        }
        inventory.tenantSiteFailingNow(replica.tenantId()).ifPresent(since -> {
            throw new HypervisorException(HypervisorException.Kind.TIMEOUT, "Your vCenter has not answered since " + Formats.time(since)
                    + ", so Lifeboat cannot power the original off. Power off the machine with MAC " + status.getConflictMac()
                    + " at your site yourself, or undo the failover.");
        });
        connector.connect(inventory.sitesOf(replica.tenantId()).tenantSite()).powerOff(replica.productionVmId(), vsphereTimeout);
        inventory.refreshOriginal(replica.tenantId(), replica.id());   // the page says "powered off" now, not at the next sync
        if (replica.networkId() != null) {
            extensions.reclaim(replica.tenantId(), replica.networkId(), replica.ipAddress());
        }
        if (status.getTaskId() != null) {
            tasks.info(status.getTaskId(), replica.vmName(), "The original VM was powered off at your site by " + target.operator().username()
                    + " to end the IP conflict.");
        }
    }

    /** Up to five names, then "and N more": a task title stays readable for a 50-VM failover. */
    static String namesForTitle(List<String> names) {
        if (names.size() <= 5) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, 5)) + " and " + (names.size() - 5) + " more";
    }

    private Map<Long, ReplicaInfo> replicasOf(long tenantId, List<Long> ids) {
        return inventory.replicas(tenantId, ids).stream().collect(Collectors.toMap(ReplicaInfo::id, Function.identity()));
    }

    private static String restorePointName(FailoverRequest.VmChoice vm, Map<Long, RestorePointInfo> points) {
        return Optional.ofNullable(points.get(vm.restorePointId())).filter(p -> p.replicaId() == vm.replicaId())
                .map(p -> "\"" + p.name() + "\"").orElse("#" + vm.restorePointId());
    }

    private HardwarePlan planOf(long tenantId) {
        return tenancy.findTenant(tenantId).orElseThrow(() -> new AccessDeniedException("Your tenant no longer exists.")).plan();
    }
}
