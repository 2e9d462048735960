package io.lifeboat.cluster;

import static org.awaitility.Awaitility.await;

import io.lifeboat.AsUser;
import io.lifeboat.PortalNodes;
import io.lifeboat.Postgres;
import io.lifeboat.failover.FailoverRequest;
import io.lifeboat.failover.FailoverService;
import io.lifeboat.replica.ReplicaFilter;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ReplicaSort;
import io.lifeboat.tasks.TaskService;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One portal node on PostgreSQL with the lab's bench tenant of {@value #VMS} VMs, for the tests that take the database
 * away while that node fails them over.
 */
@ExtendWith(Postgres.class)
abstract class OneBenchNode {

    static final int VMS = 20;
    static final String USER = "bench-admin";
    static PortalNodes nodes;

    @BeforeAll
    static void start() {
        nodes = PortalNodes.start(1, "--lifeboat.lab.bench-vms=" + VMS, "--logging.level.io.lifeboat.tasks=warn");
    }

    @AfterAll
    static void stop() {
        if (nodes != null) {
            nodes.close();
        }
    }

    static AsUser as() {
        return nodes.bean(0, AsUser.class);
    }

    static List<ReplicaRow> benchVms() {
        ReplicaOverviewService overview = nodes.bean(0, ReplicaOverviewService.class);
        return as().call(USER, () -> overview.list(ReplicaFilter.none(), List.of(new ReplicaSort("vmName", true)), 0, VMS));
    }

    /** Starts the failover of {@code vms}, each to its newest restore point, and waits until some are done; its task. */
    static long failOverAndAwaitProgress(List<ReplicaRow> vms) {
        ReplicaOverviewService overview = nodes.bean(0, ReplicaOverviewService.class);
        List<FailoverRequest.VmChoice> choices = vms.stream()
                .map(vm -> new FailoverRequest.VmChoice(vm.id(), as().call(USER, () -> overview.restorePoints(vm.id())).get(0).id())).toList();
        long taskId = as().call(USER, () -> nodes.bean(0, FailoverService.class).startFailover(new FailoverRequest(choices, true)));
        TaskService tasks = nodes.bean(0, TaskService.class);
        int progress = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                .until(() -> as().call(USER, () -> tasks.find(taskId)).orElseThrow().progress(), p -> p > 0);
        System.out.printf("The failover of %d VMs is at %d %%%n", vms.size(), progress);
        return taskId;
    }
}
