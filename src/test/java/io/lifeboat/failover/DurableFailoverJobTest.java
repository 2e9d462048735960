package io.lifeboat.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lifeboat.AsUser;
import io.lifeboat.LabTest;
import io.lifeboat.replica.ReplicaFilter;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ReplicaState;
import io.lifeboat.tasks.TaskService;
import io.lifeboat.tasks.TaskState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A failover is durable work: the request commits the replica's state and a Quartz job in the database together, and
 * a scheduler that only comes up later (as after a portal restart) still carries it out.
 */
@LabTest
class DurableFailoverJobTest {

    @Autowired AsUser as;
    @Autowired FailoverService failover;
    @Autowired ReplicaOverviewService overview;
    @Autowired TaskService tasks;
    @Autowired Scheduler scheduler;
    @Autowired JdbcTemplate jdbc;

    @Test
    void a_failover_accepted_while_no_scheduler_runs_is_stored_and_carried_out_when_one_starts() throws Exception {
        ReplicaRow files = as.call("globex-admin", () -> overview.list(new ReplicaFilter("files-01", null), List.of(), 0, 10)).get(0);
        long point = as.call("globex-admin", () -> overview.restorePoints(files.id())).get(0).id();
        scheduler.standby();
        long taskId;
        try {
            taskId = as.call("globex-admin", () -> failover.startFailover(new FailoverRequest(List.of(new FailoverRequest.VmChoice(files.id(), point)), true)));
            assertThat(jdbc.queryForObject("select count(*) from qrtz_job_details where job_name = ? and requests_recovery = true",
                    Integer.class, "failover-" + taskId)).isEqualTo(1);
            assertThat(as.call("globex-admin", () -> overview.find(files.id())).orElseThrow().state()).isEqualTo(ReplicaState.FAILOVER_STARTING);
        } finally {
            scheduler.start();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> as.call("globex-admin", () -> tasks.find(taskId)).orElseThrow().state().isFinished());
        assertThat(as.call("globex-admin", () -> tasks.find(taskId)).orElseThrow().state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(as.call("globex-admin", () -> overview.find(files.id())).orElseThrow().state()).isEqualTo(ReplicaState.FAILED_OVER);

        long undo = as.call("globex-admin", () -> failover.undoFailover(files.id()));
        await().atMost(Duration.ofSeconds(60)).until(() -> as.call("globex-admin", () -> tasks.find(undo)).orElseThrow().state() == TaskState.SUCCEEDED);
    }
}
