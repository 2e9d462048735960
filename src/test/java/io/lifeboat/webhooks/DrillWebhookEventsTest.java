package io.lifeboat.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.drill.DrillChanged;
import io.lifeboat.drill.DrillState;
import org.junit.jupiter.api.Test;

/**
 * Which drill changes a webhook announces. {@code drill.started} went out whenever a drill was marked running, also when
 * every VM had rolled back (the drill then ends at once) or its start broke off before any VM ran.
 */
class DrillWebhookEventsTest {

    private static final long DRILL = 7;
    private static final Long TENANT = 1L;
    private static final String HASH = "a".repeat(64);

    @Test
    void a_drill_marked_running_with_a_vm_up_in_the_bubble_announces_its_start() {
        assertThat(WebhookEvent.of(new DrillChanged(DRILL, TENANT, DrillState.RUNNING, null, true))).contains(WebhookEvent.DRILL_STARTED);
    }

    @Test
    void a_drill_marked_running_though_no_vm_of_it_started_announces_nothing() {
        assertThat(WebhookEvent.of(new DrillChanged(DRILL, TENANT, DrillState.RUNNING, null, false))).isEmpty();
    }

    @Test
    void a_drill_announces_its_end_once_its_report_is_sealed_whether_or_not_a_vm_started() {
        assertThat(WebhookEvent.of(new DrillChanged(DRILL, TENANT, DrillState.ENDED, HASH, false))).contains(WebhookEvent.DRILL_ENDED);
        assertThat(WebhookEvent.of(new DrillChanged(DRILL, TENANT, DrillState.ENDED, HASH, true))).contains(WebhookEvent.DRILL_ENDED);
        assertThat(WebhookEvent.of(new DrillChanged(DRILL, TENANT, DrillState.ENDED, null, true))).as("not sealed yet").isEmpty();
    }
}
