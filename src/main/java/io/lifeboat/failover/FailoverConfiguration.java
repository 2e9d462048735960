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
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(parallelism, runnable -> {
            Thread thread = new Thread(runnable, "failover-worker-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}
