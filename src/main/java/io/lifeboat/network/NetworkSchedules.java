package io.lifeboat.network;

import java.time.Duration;
import java.util.Date;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The network's periodic work that one node does for the cluster, with Quartz: checking kept tenant NEAs
 * ({@code lifeboat.network.kept-tenant-nea-check-interval}, a minute): powering those found off on again, power-cycling
 * those whose agent stays silent. (Tunnel samples are each node's own: {@link NodeTunnelSampling}.)
 */
@Configuration
class NetworkSchedules {

    static final String KEPT_TENANT_NEA = "kept-tenant-nea";

    @Bean
    JobDetail keptTenantNeaJob() {
        return job(KEPT_TENANT_NEA);
    }

    @Bean
    Trigger keptTenantNeaTrigger(JobDetail keptTenantNeaJob,
                                 @Value("${lifeboat.network.kept-tenant-nea-check-interval:PT1M}") Duration interval) {
        return every(interval, keptTenantNeaJob);
    }

    private static JobDetail job(String name) {
        return JobBuilder.newJob(NetworkJob.class).withIdentity(name, "network").storeDurably().build();
    }

    /** Every {@code interval} (whole seconds, at least one), first after one interval. */
    private static Trigger every(Duration interval, JobDetail job) {
        return TriggerBuilder.newTrigger().forJob(job).withIdentity(job.getKey().getName(), "network")
                .startAt(new Date(System.currentTimeMillis() + interval.toMillis()))
                .withSchedule(SimpleScheduleBuilder.repeatSecondlyForever((int) Math.max(1, interval.toSeconds()))
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }

    /** Thin: the service does the work. */
    @DisallowConcurrentExecution
    static class NetworkJob implements Job {

        private final KeptTenantNeas kept;

        NetworkJob(KeptTenantNeas kept) {
            this.kept = kept;
        }

        @Override
        public void execute(JobExecutionContext context) {
            kept.powerOnThoseOff();
            kept.powerCycleThoseSilent();
        }
    }
}
