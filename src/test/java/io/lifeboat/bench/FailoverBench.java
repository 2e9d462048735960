package io.lifeboat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.AsUser;
import io.lifeboat.LabTest;
import io.lifeboat.failover.FailoverRequest;
import io.lifeboat.failover.FailoverService;
import io.lifeboat.inventory.InventoryService;
import io.lifeboat.inventory.TenantSites;
import io.lifeboat.replica.ReplicaFilter;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ReplicaSort;
import io.lifeboat.replica.ReplicaState;
import io.lifeboat.tasks.TaskService;
import io.lifeboat.tasks.TaskState;
import io.lifeboat.tasks.TaskInfo;
import io.lifeboat.tenancy.TenancyService;
import io.lifeboat.hypervisor.Hypervisor;
import io.lifeboat.hypervisor.HypervisorConnector;
import io.lifeboat.hypervisor.VmInfo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Wizard submit → all replicas powered on, for 1, 10 and 50 VMs (median of 5 runs each), through the real service,
 * Quartz job and simulators. Not part of {@code mvn test}; run with {@code ./lifeboat bench failover}.
 * Targets: 1 VM ≤ 2 s, 50 VMs ≤ 10 s.
 */
@LabTest
@TestPropertySource(properties = {"lifeboat.lab.bench-vms=50", "logging.level.io.lifeboat.tasks=warn"})
class FailoverBench {

    private static final int RUNS = 5;

    @Autowired AsUser as;
    @Autowired FailoverService failover;
    @Autowired ReplicaOverviewService overview;
    @Autowired TaskService tasks;
    @Autowired InventoryService inventory;
    @Autowired TenancyService tenancy;
    @Autowired HypervisorConnector connector;

    @Test
    void wizard_submit_to_all_replicas_powered_on() throws Exception {
        List<ReplicaRow> bench = as.call("bench-admin", () -> overview.list(ReplicaFilter.none(), List.of(new ReplicaSort("vmName", true)), 0, 100));
        assertThat(bench).hasSize(50);
        BenchReport report = new BenchReport("failover");
        report.fact("runs per size", RUNS);
        report.fact("measured", "startFailover() (pre-flight, states, durable Quartz job) until the Cloud Failover task succeeded; then every replica is checked powered on in vCenter");
        for (int size : new int[]{1, 10, 50}) {
            List<Long> millis = new ArrayList<>();
            for (int run = 0; run < RUNS; run++) {
                millis.add(failoverAndUndo(bench.subList(0, size)));
            }
            report.row("vms", size, "median_ms", BenchReport.median(millis), "min_ms", millis.stream().min(Long::compare).orElseThrow(),
                    "max_ms", millis.stream().max(Long::compare).orElseThrow(), "target_ms", size == 1 ? 2000 : size == 50 ? 10000 : "-");
        }
        report.write();
    }

    private long failoverAndUndo(List<ReplicaRow> vms) {
        List<FailoverRequest.VmChoice> choices = vms.stream()
                .map(vm -> new FailoverRequest.VmChoice(vm.id(), as.call("bench-admin", () -> overview.restorePoints(vm.id())).get(0).id())).toList();
        long started = System.nanoTime();
        long taskId = as.call("bench-admin", () -> failover.startFailover(new FailoverRequest(choices, true)));
        TaskInfo task = awaitFinished(taskId);
        long elapsed = (System.nanoTime() - started) / 1_000_000;
        assertThat(task.state()).isEqualTo(TaskState.SUCCEEDED);
        Hypervisor provider = providerSite();
        for (ReplicaRow vm : vms) {
            assertThat(provider.findVm(inventory.replica(vm.tenantId(), vm.id()).orElseThrow().vmId()).powerState()).isEqualTo(VmInfo.PowerState.POWERED_ON);
        }
        List<Long> undos = vms.stream().map(vm -> as.call("bench-admin", () -> failover.undoFailover(vm.id()))).toList();
        undos.forEach(this::awaitFinished);
        assertThat(as.call("bench-admin", () -> overview.count(new ReplicaFilter(null, ReplicaState.READY)))).isEqualTo(50);
        return elapsed;
    }

    private TaskInfo awaitFinished(long taskId) {
        while (true) {
            TaskInfo task = as.call("bench-admin", () -> tasks.find(taskId)).orElseThrow();
            if (task.state().isFinished()) {
                return task;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private Hypervisor providerSite() {
        TenantSites sites = inventory.sitesOf(tenancy.findTenantByName("bench").orElseThrow().id());
        return connector.connect(sites.providerSite());
    }
}
