package io.lifeboat.gateway;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.MovableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EnrolmentTokensTest {

    private final EnrolmentTokens tokens = new EnrolmentTokens();

    @Test
    void a_retry_with_the_same_key_is_accepted_so_a_lost_answer_does_not_lock_the_appliance_out() throws Exception {
        String token = tokens.issue("acme/lan/t", Duration.ofMinutes(5));
        tokens.redeem(token, "acme/lan/t", "key-1");

        assertThatCode(() -> tokens.redeem(token, "acme/lan/t", "key-1")).doesNotThrowAnyException();
        assertThatThrownBy(() -> tokens.redeem(token, "acme/lan/t", "key-2"))
                .isInstanceOf(ControlRefusal.class).hasMessageContaining("already used at");
    }

    /** A removed or replaced host (or a copy of its disk) keeps the token and its key: past the lost-answer window, both are spent. */
    @Test
    void the_same_key_is_accepted_again_only_shortly_after_the_token_was_used() throws Exception {
        MovableClock clock = new MovableClock();
        EnrolmentTokens timed = new EnrolmentTokens(clock);
        String token = timed.issue("gateway-host/gw-1", Duration.ofHours(24));
        timed.redeem(token, "gateway-host/gw-1", "key-1");
        clock.advance(Duration.ofMinutes(2));
        assertThatCode(() -> timed.redeem(token, "gateway-host/gw-1", "key-1")).as("its answer was lost").doesNotThrowAnyException();
        clock.advance(Duration.ofHours(1));
        assertThatThrownBy(() -> timed.redeem(token, "gateway-host/gw-1", "key-1"))
                .isInstanceOf(ControlRefusal.class).hasMessageContaining("already used at");
    }

    @Test
    void a_token_works_only_for_the_appliance_it_was_issued_for() {
        String token = tokens.issue("acme/lan/t", Duration.ofMinutes(5));

        assertThatThrownBy(() -> tokens.redeem(token, "globex/lan/t", "key-1"))
                .isInstanceOf(ControlRefusal.class).hasMessageContaining("another appliance");
        assertThatThrownBy(() -> tokens.redeem("guessed", "acme/lan/t", "key-1"))
                .isInstanceOf(ControlRefusal.class).hasMessageContaining("unknown enrolment token");
    }
}
