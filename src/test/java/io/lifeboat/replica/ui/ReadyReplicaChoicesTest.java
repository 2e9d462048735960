package io.lifeboat.replica.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.inventory.RestorePointInfo;
import io.lifeboat.ui.Formats;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** How the wizards name a restore point in their select: by its name and its age, with its time unless the name says it. */
class ReadyReplicaChoicesTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    @Test
    void a_restore_point_named_after_its_time_is_not_given_the_time_twice() {
        Instant taken = NOW.minus(10, ChronoUnit.HOURS);
        String named = "Restore point " + Formats.time(taken).substring(0, 16);
        assertThat(ReadyReplicaChoices.label(point(named, taken), NOW)).isEqualTo(named + " · 10 h 0 min ago");
    }

    @Test
    void any_other_restore_point_shows_its_time_and_age() {
        Instant taken = NOW.minus(5, ChronoUnit.MINUTES);
        assertThat(ReadyReplicaChoices.label(point("Before patching", taken), NOW))
                .isEqualTo("Before patching · " + Formats.time(taken) + ", 5 min ago");
        Instant yesterday = NOW.minus(1, ChronoUnit.DAYS);   // a name after another day's time is no substitute for its own
        String otherDay = "Restore point " + Formats.time(NOW).substring(0, 16);
        assertThat(ReadyReplicaChoices.label(point(otherDay, yesterday), NOW)).contains(Formats.time(yesterday));
    }

    private static RestorePointInfo point(String name, Instant createdAt) {
        return new RestorePointInfo(1, 1, "snapshot-1", name, "", createdAt);
    }
}
