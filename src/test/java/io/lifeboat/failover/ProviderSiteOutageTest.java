package io.lifeboat.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;


import io.lifeboat.AsUser;
import io.lifeboat.LabTest;
import io.lifeboat.LogLines;
import io.lifeboat.inventory.InventoryService;
import io.lifeboat.inventory.SiteContact;
import io.lifeboat.inventory.RestorePointInfo;
import io.lifeboat.lab.LabSites;
import io.lifeboat.replica.ReplicaFilter;
import io.lifeboat.replica.ReplicaOperations;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ReplicaState;
import io.lifeboat.tasks.TaskLogEntry;
import io.lifeboat.tasks.TaskService;
import io.lifeboat.tasks.TaskState;
import io.lifeboat.tasks.TaskInfo;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * The provider's vCenter goes away while a failover runs: the task fails with a message that says so, and the replica
 * is not left marked as failed over. When the site comes back, the clean-up and a new failover complete. While its last
 * check failed, the pre-flight checks it again and blocks a failover with why. Its own Spring
 * context (and simulators), because it takes the provider site down; the test that kills it for good runs last.
 */
@LabTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestPropertySource(properties = "lifeboat.test.context=provider-outage")
@DirtiesContext
class ProviderSiteOutageTest {

    @Autowired AsUser as;
    @Autowired FailoverService failover;
    @Autowired ReplicaOverviewService overview;
    @Autowired TaskService tasks;
    @Autowired LabSites lab;
    @Autowired ReplicaOperations operations;
    @Autowired InventoryService inventory;

    @RegisterExtension
    final LogLines logged = new LogLines();

    @Test
    @Order(0)
    void while_the_provider_site_fails_its_checks_the_preflight_blocks_a_failover_and_says_why_until_it_answers_again() {
        ReplicaRow web = acmeReplica("web-01");
        FailoverRequest request = newestPointOf(web);
        String blocker = "Your provider's vCenter has not answered since ";

        lab.providerSimulator().disconnect();
        try {
            inventory.syncEverything();
            // acme's sync found the site unusable: globex's, on the same site, does not ask it again (a hung one costs minutes)
            assertThat(logged.messages()).anyMatch(line -> line.matches(
                    "(?s)Inventory sync of tenant \\d+ skipped this round: its provider site failed the sync of tenant \\d+ \\(.*"));
            Preflight blocked = as.call("acme-admin", () -> failover.preflight(request));
            assertThat(blocked.hasBlockers()).isTrue();
            assertThat(blocked.findings()).extracting(PreflightFinding::message).anyMatch(m -> m.startsWith(blocker)
                    && m.contains("a failover cannot start until it does"));
            assertThatThrownBy(() -> as.call("acme-admin", () -> failover.startFailover(request))).isInstanceOf(FailoverRefusedException.class);
            assertThat(as.call("acme-admin", () -> overview.find(web.id())).orElseThrow().state()).isEqualTo(ReplicaState.READY);
        } finally {
            lab.providerSimulator().reconnect();
        }
        // no sync in between: the pre-flight checks again itself rather than trust a failure up to a minute old
        Preflight after = as.call("acme-admin", () -> failover.preflight(request));
        assertThat(after.findings()).extracting(PreflightFinding::message).noneMatch(m -> m.startsWith(blocker));
        assertThat(as.call("acme-admin", () -> overview.sitesHealth()).orElseThrow().providerSite().failing()).isFalse();
    }

    /**
     * The provider's vCenter hangs (its simulator stopped) while the inventory sync reads it: the site is recorded as
     * failing once the call has waited 10 s, saying which call, and the pre-flight blocks; before, the Sites page said
     * "working" until the call's read timeout, two minutes. Once it answers, the site is working again.
     */
    @Test
    @Order(0)
    void a_provider_site_whose_vcenter_hangs_is_recorded_as_failing_within_seconds_and_as_working_once_it_answers() {
        FailoverRequest request = newestPointOf(acmeReplica("web-01"));
        lab.providerSimulator().freeze();
        Thread sync = new Thread(inventory::syncEverything, "sync-while-frozen");
        try {
            sync.start();
            SiteContact failing = await().atMost(Duration.ofSeconds(60)).until(() -> providerSite(), SiteContact::failing);
            assertThat(failing.error()).contains("has not answered a call for 10 s");
            assertThat(as.call("acme-admin", () -> failover.preflight(request)).findings()).extracting(PreflightFinding::message)
                    .anyMatch(m -> m.startsWith("Your provider's vCenter has not answered since "));
        } finally {
            lab.providerSimulator().thaw();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> !providerSite().failing());
        await().atMost(Duration.ofSeconds(60)).until(() -> !sync.isAlive());
    }

    private SiteContact providerSite() {
        return as.call("acme-admin", () -> overview.sitesHealth()).orElseThrow().providerSite();
    }

    private ReplicaRow acmeReplica(String vmName) {
        return as.call("acme-admin", () -> overview.list(new ReplicaFilter(vmName, null), List.of(), 0, 10)).get(0);
    }

    /** A failover of {@code replica} from its newest restore point, warnings accepted. */
    private FailoverRequest newestPointOf(ReplicaRow replica) {
        long pointId = as.call("acme-admin", () -> overview.restorePoints(replica.id())).get(0).id();
        return new FailoverRequest(List.of(new FailoverRequest.VmChoice(replica.id(), pointId)), true);
    }

    @Test
    @Order(1)
    void a_provider_site_unreachable_mid_failover_fails_clearly_and_once_it_is_back_the_clean_up_and_a_new_failover_complete() {
        ReplicaRow web = acmeReplica("web-01");
        FailoverRequest request = newestPointOf(web);

        long taskId;
        try {
            taskId = as.call("acme-admin", () -> {
                long id = failover.startFailover(request);
                lab.providerSimulator().disconnect(); // a broken network to the vCenter, which keeps its inventory
                return id;
            });
            TaskInfo task = awaitFinished(taskId);
            assertThat(task.state()).isEqualTo(TaskState.FAILED);
            assertThat(as.call("acme-admin", () -> tasks.logOf(taskId))).extracting(TaskLogEntry::message)
                    .anyMatch(m -> m.contains("Failover failed while") && m.contains("vSphere"));
            ReplicaRow failed = as.call("acme-admin", () -> overview.find(web.id())).orElseThrow();
            assertThat(failed.state()).as("never left half-way").isIn(ReplicaState.READY, ReplicaState.ERROR);
        } finally {
            lab.providerSimulator().reconnect();
        }

        if (as.call("acme-admin", () -> overview.find(web.id())).orElseThrow().state() == ReplicaState.ERROR) {
            long cleanUp = as.call("acme-admin", () -> operations.retry(web.id()));
            assertThat(awaitFinished(cleanUp).state()).isEqualTo(TaskState.SUCCEEDED);
        }
        assertThat(as.call("acme-admin", () -> overview.find(web.id())).orElseThrow().state()).isEqualTo(ReplicaState.READY);

        long again = as.call("acme-admin", () -> failover.startFailover(request));
        assertThat(awaitFinished(again).state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(as.call("acme-admin", () -> overview.find(web.id())).orElseThrow().state()).isEqualTo(ReplicaState.FAILED_OVER);
        long undo = as.call("acme-admin", () -> failover.undoFailover(web.id()));
        assertThat(awaitFinished(undo).state()).isEqualTo(TaskState.SUCCEEDED);
    }

    private TaskInfo awaitFinished(long taskId) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> as.call("acme-admin", () -> tasks.find(taskId)).orElseThrow(), t -> t.state().isFinished());
    }

    @Test
    @Order(2)
    void a_provider_site_that_stops_mid_failover_fails_the_task_clearly_and_leaves_no_vm_failed_over() {
        ReplicaRow db = as.call("acme-admin", () -> overview.list(new ReplicaFilter("db-01", null), List.of(), 0, 10)).get(0);
        RestorePointInfo point = as.call("acme-admin", () -> overview.restorePoints(db.id())).get(0);

        long taskId = as.call("acme-admin", () -> {
            long id = failover.startFailover(new FailoverRequest(List.of(new FailoverRequest.VmChoice(db.id(), point.id())), true));
            lab.providerSimulator().kill(); // the vCenter dies right as the job starts
            return id;
        });

        TaskInfo task = awaitFinished(taskId);
        assertThat(task.state()).isEqualTo(TaskState.FAILED);
        List<TaskLogEntry> log = as.call("acme-admin", () -> tasks.logOf(taskId));
        // Whether the vCenter is gone before the first call or dies during it, the step's message says so.
        assertThat(log).extracting(TaskLogEntry::message).anyMatch(m -> m.contains("Failover failed while")
                && (m.contains("Cannot reach vSphere") || m.contains("Lost the connection to vSphere")));

        ReplicaRow after = as.call("acme-admin", () -> overview.find(db.id())).orElseThrow();
        assertThat(after.state()).isNotEqualTo(ReplicaState.FAILED_OVER).isIn(ReplicaState.READY, ReplicaState.ERROR);
        if (after.state() == ReplicaState.ERROR) {
            assertThat(after.errorMessage()).contains("Cannot reach vSphere").contains("Retry clean-up");
        }
    }
}
