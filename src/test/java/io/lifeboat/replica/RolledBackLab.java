package io.lifeboat.replica;

import io.lifeboat.AsUser;
import java.util.List;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The shared lab's acme replicas, moved in a transaction that is rolled back so that they stay Ready for other tests. */
record RolledBackLab(AsUser as, ReplicaOverviewService overview, PlatformTransactionManager transactionManager) {

    void inRolledBackTransaction(Runnable steps) {
        new TransactionTemplate(transactionManager).executeWithoutResult(tx -> {
            steps.run();
            tx.setRollbackOnly();
        });
    }

    ReplicaRow replica(String vmName) {
        return as.call("acme-admin", () -> overview.list(new ReplicaFilter(vmName, null), List.of(), 0, 10)).stream()
                .filter(r -> r.vmName().equals(vmName)).findFirst().orElseThrow();
    }
}
