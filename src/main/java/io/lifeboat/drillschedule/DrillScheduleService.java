package io.lifeboat.drillschedule;

import io.lifeboat.audit.Audited;
import io.lifeboat.drill.DrillCheck;
import io.lifeboat.drill.DrillRefusedException;
import io.lifeboat.drill.DrillRequest;
import io.lifeboat.drill.UnattendedDrills;
import io.lifeboat.inventory.InventoryService;
import io.lifeboat.inventory.ReplicaInfo;
import io.lifeboat.inventory.RestorePointInfo;
import io.lifeboat.shared.Texts;
import io.lifeboat.shared.UserFacingException;
import io.lifeboat.tasks.TaskRecorder;
import io.lifeboat.tasks.TaskState;
import io.lifeboat.tasks.TaskType;
import io.lifeboat.tenancy.CurrentTenant;
import io.lifeboat.tenancy.TenancyService;
import io.lifeboat.tenancy.TenantContext;
import io.lifeboat.tenancy.TenantSummary;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.quartz.CronExpression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Scheduled test failovers: a tenant operator schedules a drill of chosen VMs with their checks; each run starts from
 * the VMs' newest restore points with nobody logged in, runs the checks, ends itself and files its report, and tells
 * the tenant through the task log (a run that cannot start leaves a failed task saying why). Every request is checked
 * against the current tenant on the server; another tenant's schedule is answered exactly like a missing one.
 */
@Service
public class DrillScheduleService {

    private static final Logger log = LoggerFactory.getLogger(DrillScheduleService.class);
    /** The length of the {@code started_by} columns a scheduled run writes. */
    static final int STARTED_BY_LENGTH = 100;

    private final CurrentTenant currentTenant;
    private final TenancyService tenancy;
    private final InventoryService inventory;
    private final DrillScheduleRepository schedules;
    private final DrillScheduleTriggers triggers;
    private final UnattendedDrills drills;
    private final TaskRecorder tasks;
    private final Clock clock;

    DrillScheduleService(CurrentTenant currentTenant, TenancyService tenancy, InventoryService inventory, DrillScheduleRepository schedules,
                         DrillScheduleTriggers triggers, UnattendedDrills drills, TaskRecorder tasks, Clock clock) {
        this.currentTenant = currentTenant;
        this.tenancy = tenancy;
        this.inventory = inventory;
        this.schedules = schedules;
        this.triggers = triggers;
        this.drills = drills;
        this.tasks = tasks;
        this.clock = clock;
    }

    /** The caller's tenant's schedules with their next run; the provider's: every tenant's. */
    @Transactional(readOnly = true)
    public List<DrillScheduleInfo> schedules() {
        TenantContext context = currentTenant.get();
        List<DrillSchedule> found = context.isProvider() ? schedules.findAllByOrderById() : schedules.findByTenantIdOrderById(context.requireTenantId());
        return found.stream().map(this::view).toList();
    }

    /**
     * Schedules test failovers in the server's time zone and returns the schedule's id.
     *
     * @throws io.lifeboat.tenancy.AccessDeniedException when the caller is no tenant operator
     * @throws DrillRefusedException naming every problem at once: the cron expression (with an example), no VM, a VM
     *                               not in the caller's organisation, a time limit out of range
     */
    @Audited(value = "Schedule test failovers", result = "drill schedule")
    @Transactional
    public long create(DrillScheduleRequest request) {
        TenantContext operator = currentTenant.requireOperator();
        long tenantId = operator.requireTenantId();
        ZoneId zone = ZoneId.systemDefault();
        List<String> problems = new ArrayList<>();
        CronExpression cron = null;
        try {
            cron = DrillScheduleTriggers.parse(request.cron(), zone);
        } catch (DrillRefusedException e) {
            problems.add(e.getMessage());
        }
        problems.addAll(drills.timeLimitProblems(request.timeLimit()));
        if (request.timeLimit().toSecondsPart() != 0) {
            problems.add("Choose a time limit in whole minutes."); // a schedule keeps minutes
        }
        if (request.vms().isEmpty()) {
            problems.add("Choose at least one VM.");
        }
        Map<Long, ReplicaInfo> replicas = replicasOf(tenantId, request.vms().stream().map(DrillScheduleRequest.VmChecks::replicaId).toList());
        request.vms().stream().filter(vm -> !replicas.containsKey(vm.replicaId()))
                .forEach(vm -> problems.add("There is no replica with id " + vm.replicaId() + " in your organisation."));
        if (!problems.isEmpty()) {
            throw new DrillRefusedException("The schedule cannot be saved: " + String.join(" ", problems));
        }
        DrillSchedule schedule = schedules.save(new DrillSchedule(tenantId, cron.getCronExpression(), zone.getId(), request.timeLimit(),
                operator.username(), clock.instant(), request.vms().stream().map(vm -> new DrillSchedule.ScheduledVm(vm.replicaId(), vm.checks())).toList()));
        triggers.schedule(schedule.getId(), cron);
        return schedule.getId();
    }

    /**
     * Deletes a schedule and its trigger; a drill it already started runs on and ends as usual.
     *
     * @throws io.lifeboat.tenancy.AccessDeniedException when the caller is no tenant operator
     * @throws DrillRefusedException when there is no such schedule in the caller's organisation
     */
    @Audited("Delete test failover schedule")
    @Transactional
    public void delete(long scheduleId) {
        TenantContext operator = currentTenant.requireOperator();
        DrillSchedule schedule = schedules.findByIdAndTenantId(scheduleId, operator.requireTenantId())
                .orElseThrow(() -> new DrillRefusedException("There is no test failover schedule with id " + scheduleId + " in your organisation."));
        triggers.unschedule(schedule.getId());
        schedules.delete(schedule);
    }

    /**
     * One run of a schedule, from its Quartz trigger with nobody logged in: a drill of the schedule's VMs from their
     * newest restore points. A run that cannot start (refused, its tenant disabled, its VMs taken by another request at
     * that moment, or any other failure) is a failed task in the tenant's log, saying why.
     */
    void run(long scheduleId) {
        DrillSchedule schedule = schedules.findById(scheduleId).orElse(null);
        if (schedule == null) {
            log.info("Drill schedule {} is gone; its trigger fired once more", scheduleId);
            return;
        }
        String by = startedBy(scheduleId, schedule.getCreatedBy());
        try {
            requireTenantEnabled(schedule.getTenantId());
            long drillId = drills.start(schedule.getTenantId(), by, scheduleId, request(schedule));
            log.info("Drill schedule {} started drill {}", scheduleId, drillId);
        } catch (UserFacingException e) {
            log.info("Drill schedule {} could not start its drill: {}", scheduleId, e.getMessage());
            recordNotStarted(schedule, by, e.getMessage());
        } catch (RuntimeException e) {
            log.error("Drill schedule {} could not start its drill", scheduleId, e);
            recordNotStarted(schedule, by, "It failed unexpectedly (" + e.getMessage() + "); the portal's log has the details.");
        }
    }

    /**
     * Who a run of the schedule starts its drill as, cut to the {@code started_by} columns (task, drill, replica status:
     * 100 characters): a creator's long user name made the run's every write fail.
     */
    static String startedBy(long scheduleId, String createdBy) {
        return Texts.shortened("schedule #" + scheduleId + " of " + createdBy, STARTED_BY_LENGTH);
    }

    private void requireTenantEnabled(long tenantId) {
        TenantSummary tenant = tenancy.findTenant(tenantId).orElseThrow(() -> new DrillRefusedException("The schedule's tenant no longer exists."));
        if (!tenant.enabled()) {
            throw new DrillRefusedException("Tenant " + tenant.name() + " is disabled: its scheduled test failovers start again once the"
                    + " provider enables it.");
        }
    }

    private void recordNotStarted(DrillSchedule schedule, String by, String why) {
        long taskId = tasks.start(TaskType.TEST_FAILOVER, schedule.getTenantId(), "Scheduled test failover (schedule #" + schedule.getId() + ")", by);
        tasks.error(taskId, "Test failover", why);
        tasks.finish(taskId, TaskState.FAILED, "The scheduled test failover did not start: " + why);
    }

    /** The schedule as a drill request: each VM from its newest restore point (none: refused by the drill's own checks). */
    private DrillRequest request(DrillSchedule schedule) {
        return new DrillRequest(schedule.getVms().stream().map(vm -> new DrillRequest.VmChoice(vm.replicaId(),
                inventory.restorePoints(schedule.getTenantId(), vm.replicaId()).stream().findFirst().map(RestorePointInfo::id).orElse(-1L),
                vm.checks())).toList(), schedule.getTimeLimit());
    }

    private DrillScheduleInfo view(DrillSchedule schedule) {
        Map<Long, ReplicaInfo> replicas = replicasOf(schedule.getTenantId(), schedule.getVms().stream().map(DrillSchedule.ScheduledVm::replicaId).toList());
        List<String> vms = schedule.getVms().stream().map(vm -> (replicas.containsKey(vm.replicaId()) ? replicas.get(vm.replicaId()).vmName()
                : "replica #" + vm.replicaId() + " (gone)") + " (" + vm.checks().stream().map(DrillCheck::toString).collect(Collectors.joining(", ")) + ")").toList();
        String tenantName = tenancy.findTenant(schedule.getTenantId()).map(TenantSummary::name).orElse("?");
        return new DrillScheduleInfo(schedule.getId(), tenantName, schedule.getCron(), schedule.getTimeZone(), vms, schedule.getTimeLimit(),
                schedule.getCreatedBy(), schedule.getCreatedAt(), triggers.nextRun(schedule.getId()).orElse(null),
                SkippedRuns.first(schedule.getCron(), ZoneId.of(schedule.getTimeZone()), clock.instant(), Duration.ofDays(366)).orElse(null));
    }

    private Map<Long, ReplicaInfo> replicasOf(long tenantId, List<Long> replicaIds) {
        return inventory.replicas(tenantId, replicaIds).stream().collect(Collectors.toMap(ReplicaInfo::id, Function.identity()));
    }
}
