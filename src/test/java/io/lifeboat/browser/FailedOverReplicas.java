package io.lifeboat.browser;

import io.lifeboat.AsUser;
import io.lifeboat.failover.FailoverRequest;
import io.lifeboat.failover.FailoverService;
import io.lifeboat.replica.ReplicaFilter;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ReplicaState;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;

/** Fails a lab replica over from its newest restore point through the service the wizard calls, warnings accepted. */
record FailedOverReplicas(AsUser as, ReplicaOverviewService overview, FailoverService failover) {

    /** Fails {@code vmName} over as {@code user} and returns its row once the replica runs at the provider. */
    ReplicaRow of(String user, String vmName) {
        ReplicaRow row = as.call(user, () -> overview.list(new ReplicaFilter(vmName, null), List.of(), 0, 10)).get(0);
        long point = as.call(user, () -> overview.restorePoints(row.id())).get(0).id();
        as.run(user, () -> failover.startFailover(new FailoverRequest(List.of(new FailoverRequest.VmChoice(row.id(), point)), true)));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> as.call(user,
                () -> overview.list(new ReplicaFilter(vmName, null), List.of(), 0, 10)).get(0).state() == ReplicaState.FAILED_OVER);
        return row;
    }
}
