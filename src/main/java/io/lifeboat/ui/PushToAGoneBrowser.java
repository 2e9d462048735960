package io.lifeboat.ui;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.core.spi.FilterReply;
import io.lifeboat.shared.LogLineRewrite;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.springframework.stereotype.Component;

/**
 * A browser that closes a page while the server pushes it an update makes Atmosphere log an error with a stack trace:
 * its close handler writes to the websocket while the update is still being written ("TEXT_FULL_WRITING"), a known race
 * of Atmosphere on Tomcat (vaadin/flow#18835). The same race also shows as an update written to a websocket already
 * closed, and as Atmosphere failing to cancel the gone page's resource with a NullPointerException. Nothing failed and
 * nobody is left to tell: each becomes one warning line, so an operator's ERROR lines stay ours.
 */
@Component
class PushToAGoneBrowser extends LogLineRewrite {

    private static final org.slf4j.Logger log = LoggerFactory.getLogger(PushToAGoneBrowser.class);

    PushToAGoneBrowser() {
        super("push-to-a-gone-browser");
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable thrown) {
        Throwable error = thrown != null ? thrown : lastThrowable(params);
        if (level != Level.ERROR || !isPushLogger(logger.getName()) || !isWriteRacingTheClose(error)) {
            return FilterReply.NEUTRAL;
        }
        log.warn("A browser closed its page while an update was pushed to it ({}): {}", format, error.getMessage());
        return FilterReply.DENY;
    }

    /** SLF4J passes a throwable after the arguments among them ({@code error("… {}", id, e)}), as Atmosphere logs it. */
    private static Throwable lastThrowable(Object[] params) {
        return params != null && params.length > 0 && params[params.length - 1] instanceof Throwable last ? last : null;
    }

    private static boolean isPushLogger(String name) {
        return name.startsWith("org.atmosphere.") || name.equals("com.vaadin.flow.server.communication.PushAtmosphereHandler");
    }

    private static boolean isWriteRacingTheClose(Throwable thrown) {
        String message = thrown == null ? "" : String.valueOf(thrown.getMessage());
        if (thrown instanceof IllegalStateException) {
            return message.contains("[TEXT_FULL_WRITING]") || message.contains("WebSocket session has been closed");
        }
        return thrown instanceof NullPointerException && message.contains("AtmosphereResource") && message.contains("\"resource\" is null");
    }
}
