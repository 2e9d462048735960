package io.lifeboat.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A drill's own states, without a database. */
class DrillTest {

    private static final Instant START = Instant.parse("2026-03-02T08:00:00Z");

    /** A VM retried after the drill ended ends it again: its end time is in the sealed report and must not move. */
    @Test
    void a_drill_ended_and_sealed_keeps_its_end_time_and_seal_when_it_is_ended_again() {
        Drill drill = new Drill(1, 10, "acme-admin", START, START.plus(Duration.ofHours(1)), null);
        drill.started();
        drill.ending(11, "acme-admin");
        Instant end = START.plus(Duration.ofMinutes(20));
        drill.ended(end);
        drill.seal("a".repeat(64));

        drill.ended(end.plus(Duration.ofMinutes(5)));

        assertThat(drill.getState()).isEqualTo(DrillState.ENDED);
        assertThat(drill.getEndedAt()).isEqualTo(end);
        assertThat(drill.getReportSha256()).isEqualTo("a".repeat(64));
    }
}
