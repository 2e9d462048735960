package io.lifeboat.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.gateway.StreamClaims.Holder;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StreamClaimsTest {

    private static final String ID = "gateway:gw-1";
    private static final Holder FIRST = new Holder("first", "10.0.0.1");
    private static final Holder COPY = new Holder("copy", "10.0.0.2");
    private static final Instant T0 = Instant.parse("2026-12-05T12:00:00Z");

    private final StreamClaims claims = new StreamClaims(Duration.ofMinutes(2));

    @Test
    void a_restarted_process_replaces_the_stream_it_held_and_the_old_one_never_counts_as_a_copy() {
        assertThat(claims.refusal(ID, FIRST, null, T0)).isEmpty();
        Holder restarted = new Holder("restarted", "10.0.0.1");

        assertThat(claims.refusal(ID, restarted, FIRST, T0.plusSeconds(1))).isEmpty();
        assertThat(claims.refusal(ID, restarted, restarted, T0.plusSeconds(2))).as("the same process dialling again").isEmpty();
        assertThat(claims.clashes(T0.plusSeconds(3))).isEmpty();
    }

    @Test
    void a_process_replaced_by_another_that_still_holds_the_stream_is_refused_as_a_copy() {
        claims.refusal(ID, FIRST, null, T0);
        claims.refusal(ID, COPY, FIRST, T0.plusSeconds(1));

        var clash = claims.refusal(ID, FIRST, COPY, T0.plusSeconds(2)).orElseThrow();
        var again = claims.refusal(ID, FIRST, COPY, T0.plusSeconds(100)).orElseThrow();

        assertThat(clash.isNew()).isTrue();
        assertThat(again.isNew()).as("the provider is told once").isFalse();
        assertThat(again.since()).isEqualTo(T0.plusSeconds(2));
        assertThat(claims.clashes(T0.plusSeconds(101))).containsExactly(again);
        assertThat(again.heldFrom()).isEqualTo("10.0.0.2");
        assertThat(again.refusedFrom()).isEqualTo("10.0.0.1");
    }

    @Test
    void the_refused_copy_gets_in_once_the_holder_is_gone_and_a_silent_copy_is_forgotten() {
        claims.refusal(ID, FIRST, null, T0);
        claims.refusal(ID, COPY, FIRST, T0.plusSeconds(1));
        claims.refusal(ID, FIRST, COPY, T0.plusSeconds(2));

        assertThat(claims.clashes(T0.plusSeconds(2 + 119))).hasSize(1);
        assertThat(claims.clashes(T0.plusSeconds(2 + 120))).as("it stopped dialling two minutes ago").isEmpty();
        assertThat(claims.refusal(ID, FIRST, null, T0.plusSeconds(200))).as("nobody holds the stream").isEmpty();
    }

    @Test
    void a_replaced_process_dialling_back_after_the_memory_is_let_in() {
        claims.refusal(ID, FIRST, null, T0);
        claims.refusal(ID, COPY, FIRST, T0.plusSeconds(1));

        assertThat(claims.refusal(ID, FIRST, COPY, T0.plusSeconds(1 + 120))).isEmpty();
    }

    @Test
    void links_that_send_no_instance_replace_each_other_as_before() {
        Holder older = new Holder(null, "10.0.0.1");
        Holder olderCopy = new Holder(null, "10.0.0.2");
        claims.refusal(ID, older, null, T0);

        assertThat(claims.refusal(ID, olderCopy, older, T0.plusSeconds(1))).isEmpty();
        assertThat(claims.refusal(ID, older, olderCopy, T0.plusSeconds(2))).isEmpty();
    }
}
