package io.lifeboat.network;

import java.time.Duration;
import java.util.Date;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

/** A Quartz trigger that fires {@code job} every {@code interval} (whole seconds, at least one), first after one interval. */
final class RepeatingTrigger {

    private RepeatingTrigger() {
    }

    static Trigger every(Duration interval, JobDetail job, String name) {
        return TriggerBuilder.newTrigger().forJob(job).withIdentity(name, "network")
                .startAt(new Date(System.currentTimeMillis() + interval.toMillis()))
                .withSchedule(SimpleScheduleBuilder.repeatSecondlyForever((int) Math.max(1, interval.toSeconds()))
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }
}
