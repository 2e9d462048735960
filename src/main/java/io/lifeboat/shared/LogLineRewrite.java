package io.lifeboat.shared;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import org.slf4j.LoggerFactory;

/**
 * A filter that turns a library's misleading log line (an ERROR with a stack trace for something harmless) into one line
 * of ours. It installs itself in Logback once per name, however often it is created (each Spring context of a test run
 * creates it anew).
 */
public abstract class LogLineRewrite extends TurboFilter {

    protected LogLineRewrite(String name) {
        setName(name);
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logging
                && logging.getTurboFilterList().stream().noneMatch(filter -> name.equals(filter.getName()))) {
            logging.addTurboFilter(this);
            start();
        }
    }
}
