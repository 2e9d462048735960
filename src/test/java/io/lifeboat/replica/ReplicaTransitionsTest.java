package io.lifeboat.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.AsUser;
import io.lifeboat.LabTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Several replicas moved at once, as a failover of many VMs queues them: all move, or none when one of them may not.
 * The shared lab keeps its replicas Ready: what moves is rolled back.
 */
@LabTest
class ReplicaTransitionsTest {

    @Autowired ReplicaTransitions transitions;
    @Autowired ReplicaOverviewService overview;
    @Autowired AsUser as;
    @Autowired PlatformTransactionManager transactionManager;

    @Test
    void several_replicas_move_together_with_what_each_records() {
        ReplicaRow web = lab().replica("web-01");
        ReplicaRow app = lab().replica("app-01");
        lab().inRolledBackTransaction(() -> {
            List<ReplicaStatus> moved = transitions.applyAll(List.of(queue(web, 11), queue(app, 12)));

            assertThat(moved).extracting(ReplicaStatus::getReplicaId).containsExactly(web.id(), app.id());
            assertThat(moved).extracting(ReplicaStatus::getRestorePointId).containsExactly(11L, 12L);
            assertThat(transitions.statesOf(List.of(web.id(), app.id(), lab().replica("db-01").id())))
                    .containsExactlyInAnyOrderEntriesOf(Map.of(web.id(), ReplicaState.FAILOVER_STARTING,
                            app.id(), ReplicaState.FAILOVER_STARTING, lab().replica("db-01").id(), ReplicaState.READY));
        });
        assertThat(transitions.statesOf(List.of(web.id(), app.id())).values()).containsOnly(ReplicaState.READY);
    }

    @Test
    void when_one_replica_may_not_move_none_does_and_the_error_names_it() {
        ReplicaRow web = lab().replica("web-01");
        ReplicaRow app = lab().replica("app-01");
        // its own transaction, committed if it moved web-01 on its own
        assertThatThrownBy(() -> transitions.applyAll(List.of(queue(web, 11),
                new ReplicaTransitions.Move(app.id(), app.tenantId(), "app-01", ReplicaEvent.FAILOVER_DONE, List.of()))))
                .isInstanceOf(IllegalTransitionException.class).hasMessageStartingWith("app-01: ");
        assertThat(transitions.statesOf(List.of(web.id(), app.id())).values()).as("web-01 stayed Ready with app-01").containsOnly(ReplicaState.READY);
    }

    /**
     * An operation's error can be long (a vCenter fault, an appliance's last output): the replica still moves to Error,
     * with the message shortened to its column, instead of failing to move as if another request had changed it.
     */
    @Test
    void an_error_longer_than_what_is_kept_moves_the_replica_to_error_with_the_message_shortened() {
        ReplicaRow web = lab().replica("web-01");
        lab().inRolledBackTransaction(() -> {
            transitions.applyAll(List.of(queue(web, 11)));
            String reason = "Failover failed while extending LAN to the provider: " + "appliance output line\n".repeat(200);

            ReplicaStatus failed = transitions.apply(web.id(), web.tenantId(), web.vmName(), ReplicaEvent.STEP_FAILED,
                    new ReplicaChange.RecordError(reason));

            assertThat(failed.getState()).isEqualTo(ReplicaState.ERROR);
            assertThat(failed.getErrorMessage()).hasSizeLessThanOrEqualTo(2000)
                    .startsWith("Failover failed while extending LAN to the provider: ").endsWith("...");
        });
    }

    private static ReplicaTransitions.Move queue(ReplicaRow row, long restorePointId) {
        return new ReplicaTransitions.Move(row.id(), row.tenantId(), row.vmName(), ReplicaEvent.REQUEST_FAILOVER,
                List.of(new ReplicaChange.ChooseRestorePoint(restorePointId), new ReplicaChange.AssignTask(1L, "acme-admin")));
    }

    private RolledBackLab lab() {
        return new RolledBackLab(as, overview, transactionManager);
    }
}
