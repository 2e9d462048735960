package io.lifeboat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.core.spi.FilterReply;
import io.lifeboat.shared.LogLineRewrite;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.springframework.stereotype.Component;

/**
 * A portal that stops while a Quartz job runs shuts the scheduler down without waiting for it (waiting would hold a stop
 * for as long as a failback's copy takes). When the job then ends, Quartz cannot record its end and its worker logs an
 * ERROR with a stack trace ("JobStore is shutdown - aborting retry"). Nothing is lost: the job's trigger is still
 * marked as fired in the database, so a replica operation (durable, requesting recovery) is resumed by the next start
 * or another node, and a periodic job runs at its next time. That becomes one line saying so.
 */
@Component
class JobOutlivingTheScheduler extends LogLineRewrite {

    private static final String QUARTZ_WORKERS = "org.quartz.simpl.SimpleThreadPool";
    private static final org.slf4j.Logger log = LoggerFactory.getLogger(JobOutlivingTheScheduler.class);

    JobOutlivingTheScheduler() {
        super("job-outliving-the-scheduler");
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable thrown) {
        if (level != Level.ERROR || !QUARTZ_WORKERS.equals(logger.getName()) || !isEndAfterShutdown(thrown)) {
            return FilterReply.NEUTRAL;
        }
        log.info("A job ended after the scheduler had stopped, so its end is not recorded: a replica operation is resumed"
                + " at the next start (or by another node), a periodic job runs at its next time.");
        return FilterReply.DENY;
    }

    private static boolean isEndAfterShutdown(Throwable thrown) {
        return thrown instanceof IllegalStateException && "JobStore is shutdown - aborting retry".equals(thrown.getMessage());
    }
}
