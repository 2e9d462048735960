package io.lifeboat.network;

import java.time.Duration;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Trigger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Samples the tenant tunnels with Quartz, so in a cluster one node takes each sample. */
@Configuration
class TunnelSampleSchedule {

    @Bean
    JobDetail tunnelSampleJob() {
        return JobBuilder.newJob(TunnelSampleJob.class).withIdentity("tunnel-sample", "network").storeDurably().build();
    }

    @Bean
    Trigger tunnelSampleTrigger(JobDetail tunnelSampleJob, @Value("${lifeboat.network.tunnel-sample-interval:PT30S}") Duration interval) {
        return RepeatingTrigger.every(interval, tunnelSampleJob, "tunnel-sample");
    }

    /** Thin: the service reads the NEAs and keeps the samples. */
    @DisallowConcurrentExecution
    static class TunnelSampleJob implements Job {

        private final TunnelHistoryService history;

        TunnelSampleJob(TunnelHistoryService history) {
            this.history = history;
        }

        @Override
        public void execute(JobExecutionContext context) {
            history.sampleAll();
        }
    }
}
