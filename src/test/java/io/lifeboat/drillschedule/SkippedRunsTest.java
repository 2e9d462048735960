package io.lifeboat.drillschedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Which run of a schedule the night the clocks go forward skips, said before it happens (Quartz skips it silently). */
class SkippedRunsTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Instant MARCH_2027 = Instant.parse("2027-03-01T00:00:00Z");
    private static final Duration A_YEAR = Duration.ofDays(366);

    @Test
    void sundays_at_half_past_two_skip_the_night_clocks_go_forward() {
        assertThat(SkippedRuns.first("0 30 2 ? * SUN", BERLIN, MARCH_2027, A_YEAR)).hasValue(
                "The run at 02:30 on Sunday 2027-03-28 is skipped: clocks in Europe/Berlin go forward from 02:00 to 03:00 that night.");
        assertThat(SkippedRuns.first("0 0 2 * * ?", BERLIN, MARCH_2027, A_YEAR)).hasValueSatisfying(note -> assertThat(note)
                .startsWith("The run at 02:00 on Sunday 2027-03-28 is skipped"));
    }

    @Test
    void runs_outside_the_skipped_hour_or_in_a_zone_without_clock_changes_are_all_kept() {
        assertThat(SkippedRuns.first("0 0 3 ? * SUN", BERLIN, MARCH_2027, A_YEAR)).as("03:00 exists that night").isEmpty();
        assertThat(SkippedRuns.first("0 30 2 ? * SAT", BERLIN, MARCH_2027, A_YEAR)).as("Saturday nights keep their clock").isEmpty();
        assertThat(SkippedRuns.first("0 30 2 ? * SUN", ZoneId.of("UTC"), MARCH_2027, A_YEAR)).isEmpty();
        assertThat(SkippedRuns.first("0 30 1 ? * SUN", BERLIN, MARCH_2027, A_YEAR)).as("01:30 exists every night").isEmpty();
    }
}
