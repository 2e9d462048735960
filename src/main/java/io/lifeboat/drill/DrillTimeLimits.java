package io.lifeboat.drill;

import java.time.Instant;
import java.util.Date;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerBuilder;
import org.springframework.stereotype.Component;

/**
 * A drill's time limit as a durable Quartz trigger: a drill left running is ended by itself, even after a restart of
 * the portal. Scheduled in the drill's own start transaction (Quartz shares the data source).
 */
@Component
class DrillTimeLimits {

    static final String DRILL_ID = "drillId";

    private final Scheduler scheduler;

    DrillTimeLimits(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    void schedule(long drillId, Instant at) {
        String name = "drill-time-limit-" + drillId + "-" + at.toEpochMilli();
        try {
            scheduler.scheduleJob(JobBuilder.newJob(TimeLimitJob.class).withIdentity(name, "drill").usingJobData(DRILL_ID, drillId)
                    .requestRecovery(true).build(), TriggerBuilder.newTrigger().withIdentity(name, "drill").startAt(Date.from(at)).build());
        } catch (SchedulerException e) {
            throw new IllegalStateException("Could not schedule the time limit of drill " + drillId + ": " + e.getMessage(), e);
        }
    }

    /** Thin: ends the drill if it still runs. */
    static class TimeLimitJob implements Job {

        private final DrillEnding ending;
        private final DrillTimeLimits timeLimits;

        TimeLimitJob(DrillEnding ending, DrillTimeLimits timeLimits) {
            this.ending = ending;
            this.timeLimits = timeLimits;
        }

        @Override
        public void execute(JobExecutionContext context) {
            long drillId = context.getMergedJobDataMap().getLong(DRILL_ID);
            if (ending.endIfRunning(drillId, DrillInfo.TIME_LIMIT)) {
                timeLimits.schedule(drillId, Instant.now().plusSeconds(30)); // still starting: end it once it runs
            }
        }
    }
}
