package io.lifeboat.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lifeboat.AsUser;
import io.lifeboat.LabTest;
import io.lifeboat.failover.FailoverRequest;
import io.lifeboat.failover.FailoverService;
import io.lifeboat.hypervisor.Hypervisor;
import io.lifeboat.hypervisor.HypervisorConnector;
import io.lifeboat.lab.network.LabTestSupport;
import io.lifeboat.network.TunnelInfo;
import io.lifeboat.replica.ReplicaFilter;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.tasks.TaskFilter;
import io.lifeboat.tasks.TaskInfo;
import io.lifeboat.tasks.TaskLogEntry;
import io.lifeboat.tasks.TaskService;
import io.lifeboat.tasks.TaskState;
import io.lifeboat.tasks.TaskType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

/**
 * Issue 11's first point on the real data plane, with an idle grace period of a few seconds: opening the wizard warms
 * the tenant's NEA pair and tunnel before any failover, the failover then finds them up, and after the last VM left
 * they stay up for the grace period (the VPN Tunnel task says so) and are let go after it. Needs root; skipped otherwise.
 */
@LabTest
@Tag("netns")
@EnabledIf("io.lifeboat.lab.network.LabNetwork#isRoot")
@ContextConfiguration(initializers = WarmAppliancesTest.WarmContext.class)
@DirtiesContext
class WarmAppliancesTest {

    private static final String SUFFIX = "w";
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** A data plane of its own: the shared one lets idle appliances go at once, as its tests of the tunnel's end expect. */
    static final class WarmContext extends DataPlaneTestContext {
        WarmContext() {
            super(SUFFIX, Map.of("lifeboat.network.idle-grace", "PT4S"));
        }
    }

    @Autowired AsUser as;
    @Autowired FailoverService failover;
    @Autowired ReplicaOverviewService overview;
    @Autowired TaskService tasks;
    @Autowired LabSites sites;
    @Autowired HypervisorConnector connector;

    @Test
    void the_wizard_warms_the_appliances_which_stay_for_the_grace_period_after_the_last_vm_left() {
        ReplicaRow web = as.call("acme-admin", () -> overview.list(new ReplicaFilter("web-01", null), List.of(), 0, 10)).get(0);
        Hypervisor tenantSite = connector.connect(sites.tenantSimulator().endpoint());
        String original = tenantSite.listVms("production/acme").stream().filter(vm -> vm.name().equals("web-01")).findFirst().orElseThrow().id();
        tenantSite.powerOff(original, WAIT);
        LabTestSupport.awaitNamespace(ns("web-01"), false);
        try {
            as.run("acme-admin", failover::warmUpNetworks);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertThat(lan()).satisfies(t -> {
                assertThat(t.warm()).as("warm with nothing failed over").isTrue();
                assertThat(t.up()).isTrue();
            }));
            assertThat(LabTestSupport.namespaces()).contains(ns("nea-t"), ns("nea-p"));
            long tunnelTask = activeTunnelTask().id();
            assertThat(log(tunnelTask)).anySatisfy(line -> assertThat(line).startsWith("Warmed up for the failover wizard")
                    .contains("kept up 4 s after the last VM leaves"));

            TaskInfo failed = awaitFinished(as.call("acme-admin", () -> failover.startFailover(request(web))));
            assertThat(failed.state()).isEqualTo(TaskState.SUCCEEDED);
            assertThat(log(failed.id())).anySatisfy(line -> assertThat(line).contains("time-to-reachable"));
            assertThat(LabTestSupport.pingTtl(ns("client"), "192.168.60.10", 5)).contains(62);
            assertThat(activeTunnelTask().id()).as("the failover used the warm tunnel and its task").isEqualTo(tunnelTask);
            assertThat(log(tunnelTask)).filteredOn(line -> line.contains("tunnel up through the Cloud Gateway")).hasSize(1);

            TaskInfo undo = awaitFinished(as.call("acme-admin", () -> failover.undoFailover(web.id())));
            assertThat(undo.state()).isEqualTo(TaskState.SUCCEEDED);
            assertThat(log(tunnelTask)).anySatisfy(line -> assertThat(line).contains("stay up 4 s (idle grace period)"));
            assertThat(as.call("acme-admin", () -> tasks.find(tunnelTask)).orElseThrow().state()).isEqualTo(TaskState.ACTIVE);

            LabTestSupport.awaitNamespace(ns("nea-t"), false);
            LabTestSupport.awaitNamespace(ns("nea-p"), false);
            await().atMost(WAIT).until(() -> as.call("acme-admin", () -> tasks.find(tunnelTask)).orElseThrow().state() == TaskState.SUCCEEDED);
            assertThat(as.call("acme-admin", () -> tasks.find(tunnelTask)).orElseThrow().summary()).contains("(idle grace period)");
            assertThat(lan().status()).as("let go: not extended any more").isNull();
        } finally {
            tenantSite.powerOn(original, WAIT);
        }
    }

    private TunnelInfo lan() {
        return as.call("acme-admin", overview::tunnels).stream().filter(t -> t.network().startsWith("LAN")).findFirst().orElseThrow();
    }

    private TaskInfo activeTunnelTask() {
        List<TaskInfo> active = as.call("acme-admin", () -> tasks.list(new TaskFilter(null, TaskType.VPN_TUNNEL, TaskState.ACTIVE, null), 0, 10))
                .stream().filter(task -> task.title().contains(" LAN ")).toList();   // the wizard warms the DMZ too
        assertThat(active).hasSize(1);
        return active.get(0);
    }

    private List<String> log(long taskId) {
        return as.call("acme-admin", () -> tasks.logOf(taskId)).stream().map(TaskLogEntry::message).toList();
    }

    private FailoverRequest request(ReplicaRow replica) {
        long point = as.call("acme-admin", () -> overview.restorePoints(replica.id())).get(0).id();
        return new FailoverRequest(List.of(new FailoverRequest.VmChoice(replica.id(), point)), true);
    }

    private TaskInfo awaitFinished(long taskId) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> as.call("acme-admin", () -> tasks.find(taskId)).orElseThrow(), t -> t.state().isFinished());
    }

    private static String ns(String host) {
        return DataPlaneTestContext.namespace(SUFFIX, "acme", host);
    }
}
