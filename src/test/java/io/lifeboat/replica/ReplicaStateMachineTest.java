package io.lifeboat.replica;

import static io.lifeboat.replica.ReplicaEvent.*;
import static io.lifeboat.replica.ReplicaState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReplicaStateMachineTest {

    @Test
    void a_ready_replica_fails_over_and_undo_brings_it_back_to_ready() {
        ReplicaState state = ReplicaStateMachine.next(READY, REQUEST_FAILOVER, null);
        assertThat(state).isEqualTo(FAILOVER_STARTING);
        state = ReplicaStateMachine.next(state, FAILOVER_DONE, null);
        assertThat(state).isEqualTo(FAILED_OVER);
        state = ReplicaStateMachine.next(state, REQUEST_UNDO, null);
        assertThat(state).isEqualTo(UNDOING);
        assertThat(ReplicaStateMachine.next(state, UNDO_DONE, null)).isEqualTo(READY);
    }

    @Test
    void failover_of_a_vm_already_failed_over_is_refused() {
        assertThatThrownBy(() -> ReplicaStateMachine.next(FAILED_OVER, REQUEST_FAILOVER, null))
                .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("already failed over");
        assertThatThrownBy(() -> ReplicaStateMachine.next(FAILOVER_STARTING, REQUEST_FAILOVER, null))
                .isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void a_replica_in_a_drill_can_be_neither_failed_over_nor_failed_back_and_ending_the_drill_makes_it_ready() {
        ReplicaState state = ReplicaStateMachine.next(READY, REQUEST_DRILL, null);
        assertThat(state).isEqualTo(DRILL_STARTING);
        state = ReplicaStateMachine.next(state, DRILL_STARTED, null);
        assertThat(state).isEqualTo(IN_DRILL);
        assertThat(state.usesProviderResources()).as("the quota counts it").isTrue();
        for (ReplicaEvent refused : List.of(REQUEST_FAILOVER, REQUEST_FAILBACK, REQUEST_UNDO, REQUEST_DRILL)) {
            assertThat(ReplicaStateMachine.allows(IN_DRILL, refused)).as(refused.name()).isFalse();
        }
        assertThatThrownBy(() -> ReplicaStateMachine.next(IN_DRILL, REQUEST_FAILOVER, null))
                .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("In test failover");
        assertThat(ReplicaStateMachine.actions(IN_DRILL, null)).containsExactly(ReplicaAction.END_DRILL);
        state = ReplicaStateMachine.next(state, REQUEST_END_DRILL, null);
        assertThat(state).isEqualTo(DRILL_ENDING);
        assertThat(ReplicaStateMachine.next(state, DRILL_ENDED, null)).isEqualTo(READY);
        assertThat(ReplicaStateMachine.next(DRILL_STARTING, DRILL_ROLLED_BACK, null)).isEqualTo(READY);
    }

    @Test
    void retry_after_a_failed_drill_step_ends_the_drill() {
        assertThat(ReplicaStateMachine.next(ERROR, RETRY, DRILL_STARTING)).isEqualTo(DRILL_ENDING);
        assertThat(ReplicaStateMachine.next(ERROR, RETRY, DRILL_ENDING)).isEqualTo(DRILL_ENDING);
    }

    @Test
    void retry_of_a_failover_that_had_started_its_replica_resumes_it_and_undo_stays_offered() {
        assertThat(ReplicaStateMachine.next(ERROR, RETRY, FAILOVER_STARTING, true)).isEqualTo(FAILOVER_STARTING);
        assertThat(ReplicaStateMachine.next(ERROR, RETRY, FAILOVER_STARTING, false)).isEqualTo(UNDOING);
        assertThat(ReplicaStateMachine.next(ERROR, RETRY, UNDOING, true)).as("a failed undo is only cleaned up").isEqualTo(UNDOING);
        assertThat(ReplicaStateMachine.next(ERROR, REQUEST_UNDO, FAILOVER_STARTING, true)).isEqualTo(UNDOING);
        assertThat(ReplicaStateMachine.actions(ERROR, FAILOVER_STARTING, false, true)).containsExactly(ReplicaAction.RETRY, ReplicaAction.UNDO_FAILOVER);
        assertThat(ReplicaStateMachine.actions(ERROR, FAILOVER_STARTING, false, false)).containsExactly(ReplicaAction.RETRY);
    }

    @Test
    void undo_of_a_ready_vm_is_refused() {
        assertThatThrownBy(() -> ReplicaStateMachine.next(READY, REQUEST_UNDO, null))
                .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("Only a failed-over replica");
    }

    @Test
    void a_failed_failover_that_was_rolled_back_is_ready_again() {
        assertThat(ReplicaStateMachine.next(FAILOVER_STARTING, FAILOVER_ROLLED_BACK, null)).isEqualTo(READY);
    }

    @ParameterizedTest
    @EnumSource(value = ReplicaState.class, names = {"FAILOVER_STARTING", "UNDOING", "FAILBACK_STARTING", "COMMITTING", "UNDOING_FAILBACK"})
    void every_working_state_can_fail_into_error(ReplicaState working) {
        assertThat(ReplicaStateMachine.next(working, STEP_FAILED, null)).isEqualTo(ERROR);
    }

    @ParameterizedTest
    @EnumSource(value = ReplicaState.class, names = {"READY", "FAILED_OVER", "FAILBACK_READY", "ERROR"})
    void a_resting_state_cannot_fail_a_step(ReplicaState resting) {
        assertThatThrownBy(() -> ReplicaStateMachine.next(resting, STEP_FAILED, null)).isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void retry_after_a_failed_failover_or_undo_is_a_clean_up() {
        assertThat(ReplicaStateMachine.next(ERROR, RETRY, FAILOVER_STARTING)).isEqualTo(UNDOING);
        assertThat(ReplicaStateMachine.next(ERROR, RETRY, UNDOING)).isEqualTo(UNDOING);
    }

    @Test
    void a_replica_in_error_is_undone_as_a_failover_only_when_a_failover_or_an_undo_failed() {
        assertThat(ReplicaStateMachine.next(ERROR, REQUEST_UNDO, FAILOVER_STARTING)).isEqualTo(UNDOING);
        assertThat(ReplicaStateMachine.next(ERROR, REQUEST_UNDO, UNDOING)).isEqualTo(UNDOING);
        for (ReplicaState failed : List.of(DRILL_STARTING, DRILL_ENDING, FAILBACK_STARTING, COMMITTING, UNDOING_FAILBACK)) {
            assertThat(ReplicaStateMachine.allows(ERROR, REQUEST_UNDO, failed)).as(failed.name()).isFalse();
            assertThatThrownBy(() -> ReplicaStateMachine.next(ERROR, REQUEST_UNDO, failed)).as(failed.name())
                    .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("Retry");
        }
    }

    @Test
    void retry_after_a_failed_failback_resumes_the_failback() {
        assertThat(ReplicaStateMachine.next(ERROR, RETRY, FAILBACK_STARTING)).isEqualTo(FAILBACK_STARTING);
    }

    @Test
    void failback_runs_to_commit_or_is_undone_back_to_failed_over() {
        assertThat(ReplicaStateMachine.next(FAILED_OVER, REQUEST_FAILBACK, null)).isEqualTo(FAILBACK_STARTING);
        assertThat(ReplicaStateMachine.next(FAILBACK_STARTING, FAILBACK_DONE, null)).isEqualTo(FAILBACK_READY);
        assertThat(ReplicaStateMachine.next(FAILBACK_READY, REQUEST_COMMIT, null)).isEqualTo(COMMITTING);
        assertThat(ReplicaStateMachine.next(COMMITTING, COMMIT_DONE, null)).isEqualTo(READY);
        assertThat(ReplicaStateMachine.next(FAILBACK_READY, REQUEST_UNDO_FAILBACK, null)).isEqualTo(UNDOING_FAILBACK);
        assertThat(ReplicaStateMachine.next(UNDOING_FAILBACK, UNDO_FAILBACK_DONE, null)).isEqualTo(FAILED_OVER);
    }

    @Test
    void a_cancelled_failback_is_failed_over_again() {
        assertThat(ReplicaStateMachine.next(FAILBACK_STARTING, FAILBACK_CANCELLED, null)).isEqualTo(FAILED_OVER);
        assertThatThrownBy(() -> ReplicaStateMachine.next(FAILBACK_READY, FAILBACK_CANCELLED, null)).isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void a_failed_failback_can_be_undone_but_a_failed_commit_only_retried() {
        assertThat(ReplicaStateMachine.next(ERROR, REQUEST_UNDO_FAILBACK, FAILBACK_STARTING)).isEqualTo(UNDOING_FAILBACK);
        assertThat(ReplicaStateMachine.next(ERROR, REQUEST_UNDO_FAILBACK, UNDOING_FAILBACK)).isEqualTo(UNDOING_FAILBACK);
        assertThat(ReplicaStateMachine.allows(ERROR, REQUEST_UNDO_FAILBACK, COMMITTING)).isFalse();
        assertThatThrownBy(() -> ReplicaStateMachine.next(ERROR, REQUEST_UNDO_FAILBACK, COMMITTING)).isInstanceOf(IllegalTransitionException.class);
        assertThat(ReplicaStateMachine.next(ERROR, RETRY, COMMITTING)).isEqualTo(COMMITTING);
    }

    @Test
    void allows_agrees_with_next() {
        for (ReplicaState state : ReplicaState.values()) {
            for (ReplicaEvent event : ReplicaEvent.values()) {
                boolean allowed = ReplicaStateMachine.allows(state, event, FAILOVER_STARTING);
                try {
                    ReplicaStateMachine.next(state, event, FAILOVER_STARTING);
                    assertThat(allowed).as(state + " + " + event).isTrue();
                } catch (IllegalTransitionException refused) {
                    assertThat(allowed).as(state + " + " + event).isFalse();
                }
            }
        }
    }

    @Test
    void every_action_offered_is_a_request_the_state_machine_accepts() {
        for (ReplicaState state : ReplicaState.values()) {
            for (ReplicaState failed : new ReplicaState[] {null, FAILOVER_STARTING, UNDOING, FAILBACK_STARTING, COMMITTING, UNDOING_FAILBACK}) {
                if (failed != null && state != ERROR) {
                    continue;
                }
                for (ReplicaAction action : ReplicaStateMachine.actions(state, failed)) {
                    if (action.event() == null) {
                        assertThat(state).as("only a running failback can be cancelled").isEqualTo(FAILBACK_STARTING);
                    } else {
                        assertThat(ReplicaStateMachine.allows(state, action.event(), failed)).as(state + " after " + failed + ": " + action).isTrue();
                    }
                }
            }
        }
    }

    @Test
    void a_busy_replica_offers_no_action() {
        for (ReplicaState state : ReplicaState.values()) {
            if (state.isBusy() && state != FAILBACK_STARTING) {
                assertThat(ReplicaStateMachine.actions(state, null)).as(state.name()).isEmpty();
            }
        }
    }
}
