package io.lifeboat.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lifeboat.AsUser;
import io.lifeboat.failover.FailoverRequest;
import io.lifeboat.network.TunnelInfo;
import io.lifeboat.replica.ReplicaFilter;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.tasks.TaskInfo;
import io.lifeboat.tasks.TaskLogEntry;
import io.lifeboat.tasks.TaskService;
import io.lifeboat.tasks.TaskState;
import java.time.Duration;
import java.util.List;

/**
 * What the data-plane tests read as acme-admin (or another lab tenant's operator): replicas, tasks and their logs, the
 * tenant's LAN tunnel, failover requests.
 */
final class AcmeLab {

    private final AsUser as;
    private final ReplicaOverviewService overview;
    private final TaskService tasks;
    private final String user;

    AcmeLab(AsUser as, ReplicaOverviewService overview, TaskService tasks) {
        this(as, overview, tasks, "acme-admin");
    }

    /** As another lab tenant's operator, e.g. {@code bench-admin} of the bench tenant. */
    AcmeLab(AsUser as, ReplicaOverviewService overview, TaskService tasks, String user) {
        this.as = as;
        this.overview = overview;
        this.tasks = tasks;
        this.user = user;
    }

    ReplicaRow replica(String name) {
        return as.call(user, () -> overview.list(new ReplicaFilter(name, null), List.of(), 0, 10)).get(0);
    }

    /** Every replica whose name holds {@code text}. */
    List<ReplicaRow> replicas(String text) {
        return as.call(user, () -> overview.list(new ReplicaFilter(text, null), List.of(), 0, 1000));
    }

    /** Acme's LAN as the tunnel list shows it. */
    TunnelInfo lan() {
        return as.call(user, overview::tunnels).stream().filter(t -> t.network().startsWith("LAN")).findFirst().orElseThrow();
    }

    /** Each VM from its newest restore point, warnings accepted. */
    FailoverRequest request(List<ReplicaRow> vms) {
        return new FailoverRequest(vms.stream().map(vm -> new FailoverRequest.VmChoice(vm.id(),
                as.call(user, () -> overview.restorePoints(vm.id())).get(0).id())).toList(), true);
    }

    List<String> log(long taskId) {
        return as.call(user, () -> tasks.logOf(taskId)).stream().map(TaskLogEntry::message).toList();
    }

    TaskInfo task(long taskId) {
        return as.call(user, () -> tasks.find(taskId)).orElseThrow();
    }

    TaskInfo awaitFinished(long taskId) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20)).until(() -> task(taskId), t -> t.state().isFinished());
    }

    /** The task once it succeeded; else the failure says {@code what} failed and shows the task's log (CI prints no more). */
    TaskInfo awaitSucceeded(long taskId, String what) {
        TaskInfo finished = awaitFinished(taskId);
        assertThat(finished.state()).as(() -> what + " ended " + finished.state() + ", its log:\n  " + String.join("\n  ", log(taskId)))
                .isEqualTo(TaskState.SUCCEEDED);
        return finished;
    }
}
