package io.lifeboat.drill;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.replica.ConcurrentChangeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.TriggerBuilder;
import org.quartz.impl.JobExecutionContextImpl;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.TriggerFiredBundle;

/** The time limit's one-shot trigger, with the drill's end and the scheduler stood in for by recorders. */
class DrillTimeLimitsTest {

    private static final long DRILL = 42;

    private final List<Instant> scheduled = new ArrayList<>();
    private final DrillTimeLimits timeLimits = new DrillTimeLimits(null) {
        @Override
        void schedule(long drillId, Instant at) {
            scheduled.add(at);
        }
    };

    @Test
    void an_end_that_fails_once_is_tried_again_in_thirty_seconds() throws Exception {
        Instant before = Instant.now();
        fire(new Ending(() -> {
            throw new ConcurrentChangeException("the drill was changed by another request at the same moment", null);
        }));

        assertThat(scheduled).singleElement().satisfies(at -> assertThat(at).isBetween(before.plus(DrillTimeLimits.RETRY),
                Instant.now().plus(DrillTimeLimits.RETRY)));
        assertThat(DrillTimeLimits.RETRY).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void a_drill_still_starting_is_tried_again_and_one_ended_is_not() throws Exception {
        fire(new Ending(() -> true));
        fire(new Ending(() -> false));

        assertThat(scheduled).hasSize(1);
    }

    private void fire(DrillEnding ending) throws Exception {
        JobDetail job = JobBuilder.newJob(DrillTimeLimits.TimeLimitJob.class).usingJobData(DrillTimeLimits.DRILL_ID, DRILL).build();
        OperableTrigger trigger = (OperableTrigger) TriggerBuilder.newTrigger().startNow().build();
        DrillTimeLimits.TimeLimitJob limit = new DrillTimeLimits.TimeLimitJob(ending, timeLimits);
        JobExecutionContext context = new JobExecutionContextImpl(null,
                new TriggerFiredBundle(job, trigger, null, false, new Date(), new Date(), null, null), limit);
        limit.execute(context);
    }

    /** Answers {@link DrillEnding#endIfRunning} as told: whether the drill is still starting, or an exception. */
    private static final class Ending extends DrillEnding {

        private final java.util.function.BooleanSupplier answer;

        Ending(java.util.function.BooleanSupplier answer) {
            super(null, null, null, null, null, null);
            this.answer = answer;
        }

        @Override
        boolean endIfRunning(long drillId, String by) {
            assertThat(drillId).isEqualTo(DRILL);
            assertThat(by).isEqualTo(DrillInfo.TIME_LIMIT);
            return answer.getAsBoolean();
        }
    }
}
