package io.lifeboat.drillschedule;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Who a scheduled run starts its drill as: written to started_by columns of 100 characters. */
class ScheduledRunStartedByTest {

    @Test
    void a_run_is_started_by_its_schedule_and_the_schedules_creator() {
        assertThat(DrillScheduleService.startedBy(7, "acme-admin")).isEqualTo("schedule #7 of acme-admin");
    }

    @Test
    void a_creator_with_a_long_user_name_still_fits_the_column() {
        String longName = ("firstname.lastname.department@" + "subsidiary.".repeat(7) + "example.com").substring(0, 100); // as long as a user name may be

        String by = DrillScheduleService.startedBy(123456, longName);

        assertThat(by).hasSize(DrillScheduleService.STARTED_BY_LENGTH).startsWith("schedule #123456 of firstname.lastname").endsWith("...");
    }
}
