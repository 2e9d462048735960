package io.lifeboat;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** Quartz's error for a job that ends after the scheduler stopped becomes one line; its other errors stay errors. */
class JobOutlivingTheSchedulerTest {

    private final Logger workers = (Logger) LoggerFactory.getLogger("org.quartz.simpl.SimpleThreadPool");

    @RegisterExtension
    final LogLines logged = new LogLines();

    JobOutlivingTheSchedulerTest() {
        new JobOutlivingTheScheduler();
    }

    @Test
    void a_job_ending_after_the_scheduler_stopped_is_one_info_line() {
        workers.error("Error while executing the Runnable: ", new IllegalStateException("JobStore is shutdown - aborting retry"));

        assertThat(logged.levels()).containsExactly("INFO");
        assertThat(logged.messages().get(0)).contains("its end is not recorded", "resumed at the next start");
        assertThat(logged.events().get(0).getThrowableProxy()).isNull();
    }

    @Test
    void other_errors_of_the_workers_and_the_same_error_elsewhere_stay_errors() {
        workers.error("Error while executing the Runnable: ", new IllegalStateException("Couldn't acquire next trigger"));
        ((Logger) LoggerFactory.getLogger("io.lifeboat.replica.Anything")).error("Failed",
                new IllegalStateException("JobStore is shutdown - aborting retry"));

        assertThat(logged.levels()).containsExactly("ERROR", "ERROR");
    }
}
