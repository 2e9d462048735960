package io.lifeboat.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StreamClaimsTest {

    private static final String ID = "gateway:gw-1";
    private static final Instant T0 = Instant.parse("2026-12-05T12:00:00Z");

    private final StreamClaims claims = new StreamClaims(Duration.ofMinutes(2));

    @Test
    void a_clash_is_new_at_its_first_refusal_only_and_keeps_when_it_began() {
        StreamClaims.Clash first = claims.refused(ID, "10.0.0.1", "10.0.0.2", T0);
        StreamClaims.Clash again = claims.refused(ID, "10.0.0.1", "10.0.0.2", T0.plusSeconds(5));

        assertThat(first.isNew()).isTrue();
        assertThat(again.isNew()).as("the provider is told once").isFalse();
        assertThat(again.since()).isEqualTo(T0);
        assertThat(claims.clashes(T0.plusSeconds(6))).containsExactly(again);
    }

    @Test
    void a_clash_ends_when_a_process_gets_the_stream_or_the_copy_stops_dialling() {
        claims.refused(ID, "10.0.0.1", "10.0.0.2", T0);
        claims.refused("acme/lan/t", "10.0.0.1", "10.0.0.2", T0);

        claims.admitted(ID);

        assertThat(claims.clashes(T0.plusSeconds(119))).extracting(StreamClaims.Clash::id).containsExactly("acme/lan/t");
        assertThat(claims.clashes(T0.plusSeconds(120))).as("no dial for two minutes").isEmpty();
        assertThat(claims.refused(ID, "10.0.0.1", "10.0.0.2", T0.plusSeconds(200)).isNew()).isTrue();
    }

    @Test
    void only_the_process_that_lost_its_stream_for_silence_is_back_once_within_the_memory() {
        claims.replacedForSilence(ID, "the-original", T0);

        assertThat(claims.backAfterSilence(ID, "the-copy", T0.plusSeconds(5))).as("another process").isFalse();
        assertThat(claims.backAfterSilence("gateway:gw-2", "the-original", T0.plusSeconds(5))).as("another identity").isFalse();
        assertThat(claims.backAfterSilence(ID, "the-original", T0.plusSeconds(5))).isTrue();
        assertThat(claims.backAfterSilence(ID, "the-original", T0.plusSeconds(6))).as("said once").isFalse();

        claims.replacedForSilence(ID, "the-original", T0);
        assertThat(claims.backAfterSilence(ID, "the-original", T0.plusSeconds(120))).as("two minutes on: a restarted process's").isFalse();
    }
}
