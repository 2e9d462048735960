package io.lifeboat;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Quartz's error for a job that ends after the scheduler stopped becomes one line; its other errors stay errors. */
class JobOutlivingTheSchedulerTest {

    private final Logger workers = (Logger) LoggerFactory.getLogger("org.quartz.simpl.SimpleThreadPool");
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void watchTheLog() {
        new JobOutlivingTheScheduler();
        logged.start();
        root().addAppender(logged);
    }

    @AfterEach
    void stopWatching() {
        root().detachAppender(logged);
    }

    @Test
    void a_job_ending_after_the_scheduler_stopped_is_one_info_line() {
        workers.error("Error while executing the Runnable: ", new IllegalStateException("JobStore is shutdown - aborting retry"));

        assertThat(logged.list).extracting(ILoggingEvent::getLevel).map(String::valueOf).containsExactly("INFO");
        assertThat(logged.list.get(0).getFormattedMessage()).contains("its end is not recorded", "resumed at the next start");
        assertThat(logged.list.get(0).getThrowableProxy()).isNull();
    }

    @Test
    void other_errors_of_the_workers_and_the_same_error_elsewhere_stay_errors() {
        workers.error("Error while executing the Runnable: ", new IllegalStateException("Couldn't acquire next trigger"));
        ((Logger) LoggerFactory.getLogger("io.lifeboat.replica.Anything")).error("Failed",
                new IllegalStateException("JobStore is shutdown - aborting retry"));

        assertThat(logged.list).extracting(ILoggingEvent::getLevel).map(String::valueOf).containsExactly("ERROR", "ERROR");
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
