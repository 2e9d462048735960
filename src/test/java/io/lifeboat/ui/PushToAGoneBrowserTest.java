package io.lifeboat.ui;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import io.lifeboat.LogLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** Atmosphere's error for a push racing a browser's close becomes one warning; every other error stays an error. */
class PushToAGoneBrowserTest {

    private static final IllegalStateException WRITE_RACING_THE_CLOSE =
            new IllegalStateException("The remote endpoint was in state [TEXT_FULL_WRITING] which is an invalid state for called method");

    private final Logger atmosphere = (Logger) LoggerFactory.getLogger("org.atmosphere.cpr.AsynchronousProcessor");

    @RegisterExtension
    final LogLines logged = new LogLines();

    PushToAGoneBrowserTest() {
        new PushToAGoneBrowser();
    }

    @Test
    void a_push_racing_a_closing_browser_is_one_warning_line() {
        atmosphere.error("Failed to cancel resource: {}", "ea49e31e", WRITE_RACING_THE_CLOSE);

        assertThat(logged.levels()).containsExactly("WARN");
        assertThat(logged.messages().get(0)).contains("A browser closed its page while an update was pushed to it", "TEXT_FULL_WRITING");
        assertThat(logged.events().get(0).getThrowableProxy()).isNull();
    }

    @Test
    void an_update_to_a_closed_websocket_and_the_gone_page_that_cannot_be_cancelled_are_warnings_too() {
        ((Logger) LoggerFactory.getLogger("com.vaadin.flow.server.communication.PushAtmosphereHandler")).error("Exception in push connection",
                new IllegalStateException("Message will not be sent because the WebSocket session has been closed"));
        atmosphere.error("Failed to cancel resource: {}", "e4a4ff6d", new NullPointerException(
                "Cannot invoke \"org.atmosphere.cpr.AtmosphereResource.getResponse()\" because \"resource\" is null"));

        assertThat(logged.levels()).containsExactly("WARN", "WARN");
    }

    @Test
    void other_errors_of_the_push_and_the_same_error_elsewhere_stay_errors() {
        atmosphere.error("Failed to cancel resource: {}", "ea49e31e", new IllegalStateException("Session closed"));
        atmosphere.error("Failed to cancel resource: {}", "ea49e31e", new NullPointerException("Cannot read the array length"));
        ((Logger) LoggerFactory.getLogger("io.lifeboat.replica.Anything")).error("Write failed", WRITE_RACING_THE_CLOSE);

        assertThat(logged.levels()).containsExactly("ERROR", "ERROR", "ERROR");
    }
}
