package io.lifeboat.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lifeboat.AsUser;
import io.lifeboat.LabTest;
import io.lifeboat.hypervisor.Hypervisor;
import io.lifeboat.hypervisor.HypervisorConnector;
import io.lifeboat.hypervisor.SnapshotInfo;
import io.lifeboat.hypervisor.VmInfo;
import io.lifeboat.inventory.InventoryService;
import io.lifeboat.inventory.ReplicaInfo;
import io.lifeboat.replica.ReplicaFilter;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ReplicaState;
import io.lifeboat.tasks.TaskService;
import io.lifeboat.tasks.TaskState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A portal killed inside a failover or an undo leaves vCenter one step ahead of the database; the job resumed by another
 * node must take it from there. Two such points, found by the crash harness's kill points: the marker snapshot taken
 * but not yet recorded (the resumed failover must use it, not take a second), and the marker already removed by an undo
 * that did not record it (the resumed undo must finish, not fail on the missing snapshot). The test stages each point
 * in vCenter while the scheduler stands by, as a killed node leaves it.
 */
@LabTest
class ResumedFailoverMarkerTest {

    private static final String USER = "globex-admin";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Autowired AsUser as;
    @Autowired FailoverService failover;
    @Autowired ReplicaOverviewService overview;
    @Autowired TaskService tasks;
    @Autowired InventoryService inventory;
    @Autowired HypervisorConnector connector;
    @Autowired Scheduler scheduler;
    @Autowired JdbcTemplate jdbc;

    @Test
    void a_resumed_failover_keeps_the_one_marker_and_a_resumed_undo_finishes_without_it() throws Exception {
        ReplicaRow files = as.call(USER, () -> overview.list(new ReplicaFilter("files-01", null), List.of(), 0, 10)).get(0);
        ReplicaInfo replica = as.call(USER, () -> inventory.requireReplica(files.tenantId(), files.id()));
        Hypervisor provider = connector.connect(as.call(USER, () -> inventory.sitesOf(files.tenantId())).providerSite());
        long point = as.call(USER, () -> overview.restorePoints(files.id())).get(0).id();
        try {
            scheduler.standby();
            long taskId = as.call(USER, () -> failover.startFailover(new FailoverRequest(List.of(new FailoverRequest.VmChoice(files.id(), point)), true)));
            String leftByTheKilledRun = provider.takeSnapshot(replica.vmId(), InventoryService.LIFEBOAT_SNAPSHOT_PREFIX + "failover-" + taskId,
                    "as a run killed before recording it leaves it", TIMEOUT);
            scheduler.start();
            awaitTask(taskId, TaskState.SUCCEEDED);
            assertThat(markers(provider, replica.vmId())).as("one marker, the one the killed run took").containsExactly(leftByTheKilledRun);
            assertThat(jdbc.queryForObject("select marker_snapshot_id from replica_status where replica_id = ?", String.class, files.id()))
                    .isEqualTo(leftByTheKilledRun);

            scheduler.standby();
            long undo = as.call(USER, () -> failover.undoFailover(files.id()));
            provider.powerOff(replica.vmId(), TIMEOUT);
            provider.revertToSnapshot(replica.vmId(), leftByTheKilledRun, TIMEOUT);
            provider.removeSnapshot(replica.vmId(), leftByTheKilledRun, TIMEOUT); // as an undo killed before recording UNDO_DONE leaves it
            scheduler.start();
            awaitTask(undo, TaskState.SUCCEEDED);
            assertThat(as.call(USER, () -> overview.find(files.id())).orElseThrow().state()).isEqualTo(ReplicaState.READY);
            assertThat(markers(provider, replica.vmId())).isEmpty();
            assertThat(provider.findVm(replica.vmId()).powerState()).isEqualTo(VmInfo.PowerState.POWERED_OFF);
        } finally {
            if (scheduler.isInStandbyMode()) {
                scheduler.start();
            }
            leaveTheLabAsFound(files.id());
        }
    }

    private void leaveTheLabAsFound(long replicaId) {
        await().atMost(TIMEOUT).until(() -> !as.call(USER, () -> overview.find(replicaId)).orElseThrow().state().isBusy());
        if (as.call(USER, () -> overview.find(replicaId)).orElseThrow().state() == ReplicaState.FAILED_OVER) {
            long undo = as.call(USER, () -> failover.undoFailover(replicaId));
            await().atMost(TIMEOUT).until(() -> as.call(USER, () -> tasks.find(undo)).orElseThrow().state().isFinished());
        }
    }

    private void awaitTask(long taskId, TaskState expected) {
        await().atMost(TIMEOUT).until(() -> as.call(USER, () -> tasks.find(taskId)).orElseThrow().state().isFinished());
        assertThat(as.call(USER, () -> tasks.find(taskId)).orElseThrow().state()).as(() -> as.call(USER, () -> tasks.find(taskId)).toString())
                .isEqualTo(expected);
    }

    private static List<String> markers(Hypervisor provider, String vmId) {
        return provider.findVm(vmId).snapshots().stream().filter(s -> s.name().startsWith(InventoryService.LIFEBOAT_SNAPSHOT_PREFIX + "failover-"))
                .map(SnapshotInfo::id).toList();
    }
}
