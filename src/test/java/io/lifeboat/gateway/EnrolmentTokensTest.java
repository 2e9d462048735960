package io.lifeboat.gateway;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void a_token_works_only_for_the_appliance_it_was_issued_for() {
        String token = tokens.issue("acme/lan/t", Duration.ofMinutes(5));

        assertThatThrownBy(() -> tokens.redeem(token, "globex/lan/t", "key-1"))
                .isInstanceOf(ControlRefusal.class).hasMessageContaining("another appliance");
        assertThatThrownBy(() -> tokens.redeem("guessed", "acme/lan/t", "key-1"))
                .isInstanceOf(ControlRefusal.class).hasMessageContaining("unknown enrolment token");
    }
}
