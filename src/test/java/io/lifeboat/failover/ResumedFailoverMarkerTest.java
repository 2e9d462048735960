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
import io.lifeboat.replica.ReplicaAction;
import io.lifeboat.replica.ReplicaJobs;
import io.lifeboat.replica.ReplicaOperations;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ReplicaState;
import io.lifeboat.replica.ReplicaStateMachine;
import io.lifeboat.tasks.TaskService;
import io.lifeboat.tasks.TaskState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A portal killed inside a failover or an undo leaves vCenter one step ahead of the database; the job resumed by another
 * node must take it from there. Two such points, found by the crash harness's kill points: the marker snapshot taken
 * but not yet recorded (the resumed failover must use it, not take a second), and the marker already removed by an undo
 * that did not record it (the resumed undo must finish, not fail on the missing snapshot). The test stages each point
 * in vCenter while the scheduler stands by, as a killed node leaves it. A third: the replica powered on but the
 * failover not yet recorded as done (the resumed failover must leave the running replica as it is).
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
    @Autowired ReplicaJobs jobs;
    @Autowired ReplicaOperations operations;
    @Autowired @Qualifier("networkFlipWorkers") ExecutorService flips;

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

    /**
     * A node killed while its failover awaited the network flip (or a database outage right after the power-on) leaves
     * the replica running at the provider, still FAILOVER_STARTING with its marker. The resumed run used to revert it to
     * the restore point, throwing away what it ran since, and power it on again. The flip workers are held so the first
     * run waits after its power-on; the stored state read then is put back once that run is over, as the killed node
     * left it, and the job is scheduled again as Quartz recovers it.
     */
    @Test
    void a_failover_resumed_after_it_powered_the_replica_on_leaves_the_running_replica_as_it_is() throws Exception {
        afterThePowerOnOfFiles(held -> {
            held.firstRunEndsAndItsStateAfterThePowerOnIsPutBack();
            jobs.schedule(ReplicaState.FAILOVER_STARTING, held.taskId());
            awaitTask(held.taskId(), TaskState.SUCCEEDED);

            VmInfo vm = held.provider().findVm(held.replica().vmId());
            assertThat(vm.currentSnapshotId()).as("not reverted to the restore point").isEqualTo(held.writtenSincePowerOn());
            assertThat(vm.powerState()).isEqualTo(VmInfo.PowerState.POWERED_ON);
            assertThat(runningLines(held.taskId())).as("powered on once").isEqualTo(1);
            assertThat(as.call(USER, () -> tasks.logOf(held.taskId()))).extracting(line -> line.subject() + ": " + line.message())
                    .contains("files-01: An earlier run already started files-01 at the provider; it is left running as it is.");
            assertThat(as.call(USER, () -> overview.find(held.files().id())).orElseThrow().state()).isEqualTo(ReplicaState.FAILED_OVER);
        });
    }

    /**
     * A resumed run that fails after an earlier run powered the replica on leaves it running, in Error: rolled back, what
     * it wrote since would be lost. Retry resumes the failover, still without reverting it. (Before, the failure rolled it
     * back: powered off, reverted to the marker, "unchanged and Ready again".)
     */
    @Test
    void a_resumed_failover_that_fails_after_the_earlier_power_on_keeps_the_replica_running_and_its_retry_resumes_it() throws Exception {
        afterThePowerOnOfFiles(held -> {
            long filesId = held.files().id();
            held.firstRunEndsAndItsStateAfterThePowerOnIsPutBack();
            // the resumed run fails: the replica's network is gone
            Long networkId = jdbc.queryForObject("select network_id from replica where id = ?", Long.class, filesId);
            jdbc.update("update replica set network_id = null where id = ?", filesId);
            try {
                jobs.schedule(ReplicaState.FAILOVER_STARTING, held.taskId());
                awaitTask(held.taskId(), TaskState.FAILED);
            } finally {
                jdbc.update("update replica set network_id = ? where id = ?", networkId, filesId);
            }
            ReplicaRow failed = as.call(USER, () -> overview.find(filesId)).orElseThrow();
            assertThat(failed.state()).isEqualTo(ReplicaState.ERROR);
            assertThat(failed.errorMessage()).contains("its tenant network is no longer configured").contains("not rolled back")
                    .contains("Retry failover resumes the failover");
            assertThat(held.provider().findVm(held.replica().vmId()).currentSnapshotId()).as("not reverted").isEqualTo(held.writtenSincePowerOn());
            assertThat(held.provider().findVm(held.replica().vmId()).powerState()).isEqualTo(VmInfo.PowerState.POWERED_ON);
            assertThat(ReplicaStateMachine.actions(failed.state(), failed.failedOperation(), false, failed.startedAtProvider()))
                    .containsExactly(ReplicaAction.RETRY, ReplicaAction.UNDO_FAILOVER);

            long retry = as.call(USER, () -> operations.retry(filesId));
            awaitTask(retry, TaskState.SUCCEEDED);
            assertThat(as.call(USER, () -> overview.find(filesId)).orElseThrow().state()).isEqualTo(ReplicaState.FAILED_OVER);
            assertThat(held.provider().findVm(held.replica().vmId()).currentSnapshotId()).as("still not reverted").isEqualTo(held.writtenSincePowerOn());
        });
    }

    /**
     * Two runs of one failover task (a node that sat in a long vCenter call through a database outage, and the node that
     * took the task over): the run that finds the replica failed over by the other at its last step leaves it as it is.
     * Before, it took its refused transition for a failure of the VM and rolled back: the replica the other run had failed
     * over was powered off and reverted.
     */
    @Test
    void a_run_that_finds_its_replica_failed_over_by_another_run_of_the_task_does_not_roll_it_back() throws Exception {
        afterThePowerOnOfFiles(held -> {
            jdbc.update("update replica_status set state = 'FAILED_OVER' where replica_id = ?", held.files().id());   // the other run's last step
            held.flipsHeld().countDown();
            awaitTask(held.taskId(), TaskState.SUCCEEDED);   // as the other run left it: not "1 of 2 VMs failed"

            assertThat(held.provider().findVm(held.replica().vmId()).currentSnapshotId()).as("not reverted").isEqualTo(held.writtenSincePowerOn());
            assertThat(held.provider().findVm(held.replica().vmId()).powerState()).isEqualTo(VmInfo.PowerState.POWERED_ON);
            assertThat(as.call(USER, () -> overview.find(held.files().id())).orElseThrow().state()).isEqualTo(ReplicaState.FAILED_OVER);
        });
    }

    /** files-01 failed over, its run held after the power-on (its flip waits), and a snapshot standing for what it wrote since. */
    private record Held(ReplicaRow files, ReplicaInfo replica, Hypervisor provider, long taskId, CountDownLatch flipsHeld,
                        String writtenSincePowerOn, Runnable putBackAsAfterThePowerOn) {

        /** The first run goes on and ends; then the stored state read after the power-on is put back, as a node killed then left it. */
        void firstRunEndsAndItsStateAfterThePowerOnIsPutBack() {
            flipsHeld.countDown();
            putBackAsAfterThePowerOn.run();
        }
    }

    private interface WhileHeld {
        void test(Held held) throws Exception;
    }

    /** Runs {@code test} on files-01 held after its power-on, then undoes the failover and removes the snapshot. */
    private void afterThePowerOnOfFiles(WhileHeld test) throws Exception {
        ReplicaRow files = as.call(USER, () -> overview.list(new ReplicaFilter("files-01", null), List.of(), 0, 10)).get(0);
        ReplicaInfo replica = as.call(USER, () -> inventory.requireReplica(files.tenantId(), files.id()));
        Hypervisor provider = connector.connect(as.call(USER, () -> inventory.sitesOf(files.tenantId())).providerSite());
        long point = as.call(USER, () -> overview.restorePoints(files.id())).get(0).id();
        CountDownLatch flipsHeld = holdEveryFlipWorker();
        String writtenSincePowerOn = null;
        try {
            long taskId = as.call(USER, () -> failover.startFailover(new FailoverRequest(List.of(new FailoverRequest.VmChoice(files.id(), point)), true)));
            await().atMost(TIMEOUT).until(() -> runningLines(taskId) == 1);
            Map<String, Object> statusLeft = jdbc.queryForMap("select * from replica_status where replica_id = ?", files.id());
            Map<String, Object> taskLeft = jdbc.queryForMap("select * from task where id = ?", taskId);
            writtenSincePowerOn = provider.takeSnapshot(replica.vmId(), InventoryService.LIFEBOAT_SNAPSHOT_PREFIX + "test-since-power-on",
                    "stands for what the running replica wrote since its power-on", TIMEOUT);
            test.test(new Held(files, replica, provider, taskId, flipsHeld, writtenSincePowerOn, () -> {
                awaitTask(taskId, TaskState.SUCCEEDED);
                await().atMost(TIMEOUT).until(() -> !scheduler.checkExists(JobKey.jobKey("failover-" + taskId, "failover")));
                putBack("replica_status", "replica_id", statusLeft);
                putBack("task", "id", taskLeft);
            }));
        } finally {
            flipsHeld.countDown();
            leaveTheLabAsFound(files.id());
            if (writtenSincePowerOn != null) {
                provider.removeSnapshot(replica.vmId(), writtenSincePowerOn, TIMEOUT);
            }
        }
    }

    /** Keeps every network-flip worker busy until the latch is counted down: a failover then waits for its flip after its power-on. */
    private CountDownLatch holdEveryFlipWorker() throws InterruptedException {
        int workers = ((ThreadPoolExecutor) flips).getMaximumPoolSize();
        CountDownLatch busy = new CountDownLatch(workers);
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < workers; i++) {
            flips.submit(() -> {
                busy.countDown();
                return release.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            });
        }
        assertThat(busy.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).as("every flip worker held").isTrue();
        return release;
    }

    /** Writes {@code row} back over the row it was read from, all but its key and its optimistic-lock version. */
    private void putBack(String table, String key, Map<String, Object> row) {
        List<String> columns = row.keySet().stream().filter(c -> !c.equalsIgnoreCase(key) && !c.equalsIgnoreCase("version")).toList();
        List<Object> values = new ArrayList<>(columns.stream().map(row::get).toList());
        values.add(row.get(key));
        String assignments = String.join(" = ?, ", columns) + " = ?";
        assertThat(jdbc.update("update " + table + " set " + assignments + " where " + key + " = ?", values.toArray())).isEqualTo(1);
    }

    private long runningLines(long taskId) {
        return as.call(USER, () -> tasks.logOf(taskId)).stream().filter(line -> line.message().startsWith("Running at the provider from restore point")).count();
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
