package io.lifeboat.drillschedule;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.util.Date;
import java.util.Locale;
import java.util.Optional;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * The run of a schedule that falls into the hour a clock change skips (clocks going forward, typically a Sunday night
 * at 02:00): that local time never happens, and Quartz, like the clock, skips the run without a word. The drills page
 * says so ahead of time.
 */
final class SkippedRuns {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE yyyy-MM-dd", Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private SkippedRuns() {
    }

    /** The first run between {@code from} and {@code ahead} later that the zone's clock skips, said for the page. */
    static Optional<String> first(String cron, ZoneId zone, Instant from, Duration ahead) {
        Instant until = from.plus(ahead);
        for (ZoneOffsetTransition change = zone.getRules().nextTransition(from); change != null && change.getInstant().isBefore(until);
             change = zone.getRules().nextTransition(change.getInstant())) {
            if (change.isGap()) {
                Optional<String> skipped = skippedAt(cron, zone, change);
                if (skipped.isPresent()) {
                    return skipped;
                }
            }
        }
        return Optional.empty();
    }

    /** Where the schedule would fire had the clock not moved: at a local time inside the gap, it does not fire. */
    private static Optional<String> skippedAt(String cron, ZoneId zone, ZoneOffsetTransition change) {
        CronExpression unmoved;
        try {
            unmoved = new CronExpression(cron);
        } catch (ParseException e) {
            return Optional.empty();   // refused when the schedule was saved; nothing to say here
        }
        unmoved.setTimeZone(TimeZone.getTimeZone(change.getOffsetBefore()));
        Date next = unmoved.getNextValidTimeAfter(Date.from(change.getInstant().minusMillis(1)));
        if (next == null || !next.toInstant().isBefore(change.getInstant().plus(change.getDuration()))) {
            return Optional.empty();
        }
        LocalDateTime run = LocalDateTime.ofInstant(next.toInstant(), change.getOffsetBefore());
        return Optional.of("The run at " + TIME.format(run) + " on " + DAY.format(run) + " is skipped: clocks in " + zone.getId() + " go forward from "
                + TIME.format(change.getDateTimeBefore()) + " to " + TIME.format(change.getDateTimeAfter()) + " that night.");
    }
}
