package io.lifeboat.failover;

import io.lifeboat.shared.DaemonThreads;
import java.util.concurrent.ExecutorService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class FailoverConfiguration {

    /** Workers that drive VMs of one task in parallel; vSphere calls are mostly waiting, so more than the cores. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService failoverWorkers(@Value("${lifeboat.failover.parallelism:8}") int parallelism) {
        return DaemonThreads.pool("failover-worker", parallelism);
    }

    /** One per failover worker: each VM's ARP flip runs beside its power-on, never queued behind other VMs' work. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService networkFlipWorkers(@Value("${lifeboat.failover.parallelism:8}") int parallelism) {
        return DaemonThreads.pool("network-flip", parallelism);
    }

    /**
     * Threads that await failed-over VMs' first replies from the tenant LAN (mostly waiting on a guest's boot): one per
     * VM of a large failover, so no VM's figure waits behind another's.
     */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService reachabilityWatchers(@Value("${lifeboat.failover.reachability-watchers:64}") int watchers) {
        return DaemonThreads.pool("reachability-watch", watchers);
    }
}
