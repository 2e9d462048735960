package io.lifeboat.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lifeboat.AsUser;
import io.lifeboat.Postgres;
import io.lifeboat.SecondLane;
import io.lifeboat.tasks.TaskInfo;
import io.lifeboat.tasks.TaskService;
import io.lifeboat.tasks.TaskState;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.slf4j.LoggerFactory;

/**
 * A node that could not reach the database while it ran a failover, and that another node took for dead meanwhile, does
 * not carry on with that failover once the database is back: the other node runs it (its recovery deleted this node's
 * fired-trigger rows, which is what is staged here), and two runs at once would fight over the same VMs.
 */
@SecondLane
class TakenOverJobTest extends OneBenchNode {

    @Test
    void a_job_another_node_recovered_during_a_database_outage_is_not_carried_on_here_once_the_database_is_back() throws Exception {
        ListAppender<ILoggingEvent> jobLog = new ListAppender<>();
        jobLog.start();
        Logger logger = (Logger) LoggerFactory.getLogger("io.lifeboat.replica.ReplicaOperationJob");
        logger.addAppender(jobLog);
        try {
            AsUser as = as();
            TaskService tasks = nodes.bean(0, TaskService.class);
            long taskId = failOverAndAwaitProgress(benchVms());

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
