package io.lifeboat.replica.ui;

import static io.lifeboat.replica.ReplicaState.COMMITTING;
import static io.lifeboat.replica.ReplicaState.DRILL_ENDING;
import static io.lifeboat.replica.ReplicaState.DRILL_STARTING;
import static io.lifeboat.replica.ReplicaState.IN_DRILL;
import static io.lifeboat.replica.ReplicaState.ERROR;
import static io.lifeboat.replica.ReplicaState.FAILBACK_READY;
import static io.lifeboat.replica.ReplicaState.FAILBACK_STARTING;
import static io.lifeboat.replica.ReplicaState.FAILED_OVER;
import static io.lifeboat.replica.ReplicaState.FAILOVER_STARTING;
import static io.lifeboat.replica.ReplicaState.READY;
import static io.lifeboat.replica.ReplicaState.UNDOING;
import static io.lifeboat.replica.ReplicaState.UNDOING_FAILBACK;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.Component;
import io.lifeboat.failback.ui.CancelFailbackAction;
import io.lifeboat.failback.ui.CommitFailbackAction;
import io.lifeboat.failback.ui.FailbackAction;
import io.lifeboat.failback.ui.UndoFailbackAction;
import io.lifeboat.failover.ui.FailoverWizardLauncher;
import io.lifeboat.failover.ui.UndoFailoverAction;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ReplicaState;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The replica page's controls, without a browser: for every state (and, in Error, every failed operation) the bar
 * shows exactly the buttons written here, built from the real controls the rooms contribute. Creating a control calls
 * no service, so they get none.
 */
class ReplicaActionsBarTest {

    private static final List<ReplicaActionUi> CONTROLS = List.of(new FailoverWizardLauncher(null, null, null, null, null),
            new UndoFailoverAction(null), new FailbackAction(null), new CancelFailbackAction(null), new CommitFailbackAction(null),
            new UndoFailbackAction(null), new RetryAction(null), new io.lifeboat.drill.ui.DrillLauncher(null, null, null),
            new io.lifeboat.drill.ui.TestFailoverAction(null));

    static List<Arguments> matrix() {
        return List.of(
                Arguments.of(READY, null, List.of("failover-replica", "test-failover-replica")),
                Arguments.of(FAILOVER_STARTING, null, List.of()),
                Arguments.of(FAILED_OVER, null, List.of("failback", "undo-failover")),
                Arguments.of(UNDOING, null, List.of()),
                Arguments.of(FAILBACK_STARTING, null, List.of("cancel-failback")),
                Arguments.of(FAILBACK_READY, null, List.of("commit-failback", "undo-failback")),
                Arguments.of(COMMITTING, null, List.of()),
                Arguments.of(UNDOING_FAILBACK, null, List.of()),
                Arguments.of(ERROR, FAILOVER_STARTING, List.of("retry-cleanup")),
                Arguments.of(ERROR, UNDOING, List.of("retry-cleanup")),
                Arguments.of(ERROR, FAILBACK_STARTING, List.of("retry-failback", "undo-failback")),
                Arguments.of(ERROR, COMMITTING, List.of("retry-failback")),
                Arguments.of(ERROR, UNDOING_FAILBACK, List.of("retry-failback", "undo-failback")),
                Arguments.of(DRILL_STARTING, null, List.of()),
                Arguments.of(IN_DRILL, null, List.of("end-drill-replica")),
                Arguments.of(DRILL_ENDING, null, List.of()),
                Arguments.of(ERROR, DRILL_STARTING, List.of("retry-cleanup")),
                Arguments.of(ERROR, DRILL_ENDING, List.of("retry-cleanup")));
    }

    @ParameterizedTest(name = "{0} after {1} → {2}")
    @MethodSource("matrix")
    void an_operator_sees_exactly_the_actions_the_state_allows(ReplicaState state, ReplicaState failedOperation, List<String> buttons) {
        assertThat(buttonIds(new ReplicaActionsBar(replica(state, failedOperation), true, CONTROLS))).isEqualTo(buttons);
    }

    @ParameterizedTest(name = "{0} after {1}")
    @MethodSource("matrix")
    void a_viewer_sees_no_action(ReplicaState state, ReplicaState failedOperation, List<String> buttons) {
        assertThat(buttonIds(new ReplicaActionsBar(replica(state, failedOperation), false, CONTROLS))).isEmpty();
    }

    @Test
    void the_retry_says_what_it_retries() {
        assertThat(label(ERROR, COMMITTING)).isEqualTo("Retry commit");
        assertThat(label(ERROR, UNDOING_FAILBACK)).isEqualTo("Retry undo failback");
        assertThat(label(ERROR, FAILBACK_STARTING)).isEqualTo("Retry failback");
        assertThat(label(ERROR, FAILOVER_STARTING)).isEqualTo("Retry clean-up");
    }

    private static String label(ReplicaState state, ReplicaState failedOperation) {
        return ((com.vaadin.flow.component.button.Button) new ReplicaActionsBar(replica(state, failedOperation), true, CONTROLS)
                .getComponentAt(0)).getText();
    }

    private static List<String> buttonIds(ReplicaActionsBar bar) {
        return bar.getChildren().map(Component::getId).map(id -> id.orElse("(no id)")).toList();
    }

    private static ReplicaRow replica(ReplicaState state, ReplicaState failedOperation) {
        return new ReplicaRow(1, 1, "web-01", state, "192.168.60.10", "vlan3001", 3, null, 2, 2048, "POWERED_ON",
                state == ERROR ? "it failed" : null, null, null, "acme-admin", failedOperation, 7L, null, null, null, false);
    }
}
