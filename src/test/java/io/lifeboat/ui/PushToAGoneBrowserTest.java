package io.lifeboat.ui;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Atmosphere's error for a push racing a browser's close becomes one warning; every other error stays an error. */
class PushToAGoneBrowserTest {

    private static final IllegalStateException WRITE_RACING_THE_CLOSE =
            new IllegalStateException("The remote endpoint was in state [TEXT_FULL_WRITING] which is an invalid state for called method");

    private final Logger atmosphere = (Logger) LoggerFactory.getLogger("org.atmosphere.cpr.AsynchronousProcessor");
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void watchTheLog() {
        new PushToAGoneBrowser();
        logged.start();
        root().addAppender(logged);
    }

    @AfterEach
    void stopWatching() {
        root().detachAppender(logged);
    }

    @Test
    void a_push_racing_a_closing_browser_is_one_warning_line() {
        atmosphere.error("Failed to cancel resource: {}", "ea49e31e", WRITE_RACING_THE_CLOSE);

        assertThat(logged.list).extracting(ILoggingEvent::getLevel).map(String::valueOf).containsExactly("WARN");
        assertThat(logged.list.get(0).getFormattedMessage()).contains("A browser closed its page while an update was pushed to it", "TEXT_FULL_WRITING");
        assertThat(logged.list.get(0).getThrowableProxy()).isNull();
    }

    @Test
    void an_update_to_a_closed_websocket_and_the_gone_page_that_cannot_be_cancelled_are_warnings_too() {
        ((Logger) LoggerFactory.getLogger("com.vaadin.flow.server.communication.PushAtmosphereHandler")).error("Exception in push connection",
                new IllegalStateException("Message will not be sent because the WebSocket session has been closed"));
        atmosphere.error("Failed to cancel resource: {}", "e4a4ff6d", new NullPointerException(
                "Cannot invoke \"org.atmosphere.cpr.AtmosphereResource.getResponse()\" because \"resource\" is null"));

        assertThat(logged.list).extracting(ILoggingEvent::getLevel).map(String::valueOf).containsExactly("WARN", "WARN");
    }

    @Test
    void other_errors_of_the_push_and_the_same_error_elsewhere_stay_errors() {
        atmosphere.error("Failed to cancel resource: {}", "ea49e31e", new IllegalStateException("Session closed"));
        atmosphere.error("Failed to cancel resource: {}", "ea49e31e", new NullPointerException("Cannot read the array length"));
        ((Logger) LoggerFactory.getLogger("io.lifeboat.replica.Anything")).error("Write failed", WRITE_RACING_THE_CLOSE);

        assertThat(logged.list).extracting(ILoggingEvent::getLevel).map(String::valueOf).containsExactly("ERROR", "ERROR", "ERROR");
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
