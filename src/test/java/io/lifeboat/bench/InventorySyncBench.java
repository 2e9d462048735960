package io.lifeboat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.LabTest;
import io.lifeboat.inventory.InventoryService;
import io.lifeboat.inventory.SyncResult;
import io.lifeboat.vcsim.SimulatorProcess;
import io.lifeboat.tenancy.HardwarePlan;
import io.lifeboat.tenancy.TenancyService;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The portal's inventory sync (one batch read from vCenter + upsert of replicas and restore points in the database)
 * for 1,000 and 5,000 replicas with 3 restore points each. The first sync inserts everything; the following ones
 * (median of 5) find and update. Not part of {@code mvn test}; run with {@code ./lifeboat bench inventory-sync}.
 * Target: 5,000 VMs ≤ 15 s.
 */
@LabTest
class InventorySyncBench {

    private static final int RUNS = 5;

    @Autowired InventoryService inventory;
    @Autowired TenancyService tenancy;

    @Test
    void inventory_sync_of_thousands_of_replicas() throws Exception {
        BenchReport report = new BenchReport("inventory-sync");
        report.fact("restore points per replica", 3);
        for (int vms : new int[]{1000, 5000}) {
            SimulatorProcess.Options options = SimulatorProcess.Options.defaults().withExtraArgs(List.of(
                    "-bench-vms", String.valueOf(vms), "-bench-snapshots", "3", "-bench-folder", "tenants/bench"));
            try (SimulatorProcess simulator = SimulatorProcess.start(options)) {
                String tenant = "sync" + vms;
                long tenantId = tenancy.ensureTenant(tenant, "Sync bench " + vms, new HardwarePlan(vms, vms * 1024)).id();
                inventory.registerSite(tenant + "-site", simulator.endpoint().url(), simulator.endpoint().username(), simulator.endpoint().password(), false);
                inventory.placeTenant(tenantId, tenant + "-site", "tenants/bench", tenant + "-site", "tenants/bench");

                SyncResult first = inventory.sync(tenantId);
                assertThat(first.replicas()).isEqualTo(vms);
                assertThat(first.restorePoints()).isEqualTo(vms * 3);
                List<Long> again = new ArrayList<>();
                for (int run = 0; run < RUNS; run++) {
                    SyncResult result = inventory.sync(tenantId);
                    assertThat(result.added()).isZero();
                    again.add(result.millis());
                }
                report.row("replicas", vms, "first_sync_ms", first.millis(), "resync_median_ms", BenchReport.median(again),
                        "resync_max_ms", again.stream().max(Long::compare).orElseThrow(), "target_ms", 15000);
            }
        }
        report.write();
    }
}
