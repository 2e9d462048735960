package io.lifeboat.vsphere;

import io.lifeboat.hypervisor.VmInfo;
import io.lifeboat.hypervisor.HypervisorAdmin;
import io.lifeboat.hypervisor.Hypervisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.vcsim.SimulatorProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Inventory sync and failover timings against the simulator. Not part of {@code mvn test} (the name does not end in
 * Test); run it with {@code mvn -q -B test -Dtest=InventoryBench -Dsurefire.failIfNoSpecifiedTests=false}.
 * Prints a table and writes {@code target/bench/vsphere-adapter.json}.
 */
class InventoryBench {

    private static final int RUNS = 5;
    private static final int SNAPSHOTS = 3;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void inventory_sync_and_failover() throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int vms : new int[]{1000, 5000}) {
            rows.add(run(vms));
        }
        StringBuilder table = new StringBuilder(String.format("%n%8s %10s %10s %10s %12s %12s%n",
                "VMs", "start ms", "sync med", "sync min", "1 VM fo ms", "50 VM fo ms"));
        for (Map<String, Object> r : rows) {
            table.append(String.format("%8d %10d %10d %10d %12d %12d%n", r.get("vms"), r.get("simulatorStartMs"),
                    r.get("listVmsMedianMs"), r.get("listVmsMinMs"), r.get("failover1VmMs"), r.get("failover50VmsMs")));
        }
        System.out.println(table);
        Path out = Path.of("target/bench/vsphere-adapter.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, json(rows));
        System.out.println("wrote " + out.toAbsolutePath());
    }

    private Map<String, Object> run(int vms) throws Exception {
        long t0 = System.nanoTime();
        SimulatorProcess.Options options = SimulatorProcess.Options.defaults().withExtraArgs(List.of(
                "-bench-vms", String.valueOf(vms), "-bench-snapshots", String.valueOf(SNAPSHOTS), "-bench-folder", "tenants/bench"));
        try (SimulatorProcess sim = SimulatorProcess.start(options);
             VsphereConnectors.CloseableConnector connector = VsphereConnectors.yavijava()) {
            long startMs = millisSince(t0);
            HypervisorAdmin site = connector.admin(sim.endpoint());

            List<VmInfo> listed = site.listVms("tenants/bench"); // warm-up (JIT, caches)
            assertThat(listed).hasSize(vms).allSatisfy(vm -> assertThat(vm.snapshots()).hasSize(SNAPSHOTS));
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                long t = System.nanoTime();
                assertThat(site.listVms("tenants/bench")).hasSize(vms);
                times.add(millisSince(t));
            }
            times.sort(null);

            site.addHostPortGroup("tenant.bench.vlan100", 100);
            long one = failover(site, listed.subList(0, 1), 1);
            long fifty = failover(site, listed.subList(1, 51), 8);

            Map<String, Object> row = new LinkedHashMap<>();
            row.put("vms", vms);
            row.put("snapshotsPerVm", SNAPSHOTS);
            row.put("simulatorStartMs", startMs);
            row.put("listVmsRunsMs", times);
            row.put("listVmsMedianMs", times.get(times.size() / 2));
            row.put("listVmsMinMs", times.get(0));
            row.put("failover1VmMs", one);
            row.put("failover50VmsMs", fifty);
            row.put("failoverThreads", 8);
            return row;
        }
    }

    /** Revert to the oldest restore point, connect the NIC to the tenant network and power on: each VM on its own thread. */
    private static long failover(Hypervisor site, List<VmInfo> vms, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long t = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (VmInfo vm : vms) {
                futures.add(pool.submit(() -> {
                    site.revertToSnapshot(vm.id(), vm.snapshots().get(0).id(), TIMEOUT);
                    site.connectNic(vm.id(), "tenant.bench.vlan100", TIMEOUT);
                    site.powerOn(vm.id(), TIMEOUT);
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            long ms = millisSince(t);
            for (VmInfo vm : vms) {
                VmInfo now = site.findVm(vm.id());
                assertThat(now.powerState()).isEqualTo(VmInfo.PowerState.POWERED_ON);
                assertThat(now.network()).isEqualTo("tenant.bench.vlan100");
            }
            return ms;
        } finally {
            pool.shutdownNow();
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static String json(List<Map<String, Object>> rows) throws IOException {
        return rows.stream().map(r -> r.entrySet().stream()
                        .map(e -> "\"" + e.getKey() + "\": " + e.getValue())
                        .collect(Collectors.joining(", ", "  {", "}")))
                .collect(Collectors.joining(",\n", "[\n", "\n]\n"));
    }
}
