package io.lifeboat.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A drill's time limit as a durable Quartz trigger: a drill left running is ended by itself, even after a restart of
 * the portal. Scheduled in the drill's own start transaction (Quartz shares the data source).
 */
@Component
class DrillTimeLimits {

    static final String DRILL_ID = "drillId";
    /** How soon a time limit that could not end its drill tries again. */
    static final Duration RETRY = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(DrillTimeLimits.class);

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

    /**
     * Thin: ends the drill if it still runs. The trigger fires once, so a drill still starting, or an end that failed
     * (a database outage, another request changing the drill at that moment), is tried again {@link #RETRY} later:
     * before, one failure left the drill running past its limit for good.
     */
    static class TimeLimitJob implements Job {

        private final DrillEnding ending;
        private final DrillTimeLimits timeLimits;

        TimeLimitJob(DrillEnding ending, DrillTimeLimits timeLimits) {
            this.ending = ending;
            this.timeLimits = timeLimits;
        }

        @Override
        public void execute(JobExecutionContext context) throws JobExecutionException {
            long drillId = context.getMergedJobDataMap().getLong(DRILL_ID);
            boolean stillStarting;
            try {
                stillStarting = ending.endIfRunning(drillId, DrillInfo.TIME_LIMIT);
            } catch (RuntimeException e) {
                log.warn("The time limit of drill {} could not end it; it tries again in {} s", drillId, RETRY.toSeconds(), e);
                stillStarting = true;
            }
            if (stillStarting) {
                tryAgainLater(drillId);
            }
        }

        /** A new trigger; when even that cannot be stored (the database), this one waits and fires again, which needs no database. */
        private void tryAgainLater(long drillId) throws JobExecutionException {
            try {
                timeLimits.schedule(drillId, Instant.now().plus(RETRY));
            } catch (RuntimeException e) {
                log.warn("The time limit of drill {} could not be scheduled again; it waits {} s in its thread: {}", drillId,
                        RETRY.toSeconds(), e.getMessage());
                try {
                    Thread.sleep(RETRY.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
                throw new JobExecutionException(e, true);
            }
        }
    }
}
