package io.lifeboat.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lifeboat.AsUser;
import io.lifeboat.LabTest;
import io.lifeboat.inventory.RestorePointInfo;
import io.lifeboat.lab.LabBootstrap;
import io.lifeboat.replica.ReplicaFilter;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ReplicaState;
import io.lifeboat.tasks.TaskLogEntry;
import io.lifeboat.tasks.TaskService;
import io.lifeboat.tasks.TaskState;
import io.lifeboat.tasks.TaskInfo;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * The provider's vCenter goes away while a failover runs: the task fails with a message that says so, and the replica
 * is not left marked as failed over. Its own Spring context (and simulators), because it kills the provider site.
 */
@LabTest
@TestPropertySource(properties = "lifeboat.test.context=provider-outage")
@DirtiesContext
class ProviderSiteOutageTest {

    @Autowired AsUser as;
    @Autowired FailoverService failover;
    @Autowired ReplicaOverviewService overview;
    @Autowired TaskService tasks;
    @Autowired LabBootstrap lab;

    @Test
    void a_provider_site_that_stops_mid_failover_fails_the_task_clearly_and_leaves_no_vm_failed_over() {
        ReplicaRow db = as.call("acme-admin", () -> overview.list(new ReplicaFilter("db-01", null), List.of(), 0, 10)).get(0);
        RestorePointInfo point = as.call("acme-admin", () -> overview.restorePoints(db.id())).get(0);

        long taskId = as.call("acme-admin", () -> {
            long id = failover.startFailover(new FailoverRequest(List.of(new FailoverRequest.VmChoice(db.id(), point.id())), true));
            lab.providerSimulator().kill(); // the vCenter dies right as the job starts
            return id;
        });

        TaskInfo task = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> as.call("acme-admin", () -> tasks.find(taskId)).orElseThrow(), t -> t.state().isFinished());
        assertThat(task.state()).isEqualTo(TaskState.FAILED);
        List<TaskLogEntry> log = as.call("acme-admin", () -> tasks.logOf(taskId));
        assertThat(log).extracting(TaskLogEntry::message).anyMatch(m -> m.contains("Failover failed while") && m.contains("Cannot reach vSphere"));

        ReplicaRow after = as.call("acme-admin", () -> overview.find(db.id())).orElseThrow();
        assertThat(after.state()).isNotEqualTo(ReplicaState.FAILED_OVER).isIn(ReplicaState.READY, ReplicaState.ERROR);
        if (after.state() == ReplicaState.ERROR) {
            assertThat(after.errorMessage()).contains("Cannot reach vSphere").contains("Retry clean-up");
        }
    }
}
