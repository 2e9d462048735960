package io.lifeboat.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lifeboat.AsUser;
import io.lifeboat.tasks.TaskInfo;
import io.lifeboat.tasks.TaskRecorder;
import io.lifeboat.tasks.TaskService;
import io.lifeboat.tasks.TaskState;
import io.lifeboat.tasks.TaskType;
import io.lifeboat.tenancy.HardwarePlan;
import io.lifeboat.tenancy.Role;
import io.lifeboat.tenancy.TenancyService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A drill left Starting by a start that broke off before such runs marked the drill started, staged in the database as
 * those runs left it: its start task ended, none of its VMs starting. No lab: nothing here asks a vCenter.
 */
@SpringBootTest(properties = "spring.quartz.scheduler-name=lifeboat-drill-left-starting-test")
@ActiveProfiles("test")
class DrillLeftStartingTest {

    private static final String OPERATOR = "stuck-operator";
    private static final String VIEWER = "stuck-viewer";
    private static final String OTHER_OPERATOR = "other-operator";

    @Autowired AsUser as;
    @Autowired TenancyService tenancy;
    @Autowired TaskRecorder tasks;
    @Autowired DrillService drills;
    @Autowired DrillRepository drillRows;
    @Autowired DrillVmRepository drillVms;
    @Autowired Clock clock;
    @Autowired TaskService taskService;
    @Autowired DrillEvidence evidence;
    @Autowired PlatformTransactionManager transactions;

    private TransactionTemplate transaction;

    private long tenantId;

    @BeforeEach
    void tenants() {
        transaction = new TransactionTemplate(transactions);
        tenantId = tenancy.ensureTenant("stuck", "Stuck Ltd", new HardwarePlan(4, 8192)).id();
        tenancy.ensureTenant("other", "Other Ltd", new HardwarePlan(4, 8192));
        tenancy.ensureLocalAccount(OPERATOR, "a password nobody types", Role.TENANT_OPERATOR, "stuck");
        tenancy.ensureLocalAccount(VIEWER, "a password nobody types", Role.TENANT_VIEWER, "stuck");
        tenancy.ensureLocalAccount(OTHER_OPERATOR, "a password nobody types", Role.TENANT_OPERATOR, "other");
    }

    /** The Drills page offers End as the service answers; it offered it for Running drills only, so this one had none. */
    @Test
    void a_drill_left_starting_by_a_broken_start_can_be_ended_by_its_tenants_operator_only() {
        long drillId = drillLeftStarting(true);

        assertThat(as.call(OPERATOR, () -> drills.find(drillId)).orElseThrow().state()).isEqualTo(DrillState.STARTING);
        assertThat(as.call(OPERATOR, () -> drills.canEnd(drillId))).isTrue();
        assertThat(as.call(VIEWER, () -> drills.canEnd(drillId))).as("a viewer changes nothing").isFalse();
        assertThat(as.call(OTHER_OPERATOR, () -> drills.canEnd(drillId))).as("another tenant's drill").isFalse();
    }

    @Test
    void a_drill_whose_start_still_runs_cannot_be_ended_yet() {
        long drillId = drillLeftStarting(false);

        assertThat(as.call(OPERATOR, () -> drills.canEnd(drillId))).isFalse();
    }

    /**
     * Its VMs were all cleaned up since: its end found nothing to end, failed, and left the drill Ending for good, its
     * report never sealed. Now the end finishes it as ended, with a sealed report whose hash verifies.
     */
    @Test
    void ending_a_drill_left_starting_whose_vms_were_all_cleaned_up_ends_it_and_seals_its_report() {
        long drillId = drillLeftStarting(true);

        long endTask = as.call(OPERATOR, () -> drills.end(drillId));

        TaskInfo end = await().atMost(Duration.ofSeconds(30)).until(() -> as.call(OPERATOR, () -> taskService.find(endTask)).orElseThrow(),
                task -> task.state().isFinished());
        assertThat(end.state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(end.summary()).isEqualTo("Ended with nothing left to end: each VM of test failover #" + drillId
                + " had been rolled back or cleaned up before. Its report is sealed.");
        DrillInfo ended = await().atMost(Duration.ofSeconds(10)).until(() -> as.call(OPERATOR, () -> drills.find(drillId)).orElseThrow(),
                drill -> drill.reportSha256() != null);
        assertThat(ended.state()).isEqualTo(DrillState.ENDED);
        assertThat(ended.endedBy()).isEqualTo(OPERATOR);
        assertThat(ended.endTaskId()).isEqualTo(endTask);
        assertThat(as.call(OPERATOR, () -> drills.canEnd(drillId))).isFalse();
        String recomputed = transaction.execute(tx -> DrillSeal.sha256(evidence.view(drillRows.findById(drillId).orElseThrow())));
        assertThat(recomputed).as("the seal covers what is stored").isEqualTo(ended.reportSha256());
    }

    /** As a broken start left it: Starting, its one VM rolled back; {@code startFinished}: whether its start task ended. */
    private long drillLeftStarting(boolean startFinished) {
        Instant now = clock.instant();
        long startTask = tasks.start(TaskType.TEST_FAILOVER, tenantId, "Test failover of 1 VM (web-01)", OPERATOR);
        if (startFinished) {
            tasks.finish(startTask, TaskState.FAILED, "Stopped by an unexpected error.");
        }
        Drill drill = drillRows.save(new Drill(tenantId, startTask, OPERATOR, now, now.plus(Duration.ofHours(1)), null));
        DrillVm vm = new DrillVm(drill.getId(), -drill.getId(), "web-01", "192.168.60.10", 1, "nightly", now.minus(Duration.ofHours(3)),
                "tenant.stuck.drill2001"); // a replica id nobody has: its state is Ready, as a rolled-back replica's
        vm.startFailed("Test failover failed while reverting to restore point \"nightly\": gone");
        vm.cleanedUp(now);
        drillVms.save(vm);
        return drill.getId();
    }
}
