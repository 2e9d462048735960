package io.lifeboat.drillschedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lifeboat.AsUser;
import io.lifeboat.administration.TenantAdministrationService;
import io.lifeboat.LabTest;
import io.lifeboat.drill.DrillCheck;
import io.lifeboat.drill.DrillInfo;
import io.lifeboat.drill.DrillRefusedException;
import io.lifeboat.drill.DrillRequest;
import io.lifeboat.drill.DrillService;
import io.lifeboat.drill.DrillState;
import io.lifeboat.drillreport.DrillReportService;
import io.lifeboat.inventory.InventoryService;
import io.lifeboat.inventory.RestorePointInfo;
import io.lifeboat.replica.ReplicaFilter;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ReplicaState;
import io.lifeboat.tasks.TaskLogEntry;
import io.lifeboat.tasks.TaskService;
import io.lifeboat.tenancy.AccessDeniedException;
import io.lifeboat.tenancy.TenancyService;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;

/** Scheduled test failovers through the real services, Quartz and the lab's vSphere simulators (no mocks). */
@LabTest
class DrillScheduleIntegrationTest {

    private static final String SUNDAYS_AT_THREE = "0 0 3 ? * SUN";

    @Autowired AsUser as;
    @Autowired DrillScheduleService schedules;
    @Autowired DrillService drills;
    @Autowired DrillReportService reports;
    @Autowired ReplicaOverviewService overview;
    @Autowired TaskService tasks;
    @Autowired Scheduler scheduler;
    @Autowired TenancyService tenancy;
    @Autowired TenantAdministrationService tenantAdministration;

    @Test
    void a_scheduled_drill_runs_by_itself_checks_ends_and_files_a_report_that_verifies() throws Exception {
        ReplicaRow db = replica("acme-admin", "db-01");
        RestorePointInfo newest = as.call("acme-admin", () -> overview.restorePoints(db.id())).get(0);
        long scheduleId = as.call("acme-admin", () -> schedules.create(new DrillScheduleRequest(SUNDAYS_AT_THREE,
                List.of(new DrillScheduleRequest.VmChecks(db.id(), DrillCheck.parseList("ping tcp:5432"))), Duration.ofHours(1))));
        try {
            DrillScheduleInfo listed = as.call("acme-admin", () -> schedules.schedules()).stream().filter(s -> s.id() == scheduleId).findFirst().orElseThrow();
            assertThat(listed.vms()).containsExactly("db-01 (ping, tcp:5432)");
            assertThat(listed.createdBy()).isEqualTo("acme-admin");
            assertThat(listed.nextRunAt()).isAfter(Instant.now()).isBefore(Instant.now().plus(Duration.ofDays(8)));
            assertThat(listed.nextRunAt().atZone(ZoneId.of(listed.timeZone())).getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);
            assertThat(listed.nextRunAt().atZone(ZoneId.of(listed.timeZone())).getHour()).isEqualTo(3);

            // fire the schedule's own Quartz job now, as its trigger would: a Quartz thread, nobody logged in
            scheduler.triggerJob(DrillScheduleTriggers.jobKey(scheduleId));
            String by = "schedule #" + scheduleId + " of acme-admin";
            DrillInfo ended = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .until(() -> as.call("acme-admin", () -> drills.drills()).stream().filter(d -> d.startedBy().equals(by)).findFirst(),
                            d -> d.isPresent() && d.get().reportSha256() != null).orElseThrow();

            assertThat(ended.state()).isEqualTo(DrillState.ENDED);
            assertThat(ended.endedBy()).isEqualTo("schedule #" + scheduleId);
            assertThat(ended.vms()).singleElement().satisfies(vm -> {
                assertThat(vm.vmName()).isEqualTo("db-01");
                assertThat(vm.restorePointName()).as("a scheduled run starts from the newest restore point").isEqualTo(newest.name());
                assertThat(vm.poweredOnAt()).isNotNull();
                assertThat(vm.cleanedUpAt()).isNotNull();
                assertThat(vm.checks()).extracting(DrillInfo.DrillCheckInfo::check).containsExactly("ping", "tcp:5432");
            });
            assertThat(as.call("acme-admin", () -> reports.verify(ended.id(), null)).matches()).isTrue();
            assertThat(new String(as.call("acme-admin", () -> reports.reportJson(ended.id())))).contains(ended.reportSha256());
            assertThat(replica("acme-admin", "db-01").state()).isEqualTo(ReplicaState.READY);
            List<TaskLogEntry> endLog = as.call("acme-admin", () -> tasks.logOf(ended.endTaskId()));
            assertThat(endLog).extracting(TaskLogEntry::message).anySatisfy(m -> assertThat(m).contains("filed and sealed", ended.reportSha256()));
            assertThat(as.call("acme-admin", () -> tasks.find(ended.taskId())).orElseThrow().startedBy()).isEqualTo(by);
        } finally {
            as.run("acme-admin", () -> schedules.delete(scheduleId));
        }
        assertThat(scheduler.checkExists(DrillScheduleTriggers.jobKey(scheduleId))).as("the trigger went with the schedule").isFalse();
        assertThat(as.call("acme-admin", () -> schedules.schedules())).extracting(DrillScheduleInfo::id).doesNotContain(scheduleId);
    }

    @Test
    void a_run_that_cannot_start_leaves_a_failed_task_saying_why() throws Exception {
        ReplicaRow db = replica("acme-admin", "db-01");
        long scheduleId = as.call("acme-admin", () -> schedules.create(new DrillScheduleRequest(SUNDAYS_AT_THREE,
                List.of(new DrillScheduleRequest.VmChecks(db.id(), List.of())), Duration.ofHours(1))));
        try {
            // the schedule's VM is already in a drill started by hand when the schedule fires, so its run is refused
            long drillId = as.call("acme-admin", () -> drills.start(new DrillRequest(List.of(new DrillRequest.VmChoice(db.id(),
                    as.call("acme-admin", () -> overview.restorePoints(db.id())).get(0).id())), Duration.ofHours(1))));
            DrillInfo manual = as.call("acme-admin", () -> drills.find(drillId)).orElseThrow();
            awaitFinished(manual.taskId());
            scheduler.triggerJob(DrillScheduleTriggers.jobKey(scheduleId));
            String by = "schedule #" + scheduleId + " of acme-admin";
            var failed = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> as.call("acme-admin", () -> tasks.list(io.lifeboat.tasks.TaskFilter.none(), 0, 50)).stream()
                            .filter(t -> by.equals(t.startedBy()) && t.state().isFinished()).findFirst(), java.util.Optional::isPresent).orElseThrow();
            assertThat(failed.state()).isEqualTo(io.lifeboat.tasks.TaskState.FAILED);
            assertThat(as.call("acme-admin", () -> tasks.logOf(failed.id()))).extracting(TaskLogEntry::message)
                    .anySatisfy(m -> assertThat(m).contains("db-01", "only Ready replicas"));
            awaitFinished(as.call("acme-admin", () -> drills.end(drillId)));
        } finally {
            as.run("acme-admin", () -> schedules.delete(scheduleId));
        }
        assertThat(replica("acme-admin", "db-01").state()).isEqualTo(ReplicaState.READY);
    }

    @Test
    void a_disabled_tenants_schedule_starts_no_drill_and_its_failed_task_says_why() throws Exception {
        ReplicaRow db = replica("acme-admin", "db-01");
        long acme = tenancy.findTenantByName("acme").orElseThrow().id();
        long scheduleId = as.call("acme-admin", () -> schedules.create(new DrillScheduleRequest(SUNDAYS_AT_THREE,
                List.of(new DrillScheduleRequest.VmChecks(db.id(), List.of())), Duration.ofHours(1))));
        as.run("provider", () -> tenantAdministration.setEnabled(acme, false));
        try {
            scheduler.triggerJob(DrillScheduleTriggers.jobKey(scheduleId));
            String by = "schedule #" + scheduleId + " of acme-admin";
            var failed = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> as.call("provider", () -> tasks.list(io.lifeboat.tasks.TaskFilter.none(), 0, 50)).stream()
                            .filter(t -> by.equals(t.startedBy()) && t.state().isFinished()).findFirst(), java.util.Optional::isPresent).orElseThrow();
            assertThat(failed.state()).isEqualTo(io.lifeboat.tasks.TaskState.FAILED);
            assertThat(failed.summary()).contains("Tenant acme is disabled");
            assertThat(as.call("provider", () -> drills.drills())).noneMatch(d -> by.equals(d.startedBy()));
        } finally {
            as.run("provider", () -> tenantAdministration.setEnabled(acme, true));
            as.run("acme-admin", () -> schedules.delete(scheduleId));
        }
        assertThat(replica("acme-admin", "db-01").state()).isEqualTo(ReplicaState.READY);
    }

    @Test
    void a_schedule_is_its_tenants_own_and_a_bad_cron_expression_is_refused_readably() {
        ReplicaRow web = replica("acme-admin", "web-01");
        List<DrillScheduleRequest.VmChecks> acmesVm = List.of(new DrillScheduleRequest.VmChecks(web.id(), List.of()));
        assertThatThrownBy(() -> as.call("acme-admin", () -> schedules.create(new DrillScheduleRequest("every sunday", acmesVm, null))))
                .isInstanceOf(DrillRefusedException.class).hasMessageContaining("\"every sunday\" is not a valid cron expression")
                .hasMessageContaining("for example \"0 0 2 ? * SAT\"");
        assertThatThrownBy(() -> as.call("acme-admin", () -> schedules.create(new DrillScheduleRequest("0 0 3 ? * SUN 2001", acmesVm, null))))
                .isInstanceOf(DrillRefusedException.class).hasMessageContaining("never fires again");
        assertThatThrownBy(() -> as.call("acme-viewer", () -> schedules.create(new DrillScheduleRequest(SUNDAYS_AT_THREE, acmesVm, null))))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> as.call("globex-admin", () -> schedules.create(new DrillScheduleRequest(SUNDAYS_AT_THREE, acmesVm, null))))
                .isInstanceOf(DrillRefusedException.class).hasMessageContaining("no replica with id " + web.id()).hasMessageNotContaining("web-01");

        long scheduleId = as.call("acme-admin", () -> schedules.create(new DrillScheduleRequest(SUNDAYS_AT_THREE, acmesVm, null)));
        try {
            assertThat(as.call("globex-admin", () -> schedules.schedules())).extracting(DrillScheduleInfo::id).doesNotContain(scheduleId);
            assertThatThrownBy(() -> as.run("globex-admin", () -> schedules.delete(scheduleId)))
                    .isInstanceOf(DrillRefusedException.class).hasMessageContaining("no test failover schedule with id " + scheduleId);
            assertThatThrownBy(() -> as.run("acme-viewer", () -> schedules.delete(scheduleId))).isInstanceOf(AccessDeniedException.class);
            assertThat(as.call("acme-viewer", () -> schedules.schedules())).extracting(DrillScheduleInfo::id).contains(scheduleId);
            assertThat(as.call("provider", () -> schedules.schedules())).filteredOn(s -> s.id() == scheduleId)
                    .singleElement().satisfies(s -> assertThat(s.tenantName()).isEqualTo("acme"));
        } finally {
            as.run("acme-admin", () -> schedules.delete(scheduleId));
        }
    }

    private ReplicaRow replica(String user, String vmName) {
        return as.call(user, () -> overview.list(new ReplicaFilter(vmName, null), List.of(), 0, 10)).stream()
                .filter(r -> r.vmName().equals(vmName)).findFirst().orElseThrow();
    }

    private void awaitFinished(long taskId) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> as.call("provider", () -> tasks.find(taskId)).orElseThrow(), task -> task.state().isFinished());
    }
}
