package io.lifeboat.ui;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How times and sizes read in the portal (server time zone). */
public final class Formats {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private Formats() {
    }

    public static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
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
        return age.toHours() + " h " + age.toMinutesPart() + " min ago";
    }

    public static String memory(int megabytes) {
        return megabytes % 1024 == 0 ? megabytes / 1024 + " GiB" : megabytes + " MiB";
    }
}
