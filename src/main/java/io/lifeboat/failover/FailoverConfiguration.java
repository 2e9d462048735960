package io.lifeboat.failover;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class FailoverConfiguration {

    /** Workers that drive VMs of one task in parallel; vSphere calls are mostly waiting, so more than the cores. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService failoverWorkers(@Value("${lifeboat.failover.parallelism:8}") int parallelism) {
        return daemonPool("failover-worker-", parallelism);
    }

    /** One per failover worker: each VM's ARP flip runs beside its power-on, never queued behind other VMs' work. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService networkFlipWorkers(@Value("${lifeboat.failover.parallelism:8}") int parallelism) {
        return daemonPool("network-flip-", parallelism);
    }

    private static ExecutorService daemonPool(String namePrefix, int size) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(size, runnable -> {
            Thread thread = new Thread(runnable, namePrefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}
