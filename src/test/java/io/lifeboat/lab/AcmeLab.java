package io.lifeboat.lab;

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
import java.time.Duration;
import java.util.List;

/** What the data-plane tests read as acme-admin: replicas, tasks and their logs, acme's LAN tunnel, failover requests. */
final class AcmeLab {

    private static final String USER = "acme-admin";

    private final AsUser as;
    private final ReplicaOverviewService overview;
    private final TaskService tasks;

    AcmeLab(AsUser as, ReplicaOverviewService overview, TaskService tasks) {
        this.as = as;
        this.overview = overview;
        this.tasks = tasks;
    }

    ReplicaRow replica(String name) {
        return as.call(USER, () -> overview.list(new ReplicaFilter(name, null), List.of(), 0, 10)).get(0);
    }

    /** Acme's LAN as the tunnel list shows it. */
    TunnelInfo lan() {
        return as.call(USER, overview::tunnels).stream().filter(t -> t.network().startsWith("LAN")).findFirst().orElseThrow();
    }

    /** Each VM from its newest restore point, warnings accepted. */
    FailoverRequest request(List<ReplicaRow> vms) {
        return new FailoverRequest(vms.stream().map(vm -> new FailoverRequest.VmChoice(vm.id(),
                as.call(USER, () -> overview.restorePoints(vm.id())).get(0).id())).toList(), true);
    }

    List<String> log(long taskId) {
        return as.call(USER, () -> tasks.logOf(taskId)).stream().map(TaskLogEntry::message).toList();
    }

    TaskInfo task(long taskId) {
        return as.call(USER, () -> tasks.find(taskId)).orElseThrow();
    }

    TaskInfo awaitFinished(long taskId) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20)).until(() -> task(taskId), t -> t.state().isFinished());
    }
}
