package io.lifeboat.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofSeconds(60));

    @Test
    void doubles_from_the_initial_delay_up_to_the_cap() {
        assertThat(IntStream.rangeClosed(1, 10).mapToObj(backoff::delayAfter).map(Duration::toMillis))
                .containsExactly(200L, 400L, 800L, 1600L, 3200L, 6400L, 12800L, 25600L, 30000L, 30000L);
    }

    @Test
    void never_overflows_after_very_many_failures() {
        assertThat(backoff.delayAfter(10_000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void a_stable_run_resets_the_schedule_a_short_one_does_not() {
        assertThat(backoff.failuresAfterRun(7, Duration.ofMinutes(5))).isEqualTo(1);
        assertThat(backoff.failuresAfterRun(7, Duration.ofSeconds(2))).isEqualTo(8);
    }
}
