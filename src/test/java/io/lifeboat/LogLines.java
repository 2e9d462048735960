package io.lifeboat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * The log lines the test's own thread writes during each test, read from Logback itself: Spring Boot's output capture
 * reads the one System.out of the JVM, which the classes of the other lane write to at the same time.
 */
public final class LogLines implements BeforeEachCallback, AfterEachCallback {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private String testThread;

    @Override
    public void beforeEach(ExtensionContext context) {
        testThread = Thread.currentThread().getName();
        appender.list.clear();
        appender.start();
        root().addAppender(appender);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        root().detachAppender(appender);
        appender.stop();
    }

    public List<ILoggingEvent> events() {
        synchronized (appender) {   // Logback appends under the appender's lock
            return appender.list.stream().filter(event -> testThread.equals(event.getThreadName())).toList();
        }
    }

    /** Each line's level, in the order written. */
    public List<String> levels() {
        return events().stream().map(event -> String.valueOf(event.getLevel())).toList();
    }

    /** Each line's message with its arguments in place. */
    public List<String> messages() {
        return events().stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
