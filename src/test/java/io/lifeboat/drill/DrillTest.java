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

    /** What decides whether the drill's start is announced: a VM up in the bubble, not one rolled back after its power-on. */
    @Test
    void a_vm_powered_on_in_the_bubble_was_started_unless_its_start_then_failed() {
        DrillVm notYet = vm();
        assertThat(notYet.wasStarted()).isFalse();

        DrillVm running = vm();
        running.poweredOn(START.plusSeconds(30));
        assertThat(running.wasStarted()).isTrue();
        running.cleanedUp(START.plusSeconds(600));
        assertThat(running.wasStarted()).as("ended later: it was started all the same").isTrue();

        DrillVm rolledBack = vm();
        rolledBack.poweredOn(START.plusSeconds(30));
        rolledBack.startFailed("Test failover failed while marking it started: the test says so");
        rolledBack.cleanedUp(START.plusSeconds(40));
        assertThat(rolledBack.wasStarted()).isFalse();

        DrillVm neverOn = vm();
        neverOn.startFailed("Test failover failed while reverting to restore point \"nightly\": gone");
        neverOn.cleanedUp(START.plusSeconds(40));
        assertThat(neverOn.wasStarted()).isFalse();
    }

    private static DrillVm vm() {
        return new DrillVm(1, 20, "web-01", "192.168.60.10", 30, "nightly", START.minus(Duration.ofHours(3)), "tenant.acme.drill2001");
    }
}
