package io.lifeboat.ui;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How times, durations, sizes and rates read wherever a user sees them: pages, task logs, refusals (server time zone,
 * binary units for sizes, decimal megabytes for rates as transfer tools print them). The one place that formats them.
 */
public final class Formats {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());
    private static final long KIB = 1024;
    private static final long MIB = KIB * 1024;
    private static final long GIB = MIB * 1024;

    private Formats() {
    }

    public static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    /** {@link #time} to the minute, as names of restore points often carry it. */
    public static String minute(Instant instant) {
        return instant == null ? "" : MINUTE.format(instant);
    }

    public static String since(Instant instant, Instant now) {
        if (instant == null) {
            return "";
        }
        Duration age = Duration.between(instant, now);
        if (age.toMinutes() < 1) {
            return age.toSeconds() + " s ago";
        }
        if (age.toHours() < 1) {
            return age.toMinutes() + " min ago";
        }
        if (age.toDays() < 1) {
            return age.toHours() + " h " + age.toMinutesPart() + " min ago";
        }
        return age.toDays() + (age.toDays() == 1 ? " day " : " days ") + age.toHoursPart() + " h ago";   // not "98 h 0 min"
    }

    /** A VM's memory: whole GiB as such, else MiB. */
    public static String memory(int megabytes) {
        return megabytes % 1024 == 0 ? megabytes / 1024 + " GiB" : megabytes + " MiB";
    }

    /** A size in bytes, one decimal in the largest fitting binary unit ({@code 512 B}, {@code 6.0 MiB}). */
    public static String bytes(long bytes) {
        if (bytes >= GIB) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) GIB);
        }
        if (bytes >= MIB) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) MIB);
        }
        if (bytes >= KIB) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / (double) KIB);
        }
        return bytes + " B";
    }

    /** A transfer rate, in decimal MB/s. */
    public static String rate(long bytesPerSecond) {
        return String.format(Locale.ROOT, "%.0f MB/s", bytesPerSecond / 1e6);
    }

    /** A duration in seconds with one decimal ({@code 2.4 s}). */
    public static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toNanos() / 1e9);
    }

    /** Milliseconds with two decimals ({@code 0.42 ms}), for round-trip times. */
    public static String millis(double millis) {
        return String.format(Locale.ROOT, "%.2f ms", millis);
    }
}
