package io.lifeboat.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.AsUser;
import io.lifeboat.LabTest;
import io.lifeboat.tasks.TaskInfo;
import io.lifeboat.tasks.TaskRecorder;
import io.lifeboat.tasks.TaskService;
import io.lifeboat.tasks.TaskState;
import io.lifeboat.tasks.TaskType;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A node killed after a replica's last step but before its task's end (the crash test hit it 60 ms into an undo of a
 * failback): the run that Quartz resumes on another node finds nothing pending and must still end the task, as the
 * replicas' states say it went. And a runner that breaks off with an error it does not handle leaves no replica in a
 * working state. The real runners run; the shared lab's replicas stay Ready, as all of it is rolled back.
 */
@LabTest
class OperationLeftoversTest {

    @Autowired List<ReplicaOperationRunner> runners;
    @Autowired MeterRegistry meters;
    @Autowired ReplicaTransitions transitions;
    @Autowired TaskRecorder recorder;
    @Autowired OperationLeftovers leftovers;
    @Autowired HungSiteNotices hungSites;
    @Autowired JobOwnership ownership;
    @Autowired TaskService tasks;
    @Autowired ReplicaOverviewService overview;
    @Autowired AsUser as;
    @Autowired PlatformTransactionManager transactionManager;

    @Test
    void an_undo_of_a_failback_done_before_the_node_died_ends_as_succeeded() {
        ReplicaRow web = lab().replica("web-01");
        lab().inRolledBackTransaction(() -> {
            long taskId = recorder.start(TaskType.UNDO_FAILBACK, web.tenantId(), "Undo failback of web-01", "acme-admin");
            failOver(web, taskId);

            job().carryOut(ReplicaState.UNDOING_FAILBACK, taskId);

            TaskInfo task = task(taskId);
            assertThat(task.state()).isEqualTo(TaskState.SUCCEEDED);
            assertThat(task.summary()).contains("stopped before it recorded the end");
        });
    }

    @Test
    void an_undo_that_failed_for_one_of_two_vms_before_the_node_died_ends_as_partly_failed() {
        ReplicaRow web = lab().replica("web-01");
        ReplicaRow app = lab().replica("app-01");
        lab().inRolledBackTransaction(() -> {
            long taskId = recorder.start(TaskType.UNDO_FAILOVER, web.tenantId(), "Undo failover of 2 VMs", "acme-admin");
            failOver(web, taskId);
            failOver(app, taskId);
            transitions.apply(web.id(), web.tenantId(), "web-01", ReplicaEvent.REQUEST_UNDO);
            transitions.apply(web.id(), web.tenantId(), "web-01", ReplicaEvent.UNDO_DONE);
            transitions.apply(app.id(), app.tenantId(), "app-01", ReplicaEvent.REQUEST_UNDO);
            transitions.fail(taskId, app.id(), app.tenantId(), "app-01", "Undo failover failed while reverting: the test says so.");

            job().carryOut(ReplicaState.UNDOING, taskId);

            TaskInfo task = task(taskId);
            assertThat(task.state()).isEqualTo(TaskState.PARTIALLY_FAILED);
            assertThat(task.summary()).isEqualTo("Failed for 1 of 2 VM(s); see the log lines for each VM.");
        });
    }

    @Test
    void a_task_its_runner_ended_keeps_its_end() {
        ReplicaRow web = lab().replica("web-01");
        lab().inRolledBackTransaction(() -> {
            long taskId = recorder.start(TaskType.UNDO_FAILBACK, web.tenantId(), "Undo failback of web-01", "acme-admin");
            failOver(web, taskId);
            recorder.finish(taskId, TaskState.CANCELLED, "Cancelled by acme-admin.");

            job().carryOut(ReplicaState.UNDOING_FAILBACK, taskId);

            assertThat(task(taskId).state()).isEqualTo(TaskState.CANCELLED);
        });
    }

    /** An end of a drill whose VMs were all in Error queued none of them, and its task used to end as "Done". */
    @Test
    void a_task_without_any_replica_ends_as_failed_not_as_done() {
        ReplicaRow web = lab().replica("web-01");
        lab().inRolledBackTransaction(() -> {
            long taskId = recorder.start(TaskType.END_DRILL, web.tenantId(), "End test failover #1 (1 VM)", "acme-admin");

            job().carryOut(ReplicaState.DRILL_ENDING, taskId);

            TaskInfo task = task(taskId);
            assertThat(task.state()).isEqualTo(TaskState.FAILED);
            assertThat(task.summary()).isEqualTo(OperationLeftovers.NOTHING_DONE);
        });
    }

    @Test
    void a_runner_that_breaks_off_with_an_unexpected_error_leaves_its_vm_in_error_and_its_task_failed() {
        ReplicaRow web = lab().replica("web-01");
        ReplicaOperationRunner broken = new ReplicaOperationRunner() {
            @Override
            public Set<ReplicaState> runs() {
                return Set.of(ReplicaState.FAILOVER_STARTING);
            }

            @Override
            public void run(ReplicaState operation, long taskId) {
                throw new IllegalStateException("a defect of the runner");
            }
        };
        lab().inRolledBackTransaction(() -> {
            long taskId = recorder.start(TaskType.CLOUD_FAILOVER, web.tenantId(), "Failover of web-01", "acme-admin");
            transitions.apply(web.id(), web.tenantId(), "web-01", ReplicaEvent.REQUEST_FAILOVER, new ReplicaChange.AssignTask(taskId, "acme-admin"));

            job(List.of(broken)).carryOut(ReplicaState.FAILOVER_STARTING, taskId);

            ReplicaStatus status = transitions.find(web.id()).orElseThrow();
            assertThat(status.getState()).isEqualTo(ReplicaState.ERROR);
            assertThat(status.getFailedOperation()).as("retry and undo know what failed").isEqualTo(ReplicaState.FAILOVER_STARTING);
            assertThat(status.getErrorMessage()).contains("Stopped during \"Failover starting\" by an unexpected error (a defect of the runner)");
            assertThat(task(taskId).state()).isEqualTo(TaskState.FAILED);
        });
    }

    private ReplicaOperationJob job() {
        return job(runners);
    }

    private ReplicaOperationJob job(List<ReplicaOperationRunner> carriedOutBy) {
        return new ReplicaOperationJob(carriedOutBy, meters, leftovers, hungSites, ownership);
    }

    /** The replica as an earlier run of the task left it: failed over, with the task assigned. */
    private void failOver(ReplicaRow row, long taskId) {
        transitions.apply(row.id(), row.tenantId(), row.vmName(), ReplicaEvent.REQUEST_FAILOVER, new ReplicaChange.AssignTask(taskId, "acme-admin"));
        transitions.apply(row.id(), row.tenantId(), row.vmName(), ReplicaEvent.FAILOVER_DONE);
    }

    private TaskInfo task(long taskId) {
        return as.call("acme-admin", () -> tasks.find(taskId)).orElseThrow();
    }

    private RolledBackLab lab() {
        return new RolledBackLab(as, overview, transactionManager);
    }
}
