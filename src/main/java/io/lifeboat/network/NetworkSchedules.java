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
 * The network's periodic work, with Quartz so that in a cluster one node does each run: sampling the tenant tunnels
 * ({@code lifeboat.network.tunnel-sample-interval}, 30 s) and checking kept tenant NEAs
 * ({@code lifeboat.network.kept-tenant-nea-check-interval}, a minute): powering those found off on again, power-cycling
 * those whose agent stays silent.
 */
@Configuration
class NetworkSchedules {

    static final String TUNNEL_SAMPLE = "tunnel-sample";
    static final String KEPT_TENANT_NEA = "kept-tenant-nea";

    @Bean
    JobDetail tunnelSampleJob() {
        return job(TUNNEL_SAMPLE);
    }

    @Bean
    Trigger tunnelSampleTrigger(JobDetail tunnelSampleJob, @Value("${lifeboat.network.tunnel-sample-interval:PT30S}") Duration interval) {
        return every(interval, tunnelSampleJob);
    }

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

    /** Thin: the services do the work; which one, the job's name says. */
    @DisallowConcurrentExecution
    static class NetworkJob implements Job {

        private final TunnelHistoryService history;
        private final KeptTenantNeas kept;

        NetworkJob(TunnelHistoryService history, KeptTenantNeas kept) {
            this.history = history;
            this.kept = kept;
        }

        @Override
        public void execute(JobExecutionContext context) {
            if (KEPT_TENANT_NEA.equals(context.getJobDetail().getKey().getName())) {
                kept.powerOnThoseOff();
                kept.powerCycleThoseSilent();
            } else {
                history.sampleAll();
            }
        }
    }
}
