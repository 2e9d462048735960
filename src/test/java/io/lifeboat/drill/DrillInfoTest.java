package io.lifeboat.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DrillInfoTest {

    private static final Instant NOW = Instant.parse("2026-12-07T20:00:00Z");

    @Test
    void a_drill_ended_by_someone_names_them_and_the_task() {
        assertThat(drill("acme-admin", 42L).endedText("20:00")).isEqualTo("Ended by acme-admin at 20:00 (task #42)");
    }

    /** Every VM rolled back at its start: nobody ended it, and the page and the report said "Ended by null … (task #null)". */
    @Test
    void a_drill_that_ended_because_no_vm_started_says_so_instead_of_naming_null() {
        assertThat(drill(null, null).endedText("20:00")).isEqualTo(
                "Ended at 20:00 on its own: no VM of it was left running, each was rolled back at its start").doesNotContain("null");
    }

    private static DrillInfo drill(String endedBy, Long endTaskId) {
        return new DrillInfo(1, 1, "acme", DrillState.ENDED, 7, "acme-admin", NOW, NOW.plusSeconds(3600), endTaskId, endedBy, NOW,
                List.of(), null);
    }
}
