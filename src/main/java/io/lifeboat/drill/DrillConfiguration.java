package io.lifeboat.drill;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class DrillConfiguration {

    /** Workers that start, check and end the VMs of one drill in parallel, bounded so a large drill does not flood vCenter. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService drillWorkers(@Value("${lifeboat.drill.parallelism:4}") int parallelism) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(parallelism, runnable -> {
            Thread thread = new Thread(runnable, "drill-worker-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}
