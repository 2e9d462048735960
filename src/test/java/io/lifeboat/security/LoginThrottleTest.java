package io.lifeboat.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import io.lifeboat.MovableClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The throttle's arithmetic on a clock the test moves: growing waits, caps, what counts and what clears. */
class LoginThrottleTest {

    private final MovableClock clock = new MovableClock();
    private final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void the_first_failures_are_free_then_each_doubles_the_accounts_wait_up_to_a_one_minute_lock() {
        List<Long> waits = new ArrayList<>();
        for (int failure = 1; failure <= 12; failure++) {
            throttle.failed("Alice", "10.0.0." + failure); // a new address each time: only the account counts
            waits.add(throttle.waitBefore("alice", "10.0.1.1").map(Duration::toSeconds).orElse(0L));
            clock.advance(throttle.waitBefore("alice", "10.0.1.1").orElse(Duration.ZERO));
        }
        assertThat(waits).containsExactly(0L, 0L, 0L, 1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
    }

    @Test
    void an_address_gets_ten_free_failures_then_waits_up_to_fifteen_minutes() {
        for (int failure = 1; failure <= 10; failure++) {
            throttle.failed("user-" + failure, "203.0.113.9");
        }
        assertThat(throttle.waitBefore("someone-else", "203.0.113.9")).isEmpty();
        throttle.failed("user-11", "203.0.113.9");
        assertThat(throttle.waitBefore("someone-else", "203.0.113.9")).hasValue(Duration.ofSeconds(1));
        for (int failure = 12; failure <= 40; failure++) {
            throttle.failed("user-" + failure, "203.0.113.9");
        }
        assertThat(throttle.waitBefore("someone-else", "203.0.113.9")).hasValue(Duration.ofMinutes(15));
        assertThat(throttle.waitBefore("someone-else", "198.51.100.1")).isEmpty();
    }

    @Test
    void a_success_clears_the_account_but_not_the_address() {
        for (int failure = 1; failure <= 11; failure++) {
            throttle.failed("bob", "192.0.2.7");
        }
        clock.advance(Duration.ofMinutes(1));
        throttle.succeeded("bob", "192.0.2.7");
        assertThat(throttle.waitBefore("bob", "192.0.2.8")).isEmpty();
        throttle.failed("dave", "192.0.2.7");
        assertThat(throttle.waitBefore("erin", "192.0.2.7")).as("the address's 12th failure").hasValue(Duration.ofSeconds(2));
    }

    @Test
    void failures_are_forgotten_a_quarter_of_an_hour_after_the_lock_ends() {
        for (int failure = 1; failure <= 5; failure++) {
            throttle.failed("carol", "192.0.2.9");
        }
        clock.advance(Duration.ofMinutes(17));
        throttle.failed("carol", "192.0.2.10");
        assertThat(throttle.waitBefore("carol", "192.0.2.11")).as("counting starts again").isEmpty();
    }

    @Test
    void names_in_log_lines_cannot_forge_lines_or_grow_without_bound() {
        assertThat(LoginThrottle.printable("evil\nINFO Login of provider")).doesNotContain("\n");
        assertThat(LoginThrottle.printable("x".repeat(10_000))).hasSizeLessThan(70);
    }
}
