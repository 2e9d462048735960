package io.lifeboat.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.quartz.JobBuilder;
import org.quartz.Scheduler;
import org.quartz.impl.StdSchedulerFactory;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * Each node samples the tunnels it extends on a timer of its own. The cluster-wide Quartz job it replaces ran on one
 * node at a time, so in a cluster the other nodes' networks went unsampled; a database from before still holds it.
 */
class NodeTunnelSamplingTest {

    @Test
    void every_node_samples_on_its_own_timer_until_it_stops() {
        AtomicInteger rounds = new AtomicInteger();
        NodeTunnelSampling sampling = new NodeTunnelSampling(rounds::incrementAndGet, new StaticListableBeanFactory().getBeanProvider(Scheduler.class),
                Duration.ofMillis(20));
        sampling.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> rounds.get() >= 3);
        sampling.stop();
        int stoppedAt = rounds.get();
        await().pollDelay(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1)).until(() -> true);
        assertThat(rounds.get()).as("no round after stop").isLessThanOrEqualTo(stoppedAt + 1);
    }

    @Test
    void the_former_cluster_wide_job_is_deleted_from_the_scheduler_at_start() throws Exception {
        Properties ram = new Properties();
        ram.setProperty("org.quartz.scheduler.instanceName", "node-tunnel-sampling-test");
        ram.setProperty("org.quartz.threadPool.threadCount", "1");
        ram.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        Scheduler quartz = new StdSchedulerFactory(ram).getScheduler();
        try {
            quartz.addJob(JobBuilder.newJob(NetworkSchedules.NetworkJob.class).withIdentity(NodeTunnelSampling.FORMER_CLUSTER_JOB).storeDurably().build(), false);
            StaticListableBeanFactory beans = new StaticListableBeanFactory();
            beans.addBean("quartz", quartz);
            NodeTunnelSampling sampling = new NodeTunnelSampling(() -> 0, beans.getBeanProvider(Scheduler.class), Duration.ofMinutes(1));

            sampling.start();
            sampling.stop();

            assertThat(quartz.checkExists(NodeTunnelSampling.FORMER_CLUSTER_JOB)).isFalse();
        } finally {
            quartz.shutdown();
        }
    }
}
