package io.lifeboat.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lifeboat.AsUser;
import io.lifeboat.PortalNodes;
import io.lifeboat.Postgres;
import io.lifeboat.SecondLane;
import io.lifeboat.failover.FailoverRequest;
import io.lifeboat.failover.FailoverService;
import io.lifeboat.replica.ReplicaFilter;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ReplicaSort;
import io.lifeboat.tasks.TaskInfo;
import io.lifeboat.tasks.TaskService;
import io.lifeboat.tasks.TaskState;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.quartz.Scheduler;
import org.slf4j.LoggerFactory;

/**
 * A node that could not reach the database while it ran a failover, and that another node took for dead meanwhile, does
 * not carry on with that failover once the database is back: the other node runs it (its recovery deleted this node's
 * fired-trigger rows, which is what is staged here), and two runs at once would fight over the same VMs.
 */
@ExtendWith(Postgres.class)
@SecondLane
class TakenOverJobTest {

    private static final int VMS = 20;
    private static final String USER = "bench-admin";
    private static PortalNodes nodes;

    @BeforeAll
    static void start() {
        nodes = PortalNodes.start(1, "--lifeboat.lab.bench-vms=" + VMS, "--logging.level.io.lifeboat.tasks=warn");
    }

    @AfterAll
    static void stop() {
        if (nodes != null) {
            nodes.close();
        }
    }

    @Test
    void a_job_another_node_recovered_during_a_database_outage_is_not_carried_on_here_once_the_database_is_back() throws Exception {
        ListAppender<ILoggingEvent> jobLog = new ListAppender<>();
        jobLog.start();
        Logger logger = (Logger) LoggerFactory.getLogger("io.lifeboat.replica.ReplicaOperationJob");
        logger.addAppender(jobLog);
        try {
            AsUser as = nodes.bean(0, AsUser.class);
            ReplicaOverviewService overview = nodes.bean(0, ReplicaOverviewService.class);
            TaskService tasks = nodes.bean(0, TaskService.class);
            List<ReplicaRow> vms = as.call(USER, () -> overview.list(ReplicaFilter.none(), List.of(new ReplicaSort("vmName", true)), 0, VMS));
            List<FailoverRequest.VmChoice> choices = vms.stream()
                    .map(vm -> new FailoverRequest.VmChoice(vm.id(), as.call(USER, () -> overview.restorePoints(vm.id())).get(0).id())).toList();
            long taskId = as.call(USER, () -> nodes.bean(0, FailoverService.class).startFailover(new FailoverRequest(choices, true)));
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                    .until(() -> as.call(USER, () -> tasks.find(taskId)).orElseThrow().progress(), p -> p > 0);

            assertThat(recoverJobsOf(nodes.bean(0, Scheduler.class).getSchedulerInstanceId())).as("the failover's fired trigger").isEqualTo(1);
            Postgres.stopServerKeepingData();
            try {
                Thread.sleep(3000);   // the runner meets the outage on its next step, waits, and tries again
            } finally {
                Postgres.startAgain();
            }

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> jobLog.list.stream()
                    .anyMatch(line -> line.getFormattedMessage().contains("another portal node took it over")));
            TaskInfo left = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> as.call(USER, () -> tasks.find(taskId)).orElseThrow(), task -> task != null);
            Thread.sleep(3000);   // what this node would still have done
            TaskInfo later = as.call(USER, () -> tasks.find(taskId)).orElseThrow();
            assertThat(later.state()).as("left to the node that took it over").isEqualTo(TaskState.RUNNING);
            assertThat(later.progress()).as("no step taken here after the outage").isEqualTo(left.progress());
        } finally {
            logger.detachAppender(jobLog);
        }
    }

    /** What another node's cluster recovery does to this node's running jobs: their fired-trigger rows go. */
    private static int recoverJobsOf(String instance) throws Exception {
        try (Connection connection = DriverManager.getConnection(Postgres.jdbcUrl(), Postgres.USER, "");
             PreparedStatement delete = connection.prepareStatement("delete from qrtz_fired_triggers where instance_name = ? and job_name like 'failover-%'")) {
            delete.setString(1, instance);
            return delete.executeUpdate();
        }
    }
}
