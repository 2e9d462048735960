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

/**
 * Powers kept tenant NEAs found off on again ({@code lifeboat.network.kept-tenant-nea-check-interval}, every minute),
 * with Quartz, so in a cluster one node does it.
 */
@Configuration
class KeptTenantNeaSchedule {

    @Bean
    JobDetail keptTenantNeaJob() {
        return JobBuilder.newJob(KeptTenantNeaJob.class).withIdentity("kept-tenant-nea", "network").storeDurably().build();
    }

    @Bean
    Trigger keptTenantNeaTrigger(JobDetail keptTenantNeaJob,
                                 @Value("${lifeboat.network.kept-tenant-nea-check-interval:PT1M}") Duration interval) {
        return RepeatingTrigger.every(interval, keptTenantNeaJob, "kept-tenant-nea");
    }

    /** Thin: the service finds the kept tenant NEAs that are off. */
    @DisallowConcurrentExecution
    static class KeptTenantNeaJob implements Job {

        private final KeptTenantNeas kept;

        KeptTenantNeaJob(KeptTenantNeas kept) {
            this.kept = kept;
        }

        @Override
        public void execute(JobExecutionContext context) {
            kept.powerOnThoseOff();
        }
    }
}
