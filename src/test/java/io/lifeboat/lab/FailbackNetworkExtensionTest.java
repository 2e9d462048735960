package io.lifeboat.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lifeboat.AsUser;
import io.lifeboat.LabTest;
import io.lifeboat.SecondLane;
import io.lifeboat.failback.FailbackService;
import io.lifeboat.failback.FailbackTarget;
import io.lifeboat.failover.FailoverRequest;
import io.lifeboat.failover.FailoverService;
import io.lifeboat.lab.network.LabTestSupport;
import io.lifeboat.replica.ReplicaFilter;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.tasks.TaskFilter;
import io.lifeboat.tasks.TaskService;
import io.lifeboat.tasks.TaskState;
import io.lifeboat.tasks.TaskType;
import io.lifeboat.tasks.TaskInfo;
import io.lifeboat.hypervisor.Hypervisor;
import io.lifeboat.hypervisor.HypervisorConnector;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ContextConfiguration;

/**
 * Failback on the real data plane: while failed over the tenant's client reaches the replica through the NEAs (TTL 62);
 * after failback the original answers on the LAN itself (TTL 64) and the extension is torn down; undo failback brings
 * the replica and its extension back (TTL 62). Needs root (namespaces); skipped otherwise.
 */
@LabTest
@Tag("netns")
@EnabledIf("io.lifeboat.lab.network.LabNetwork#isRoot")
@ContextConfiguration(initializers = DataPlaneTestContext.class)
@SecondLane
class FailbackNetworkExtensionTest {

    @Autowired AsUser as;
    @Autowired FailoverService failover;
    @Autowired FailbackService failback;
    @Autowired ReplicaOverviewService overview;
    @Autowired TaskService tasks;
    @Autowired LabSites sites;
    @Autowired LabDataPlane dataPlane;
    @Autowired HypervisorConnector connector;

    @Test
    void failback_hands_the_ip_back_to_the_original_and_undo_failback_extends_it_to_the_replica_again() {
        assertThat(dataPlane.unavailableReason()).isNull();
        String client = ns("client");
        ReplicaRow web = replica("web-02");
        Hypervisor tenantSite = connector.connect(sites.tenantSimulator().endpoint());
        String original = tenantSite.listVms("production/acme").stream().filter(vm -> vm.name().equals("web-02")).findFirst().orElseThrow().id();
        tenantSite.powerOff(original, Duration.ofSeconds(30)); // the original failed
        LabTestSupport.awaitNamespace(ns("web-02"), false);
        try {
            long point = as.call("acme-admin", () -> overview.restorePoints(web.id())).get(0).id();
            long failoverTask = as.call("acme-admin", () -> failover.startFailover(
                    new FailoverRequest(List.of(new FailoverRequest.VmChoice(web.id(), point)), true)));
            assertThat(awaitFinished(failoverTask).state()).isEqualTo(TaskState.SUCCEEDED);
            LabTestSupport.awaitNamespace(ns("web-02-r"), true);
            assertThat(LabTestSupport.pingTtl(client, "192.168.60.11", 5)).contains(62);

            long failbackTask = as.call("acme-admin", () -> failback.startFailback(web.id(), FailbackTarget.original()));
            assertThat(awaitFinished(failbackTask).state()).isEqualTo(TaskState.SUCCEEDED);
            LabTestSupport.awaitNamespace(ns("web-02-r"), false);
            LabTestSupport.awaitNamespace(ns("web-02"), true);
            // Instant switch-back: the client's cache pointed at the tenant NEA that answered for the replica; the NEA's
            // announcement for the original's MAC and the original's own at boot point it at the original, no flush.
            String originalMac = tenantSite.macAddress(original).orElseThrow();
            await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(neighbourMac(client, "192.168.60.11")).isEqualTo(originalMac));
            assertThat(LabTestSupport.pingTtl(client, "192.168.60.11", 1)).contains(64);
            assertThat(log(failbackTask)).anySatisfy(line -> assertThat(line).matches("Reachable at your site after \\d+ ms \\(TTL 64\\), after power-on\\."));
            assertThat(vpnTunnelTasks(TaskState.ACTIVE)).isEmpty();

            long undoFailback = as.call("acme-admin", () -> failback.undoFailback(web.id()));
            assertThat(awaitFinished(undoFailback).state()).isEqualTo(TaskState.SUCCEEDED);
            LabTestSupport.awaitNamespace(ns("web-02"), false);
            LabTestSupport.awaitNamespace(ns("web-02-r"), true);
            assertThat(LabTestSupport.pingTtl(client, "192.168.60.11", 5)).contains(62);
            assertThat(vpnTunnelTasks(TaskState.ACTIVE)).hasSize(1);

            long undo = as.call("acme-admin", () -> failover.undoFailover(web.id()));
            assertThat(awaitFinished(undo).state()).isEqualTo(TaskState.SUCCEEDED);
        } finally {
            tenantSite.powerOn(original, Duration.ofSeconds(30));
        }
    }

    /** The MAC {@code ns}'s neighbour cache holds for {@code ip}, as "ip neigh" prints it. */
    private static String neighbourMac(String ns, String ip) {
        String line = LabTestSupport.exec(ns, "ip", "neigh", "show", ip);
        java.util.regex.Matcher mac = java.util.regex.Pattern.compile("lladdr ([0-9a-f:]{17})").matcher(line);
        assertThat(mac.find()).as("a neighbour entry for " + ip + " in " + ns + ": " + line).isTrue();
        return mac.group(1);
    }

    private List<String> log(long taskId) {
        return as.call("acme-admin", () -> tasks.logOf(taskId)).stream().map(io.lifeboat.tasks.TaskLogEntry::message).toList();
    }

    private List<TaskInfo> vpnTunnelTasks(TaskState state) {
        return as.call("acme-admin", () -> tasks.list(new TaskFilter(null, TaskType.VPN_TUNNEL, state, null), 0, 10));
    }

    private ReplicaRow replica(String name) {
        return as.call("acme-admin", () -> overview.list(new ReplicaFilter(name, null), List.of(), 0, 10)).get(0);
    }

    private TaskInfo awaitFinished(long taskId) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> as.call("acme-admin", () -> tasks.find(taskId)).orElseThrow(), t -> t.state().isFinished());
    }

    private static String ns(String host) {
        return DataPlaneTestContext.namespace("acme", host);
    }
}
