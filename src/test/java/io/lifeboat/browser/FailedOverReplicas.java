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
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;

/** Fails a lab replica over from its newest restore point through the service the wizard calls, warnings accepted. */
record FailedOverReplicas(AsUser as, ReplicaOverviewService overview, FailoverService failover) {

    /**
     * Fails {@code vmName} over as {@code user} and returns its row once the replica runs at the provider and its row has
     * settled: the failover's last steps (the original's power state read again, the task finished) change the row a
     * moment after the state, and a page opened meanwhile is rebuilt under the test's next click.
     */
    ReplicaRow of(String user, String vmName) {
        ReplicaRow row = read(user, vmName);
        long point = as.call(user, () -> overview.restorePoints(row.id())).get(0).id();
        as.run(user, () -> failover.startFailover(new FailoverRequest(List.of(new FailoverRequest.VmChoice(row.id(), point)), true)));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> read(user, vmName).state() == ReplicaState.FAILED_OVER);
        AtomicReference<ReplicaRow> last = new AtomicReference<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    ReplicaRow now = read(user, vmName);
                    return now.equals(last.getAndSet(now));
                });
        return row;
    }

    private ReplicaRow read(String user, String vmName) {
        return as.call(user, () -> overview.list(new ReplicaFilter(vmName, null), List.of(), 0, 10)).get(0);
    }
}
