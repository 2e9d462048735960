package io.lifeboat.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The lab's restore points are named after nightly replications that have happened, never one still to come, and were taken then. */
class LabSeederTest {

    @Test
    void the_newest_restore_point_is_the_last_02_00_that_has_passed() {
        assertThat(namesAt("2026-12-05T00:40:00Z")).containsExactly("Restore point 2026-12-03 02:00", "Restore point 2026-12-04 02:00");
        assertThat(namesAt("2026-12-05T02:00:00Z")).containsExactly("Restore point 2026-12-04 02:00", "Restore point 2026-12-05 02:00");
        assertThat(namesAt("2026-12-05T23:59:00Z")).endsWith("Restore point 2026-12-05 02:00");
    }

    @Test
    void a_restore_point_is_taken_at_the_time_it_is_named_after_in_the_labs_zone() {
        Clock berlin = Clock.fixed(Instant.parse("2026-12-05T12:00:00Z"), java.time.ZoneId.of("Europe/Berlin"));
        assertThat(new LabSeeder(null, berlin, 1).restorePoints(2)).containsExactly(
                new LabSeeder.SeededRestorePoint("Restore point 2026-12-04 02:00", Instant.parse("2026-12-04T01:00:00Z")),
                new LabSeeder.SeededRestorePoint("Restore point 2026-12-05 02:00", Instant.parse("2026-12-05T01:00:00Z")));
    }

    private static java.util.List<String> namesAt(String instant) {
        return new LabSeeder(null, Clock.fixed(Instant.parse(instant), ZoneOffset.UTC), 1).restorePoints(2).stream().map(LabSeeder.SeededRestorePoint::name).toList();
    }
}
