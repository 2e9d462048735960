package io.lifeboat;

import io.lifeboat.drill.DrillInfo;
import io.lifeboat.drill.DrillService;
import io.lifeboat.drill.DrillState;
import io.lifeboat.failback.FailbackService;
import io.lifeboat.failover.FailoverService;
import io.lifeboat.hypervisor.HypervisorConnector;
import io.lifeboat.inventory.InventoryService;
import io.lifeboat.inventory.ReplicaInfo;
import io.lifeboat.replica.ReplicaFilter;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ReplicaState;
import io.lifeboat.tenancy.TenancyService;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.springframework.stereotype.Component;

/**
 * Puts the shared lab back as the seed left it, whatever a test left behind (also when it failed half-way): pending
 * failbacks committed, drills ended, failovers undone, every replica Ready and every production VM on. Without it one
 * failed browser test leaves a VM failed over or in a drill and every later test that picks that VM fails too.
 */
@Component
public class LabReset {

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private final AsUser as;
    private final ReplicaOverviewService overview;
    private final FailoverService failover;
    private final FailbackService failback;
    private final DrillService drills;
    private final InventoryService inventory;
    private final TenancyService tenancy;
    private final HypervisorConnector connector;

    public LabReset(AsUser as, ReplicaOverviewService overview, FailoverService failover, FailbackService failback, DrillService drills,
                    InventoryService inventory, TenancyService tenancy, HypervisorConnector connector) {
        this.as = as;
        this.overview = overview;
        this.failover = failover;
        this.failback = failback;
        this.drills = drills;
        this.inventory = inventory;
        this.tenancy = tenancy;
        this.connector = connector;
    }

    /** Every replica of acme Ready again and its production VMs powered on. */
    public void acmeAsSeeded() {
        settle();
        rowsIn(ReplicaState.FAILBACK_READY).forEach(row -> as.run("acme-admin", () -> failback.commitFailback(row.id())));
        settle();
        as.call("acme-admin", drills::drills).stream().filter(d -> d.state() == DrillState.RUNNING).map(DrillInfo::id)
                .forEach(drillId -> as.run("acme-admin", () -> drills.end(drillId)));
        settle();
        rowsIn(ReplicaState.FAILED_OVER).forEach(row -> as.run("acme-admin", () -> failover.undoFailover(row.id())));
        Awaitility.await().atMost(PATIENCE).until(() -> rows().stream().allMatch(r -> r.state() == ReplicaState.READY));
        long tenantId = tenancy.findTenantByName("acme").orElseThrow().id();
        var tenantSite = connector.connect(inventory.sitesOf(tenantId).tenantSite());
        for (ReplicaRow row : rows()) {
            ReplicaInfo replica = inventory.replica(tenantId, row.id()).orElseThrow();
            tenantSite.powerOn(replica.productionVmId(), Duration.ofSeconds(30));
        }
    }

    /** Waits until no operation is under way: states that an operation passes through end by themselves. */
    private void settle() {
        Awaitility.await().atMost(PATIENCE).until(() -> rows().stream().noneMatch(r -> r.state().isBusy()));
    }

    private List<ReplicaRow> rowsIn(ReplicaState state) {
        return rows().stream().filter(r -> r.state() == state).toList();
    }

    private List<ReplicaRow> rows() {
        return as.call("acme-admin", () -> overview.list(ReplicaFilter.none(), List.of(), 0, 100));
    }
}
