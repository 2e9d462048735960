package io.lifeboat.network;

import io.lifeboat.shared.DaemonThreads;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Samples the tunnels of the networks this node extends, on every node, every
 * {@code lifeboat.network.tunnel-sample-interval} (30 s). A network's NEA pair is held by the node that extends it:
 * the cluster-wide Quartz job this replaces ran on one node at a time, which sampled only its own networks, so in a
 * cluster the others' RTT and traffic charts had gaps.
 */
@Component
class NodeTunnelSampling {

    private static final Logger log = LoggerFactory.getLogger(NodeTunnelSampling.class);
    /** Where the cluster-wide job was stored: a database upgraded from before keeps it until it is deleted. */
    static final JobKey FORMER_CLUSTER_JOB = new JobKey("tunnel-sample", "network");

    private final IntSupplier sample;
    private final ObjectProvider<Scheduler> quartz;
    private final Duration interval;
    private final ScheduledExecutorService timer = DaemonThreads.scheduler("tunnel-sampling");

    @Autowired
    NodeTunnelSampling(TunnelHistoryService history, ObjectProvider<Scheduler> quartz,
                       @Value("${lifeboat.network.tunnel-sample-interval:PT30S}") Duration interval) {
        this(history::sampleAll, quartz, interval);
    }

    NodeTunnelSampling(IntSupplier sample, ObjectProvider<Scheduler> quartz, Duration interval) {
        this.sample = sample;
        this.quartz = quartz;
        this.interval = interval;
    }

    @PostConstruct
    void start() {
        forgetFormerClusterJob();
        long every = Math.max(1, interval.toMillis());
        timer.scheduleWithFixedDelay(this::sampleQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }

    private void forgetFormerClusterJob() {
        Scheduler scheduler = quartz.getIfAvailable();
        if (scheduler == null) {
            return;
        }
        try {
            if (scheduler.deleteJob(FORMER_CLUSTER_JOB)) {
                log.info("The cluster-wide tunnel sampling job is gone: each node samples the tunnels it extends");
            }
        } catch (SchedulerException e) {
            log.warn("Could not delete the former tunnel sampling job {}: {}", FORMER_CLUSTER_JOB, e.getMessage(), e);
        }
    }

    private void sampleQuietly() {
        try {
            sample.getAsInt();
        } catch (RuntimeException e) {
            log.warn("Tunnel sampling skipped a round: {}", e.getMessage(), e);
        }
    }
}
