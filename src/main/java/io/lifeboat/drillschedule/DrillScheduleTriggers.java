package io.lifeboat.drillschedule;

import io.lifeboat.drill.DrillRefusedException;
import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.Optional;
import java.util.TimeZone;
import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.springframework.stereotype.Component;

/**
 * Each drill schedule as a durable Quartz cron trigger, written in the transaction that stores the schedule (Quartz
 * shares the data source), so a schedule and its trigger exist together or not at all, across restarts of the portal.
 * A run the portal missed while it was down is skipped, not caught up: a drill at an unexpected hour surprises more than
 * one that did not happen, and the task log shows the next one.
 */
@Component
class DrillScheduleTriggers {

    static final String SCHEDULE_ID = "scheduleId";
    private static final String GROUP = "drill-schedule";

    private final Scheduler scheduler;

    DrillScheduleTriggers(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * The cron expression checked as Quartz reads it (seconds minutes hours day-of-month month day-of-week [year]).
     *
     * @throws DrillRefusedException saying what is wrong, with an example, when it is no valid expression or never fires
     */
    static CronExpression parse(String cron, ZoneId zone) {
        String text = cron == null ? "" : cron.trim();
        try {
            CronExpression expression = new CronExpression(text);
            expression.setTimeZone(TimeZone.getTimeZone(zone));
            if (expression.getNextValidTimeAfter(new Date()) == null) {
                throw new DrillRefusedException("The schedule \"" + text + "\" never fires again; choose one with a future time.");
            }
            return expression;
        } catch (ParseException e) {
            throw new DrillRefusedException("The schedule \"" + text + "\" is not a valid cron expression (" + e.getMessage()
                    + "). Write six fields: seconds minutes hours day-of-month month day-of-week, with ? in one of the two day "
                    + "fields; for example \"0 0 2 ? * SAT\" runs every Saturday at 02:00.");
        }
    }

    static JobKey jobKey(long scheduleId) {
        return JobKey.jobKey("drill-schedule-" + scheduleId, GROUP);
    }

    void schedule(long scheduleId, CronExpression cron) {
        try {
            scheduler.scheduleJob(JobBuilder.newJob(ScheduledDrillJob.class).withIdentity(jobKey(scheduleId)).usingJobData(SCHEDULE_ID, scheduleId).build(),
                    TriggerBuilder.newTrigger().withIdentity(triggerKey(scheduleId))
                            .withSchedule(CronScheduleBuilder.cronSchedule(cron).withMisfireHandlingInstructionDoNothing()).build());
        } catch (SchedulerException e) {
            throw new IllegalStateException("Could not schedule drill schedule " + scheduleId + ": " + e.getMessage(), e);
        }
    }

    void unschedule(long scheduleId) {
        try {
            scheduler.deleteJob(jobKey(scheduleId));
        } catch (SchedulerException e) {
            throw new IllegalStateException("Could not remove the trigger of drill schedule " + scheduleId + ": " + e.getMessage(), e);
        }
    }

    /** When the schedule fires next; empty when its trigger is gone or never fires again. */
    Optional<Instant> nextRun(long scheduleId) {
        try {
            Trigger trigger = scheduler.getTrigger(triggerKey(scheduleId));
            return Optional.ofNullable(trigger).map(Trigger::getNextFireTime).map(Date::toInstant);
        } catch (SchedulerException e) {
            throw new IllegalStateException("Could not read the trigger of drill schedule " + scheduleId + ": " + e.getMessage(), e);
        }
    }

    private static TriggerKey triggerKey(long scheduleId) {
        return TriggerKey.triggerKey("drill-schedule-" + scheduleId, GROUP);
    }

    /** Thin: starts the schedule's drill; one run of a schedule at a time. */
    @DisallowConcurrentExecution
    static class ScheduledDrillJob implements Job {

        private final DrillScheduleService schedules;

        ScheduledDrillJob(DrillScheduleService schedules) {
            this.schedules = schedules;
        }

        @Override
        public void execute(JobExecutionContext context) {
            schedules.run(context.getMergedJobDataMap().getLong(SCHEDULE_ID));
        }
    }
}
