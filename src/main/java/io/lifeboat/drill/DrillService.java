package io.lifeboat.drill;

import io.lifeboat.audit.Audited;
import io.lifeboat.inventory.InventoryService;
import io.lifeboat.inventory.ReplicaInfo;
import io.lifeboat.inventory.RestorePointInfo;
import io.lifeboat.inventory.SiteSilence;
import io.lifeboat.network.TenantNetworkInfo;
import io.lifeboat.network.TenantNetworkService;
import io.lifeboat.replica.ReplicaEvent;
import io.lifeboat.replica.ReplicaJobs;
import io.lifeboat.replica.ReplicaState;
import io.lifeboat.replica.ReplicaChange;
import io.lifeboat.replica.ReplicaTransitions;
import io.lifeboat.tasks.TaskRecorder;
import io.lifeboat.tasks.TaskType;
import io.lifeboat.tenancy.AccessDeniedException;
import io.lifeboat.tenancy.CurrentTenant;
import io.lifeboat.tenancy.HardwarePlan;
import io.lifeboat.tenancy.TenancyService;
import io.lifeboat.tenancy.TenantContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Test failovers of a tenant: start, end, list, each one's evidence. Every request is checked against the current
 * tenant and role on the server; another tenant's drill is answered exactly like a missing one. Starting moves the
 * replicas to DRILL_STARTING, stores the drill and schedules its job and its time limit in one transaction.
 */
@Service
public class DrillService {

    static final Duration LONGEST_TIME_LIMIT = Duration.ofDays(3);

    private final CurrentTenant currentTenant;
    private final TenancyService tenancy;
    private final InventoryService inventory;
    private final TenantNetworkService networks;
    private final ReplicaTransitions states;
    private final TaskRecorder tasks;
    private final ReplicaJobs jobs;
    private final DrillRepository drills;
    private final DrillVmRepository drillVms;
    private final DrillVmCheckRepository checks;
    private final DrillEvidence evidence;
    private final DrillEnding ending;
    private final DrillTimeLimits timeLimits;
    private final Clock clock;
    private final TransactionTemplate transaction;
    private final Duration shortestTimeLimit;

    DrillService(CurrentTenant currentTenant, TenancyService tenancy, InventoryService inventory, TenantNetworkService networks,
                 ReplicaTransitions states, TaskRecorder tasks, ReplicaJobs jobs, DrillRepository drills,
                 DrillVmRepository drillVms, DrillVmCheckRepository checks, DrillEvidence evidence, DrillEnding ending, DrillTimeLimits timeLimits, Clock clock, PlatformTransactionManager transactions,
                 @Value("${lifeboat.drill.shortest-time-limit:PT1M}") Duration shortestTimeLimit) {
        this.currentTenant = currentTenant;
        this.tenancy = tenancy;
        this.inventory = inventory;
        this.networks = networks;
        this.states = states;
        this.tasks = tasks;
        this.jobs = jobs;
        this.drills = drills;
        this.drillVms = drillVms;
        this.checks = checks;
        this.evidence = evidence;
        this.ending = ending;
        this.timeLimits = timeLimits;
        this.clock = clock;
        this.transaction = new TransactionTemplate(transactions);
        this.shortestTimeLimit = shortestTimeLimit;
    }

    /**
     * Starts a test failover and returns the drill's id. Nothing is asked of the tenant's site and no IP is probed:
     * the replicas start in an isolated port group, so nothing is shared with the tenant's LAN.
     *
     * @throws DrillRefusedException when a VM cannot take part (not Ready, foreign restore point, no isolated port
     *                               group declared for its network or one a production network uses too, quota) or the
     *                               time limit is out of range
     * @throws io.lifeboat.replica.ConcurrentChangeException when another request took one of the VMs at the same moment
     */
    @Audited(value = "Start test failover", result = "drill")
    public long start(DrillRequest request) {
        TenantContext operator = currentTenant.requireOperator();
        long tenantId = operator.requireTenantId();
        List<Planned> planned = check(tenantId, request);
        return transaction.execute(tx -> begin(operator.username(), tenantId, request.timeLimit(), planned, null));
    }

    /** A drill nobody started by hand (see {@link UnattendedDrills}): the same checks as {@link #start}, for the given tenant. */
    long startUnattended(long tenantId, String by, long scheduleId, DrillRequest request) {
        List<Planned> planned = check(tenantId, request);
        return transaction.execute(tx -> begin(by, tenantId, request.timeLimit(), planned, scheduleId));
    }

    /**
     * Ends a running drill: the replicas are powered off, reverted and back on their own port group; returns the task.
     *
     * @throws AccessDeniedException when the caller is no operator
     * @throws DrillRefusedException when there is no such drill in the caller's organisation, or it is not running
     */
    @Audited(value = "End test failover", result = "task")
    @Transactional
    public long end(long drillId) {
        TenantContext operator = currentTenant.requireOperator();
        Drill drill = drills.findById(drillId).filter(d -> d.getTenantId().equals(operator.requireTenantId()))
                .orElseThrow(() -> notFound(drillId));
        return ending.end(drill, operator.username());
    }

    /**
     * Whether the caller may end this drill now, as {@link #end} would take it: they operate its tenant, and it runs or
     * was left Starting by a start that broke off. False for a missing drill or another tenant's, as for one that ended.
     */
    @Transactional(readOnly = true)
    public boolean canEnd(long drillId) {
        TenantContext context = currentTenant.get();
        return context.canOperate() && drills.findById(drillId).filter(d -> d.getTenantId().equals(context.tenantId())).map(ending::endable)
                .orElse(false);
    }

    /** The caller's tenant's drills, newest first; the provider's: every tenant's. */
    @Transactional(readOnly = true)
    public List<DrillInfo> drills() {
        TenantContext context = currentTenant.get();
        List<Drill> found = context.isProvider() ? drills.findAllByOrderByStartedAtDesc()
                : drills.findByTenantIdOrderByStartedAtDesc(context.requireTenantId());
        return found.stream().map(this::view).toList();
    }

    /** One drill's evidence; empty when there is no such drill in the caller's organisation (any, for the provider). */
    @Transactional(readOnly = true)
    public Optional<DrillInfo> find(long drillId) {
        TenantContext context = currentTenant.get();
        return drills.findById(drillId).filter(d -> context.isProvider() || d.getTenantId().equals(context.tenantId())).map(this::view);
    }

    /** The drill that {@code taskId} started; empty when there is none in the caller's organisation (any, for the provider). */
    @Transactional(readOnly = true)
    public Optional<DrillInfo> findStartedBy(long taskId) {
        TenantContext context = currentTenant.get();
        return drills.findByTaskId(taskId).filter(d -> context.isProvider() || d.getTenantId().equals(context.tenantId())).map(this::view);
    }

    private DrillInfo view(Drill drill) {
        return evidence.view(drill);
    }

    private record Planned(ReplicaInfo replica, RestorePointInfo point, TenantNetworkInfo network, List<DrillCheck> checks) {
    }

    /**
     * What would refuse this test failover now, every reason at once, without starting it: the wizard's summary shows
     * them before Start is offered. Takes up to a few seconds when the provider's vCenter does not answer.
     *
     * @throws DrillRefusedException when a VM's checks are not valid
     */
    public List<String> problems(DrillRequest request) {
        long tenantId = currentTenant.requireOperator().requireTenantId();
        List<String> problems = new ArrayList<>();
        plan(tenantId, request, problems);
        return problems;
    }

    /** The checks, outside any transaction; every refusal reason at once, so the tenant fixes them in one go. */
    private List<Planned> check(long tenantId, DrillRequest request) {
        List<String> problems = new ArrayList<>();
        List<Planned> planned = plan(tenantId, request, problems);
        if (!problems.isEmpty()) {
            throw new DrillRefusedException("The test failover cannot start: " + String.join(" ", problems));
        }
        return planned;
    }

    /**
     * The VMs as they would take part, and in {@code problems} what stands in the way. The provider's vCenter is asked
     * (a bounded read): a drill started while it hangs sat in "Starting" for its read timeout, two minutes, without a word.
     */
    private List<Planned> plan(long tenantId, DrillRequest request, List<String> problems) {
        if (request.vms().isEmpty()) {
            problems.add("Choose at least one VM.");
        }
        inventory.providerSiteFailingNow(tenantId).ifPresent(since -> problems.add(SiteSilence.refuses(SiteSilence.PROVIDER, since,
                "a test failover") + SiteSilence.PROVIDER_SEES_IT));
        problems.addAll(timeLimitProblems(request.timeLimit()));
        Map<Long, ReplicaInfo> replicas = inventory.replicas(tenantId, request.vms().stream().map(DrillRequest.VmChoice::replicaId).toList())
                .stream().collect(Collectors.toMap(ReplicaInfo::id, Function.identity()));
        List<Planned> planned = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (DrillRequest.VmChoice choice : request.vms()) {
            ReplicaInfo replica = replicas.get(choice.replicaId());
            if (replica == null) {
                problems.add("There is no replica with id " + choice.replicaId() + " in your organisation.");
            } else if (!seen.add(replica.id())) {
                problems.add(replica.vmName() + ": this VM is in the request twice.");
            } else {
                checkReplica(tenantId, replica, choice, problems).ifPresent(planned::add);
            }
        }
        checkQuota(tenantId, planned, problems);
        return planned;
    }

    private Optional<Planned> checkReplica(long tenantId, ReplicaInfo replica, DrillRequest.VmChoice choice, List<String> problems) {
        long restorePointId = choice.restorePointId();
        int before = problems.size();
        ReplicaState state = states.stateOf(replica.id());
        if (state != ReplicaState.READY) {
            problems.add(replica.vmName() + ": only Ready replicas can take part in a test failover; this one is " + state.label() + ".");
        }
        if (!replica.present()) {
            problems.add(replica.vmName() + ": the replica is no longer in the provider's vCenter. Ask your provider.");
        }
        Optional<RestorePointInfo> point = inventory.restorePoints(tenantId, replica.id()).stream().filter(p -> p.id() == restorePointId).findFirst();
        if (point.isEmpty()) {
            problems.add(replica.vmName() + ": the chosen restore point does not belong to this replica. Pick one of its own restore points.");
        }
        Optional<TenantNetworkInfo> network = Optional.ofNullable(replica.networkId()).flatMap(networks::find);
        if (network.isEmpty() || network.get().drillPortGroup() == null) {
            problems.add(replica.vmName() + ": its network has no isolated port group for test failovers. Ask your provider to declare one.");
        } else if (networks.drillPortGroupClashes(network.get())) {
            problems.add(replica.vmName() + ": the port group for test failovers of network " + network.get().name() + ", "
                    + network.get().drillPortGroup() + ", is not isolated: a production network uses it, so the copy would start next to"
                    + " the original with its IP. Ask your provider to give network " + network.get().name() + " a drill port group of its own.");
        }
        return problems.size() == before ? Optional.of(new Planned(replica, point.get(), network.get(), choice.checks())) : Optional.empty();
    }

    /** A replica in a drill runs at the provider, so it counts against the plan exactly like a failed-over one. */
    private void checkQuota(long tenantId, List<Planned> planned, List<String> problems) {
        HardwarePlan plan = tenancy.findTenant(tenantId).orElseThrow(() -> new AccessDeniedException("Your tenant no longer exists.")).plan();
        List<Long> running = states.usingProviderResources(tenantId);
        int usedCpus = 0;
        int usedMemory = 0;
        for (ReplicaInfo replica : inventory.replicas(tenantId, running)) {
            usedCpus += replica.cpus();
            usedMemory += replica.memoryMb();
        }
        int cpus = planned.stream().mapToInt(p -> p.replica().cpus()).sum();
        int memory = planned.stream().mapToInt(p -> p.replica().memoryMb()).sum();
        if (usedCpus + cpus > plan.cpus() || usedMemory + memory > plan.memoryMb()) {
            problems.add("Quota exceeded: these VMs need " + cpus + " vCPU and " + memory + " MB RAM; " + usedCpus + " of your " + plan.cpus()
                    + " vCPU and " + usedMemory + " of " + plan.memoryMb() + " MB are already in use at the provider. Test fewer VMs at once.");
        }
    }

    private long begin(String username, long tenantId, Duration timeLimit, List<Planned> planned, Long scheduleId) {
        Instant now = clock.instant();
        long taskId = tasks.start(TaskType.TEST_FAILOVER, tenantId, "Test failover of " + planned.size() + (planned.size() == 1 ? " VM" : " VMs")
                + " (" + planned.stream().map(p -> p.replica().vmName()).collect(Collectors.joining(", ")) + ")", username);
        Drill drill = drills.save(new Drill(tenantId, taskId, username, now, now.plus(timeLimit), scheduleId));
        for (Planned vm : planned) {
            states.apply(vm.replica().id(), tenantId, vm.replica().vmName(), ReplicaEvent.REQUEST_DRILL,
                    new ReplicaChange.ChooseRestorePoint(vm.point().id()), new ReplicaChange.AssignTask(taskId, username));
            DrillVm drillVm = drillVms.save(new DrillVm(drill.getId(), vm.replica().id(), vm.replica().vmName(), vm.replica().ipAddress(),
                    vm.point().id(), vm.point().name(), vm.point().createdAt(), vm.network().drillPortGroup()));
            for (int i = 0; i < vm.checks().size(); i++) {
                checks.save(new DrillVmCheck(drillVm.getId(), i, vm.checks().get(i)));
            }
            tasks.info(taskId, vm.replica().vmName(), "Queued for a test failover from restore point \"" + vm.point().name()
                    + "\" into the isolated port group " + vm.network().drillPortGroup() + "; checks inside it: "
                    + vm.checks().stream().map(DrillCheck::toString).collect(Collectors.joining(", ")) + ".");
        }
        tasks.info(taskId, "Test failover", "The drill ends by itself at its time limit, " + inMinutes(timeLimit) + " from now, unless ended before.");
        jobs.schedule(ReplicaState.DRILL_STARTING, taskId);
        timeLimits.schedule(drill.getId(), drill.getTimeLimitAt());
        return drill.getId();
    }

    /** Out of range: shorter than {@code lifeboat.drill.shortest-time-limit} (a minute; tests take seconds) or longer than 3 days. */
    List<String> timeLimitProblems(Duration timeLimit) {
        return timeLimit.compareTo(shortestTimeLimit) < 0 || timeLimit.compareTo(LONGEST_TIME_LIMIT) > 0
                ? List.of("Choose a time limit between " + inMinutes(shortestTimeLimit) + " and 3 days.") : List.of();
    }

    /** Users choose whole minutes; only a test's shorter limit shows in seconds. */
    private static String inMinutes(Duration duration) {
        return duration.toSecondsPart() != 0 || duration.isZero() ? DrillInfo.readable(duration)
                : duration.toMinutes() + (duration.toMinutes() == 1 ? " minute" : " minutes");
    }

    static DrillRefusedException notFound(long drillId) {
        return DrillRefusedException.noSuchDrill(drillId);
    }
}
