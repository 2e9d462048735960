package io.lifeboat.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Ages read as a person says them, from seconds to days (a restore point of four nights ago is not "98 h 0 min ago"). */
class FormatsTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    @Test
    void an_age_is_given_in_the_largest_units_that_fit() {
        assertThat(ago(Duration.ofSeconds(40))).isEqualTo("40 s ago");
        assertThat(ago(Duration.ofMinutes(5))).isEqualTo("5 min ago");
        assertThat(ago(Duration.ofHours(10).plusMinutes(7))).isEqualTo("10 h 7 min ago");
        assertThat(ago(Duration.ofHours(34))).isEqualTo("1 day 10 h ago");
        assertThat(ago(Duration.ofHours(98))).isEqualTo("4 days 2 h ago");
    }

    @Test
    void no_time_has_no_age() {
        assertThat(Formats.since(null, NOW)).isEmpty();
    }

    private static String ago(Duration age) {
        return Formats.since(NOW.minus(age), NOW);
    }
}
