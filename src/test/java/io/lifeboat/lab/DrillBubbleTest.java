package io.lifeboat.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lifeboat.AsUser;
import io.lifeboat.LabTest;
import io.lifeboat.SecondLane;
import io.lifeboat.drill.DrillCheck;
import io.lifeboat.drill.DrillInfo;
import io.lifeboat.drill.DrillRequest;
import io.lifeboat.drill.DrillService;
import io.lifeboat.drill.DrillState;
import io.lifeboat.lab.network.LabNetwork;
import io.lifeboat.lab.network.LabTestSupport;
import io.lifeboat.replica.ReplicaFilter;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.tasks.TaskInfo;
import io.lifeboat.tasks.TaskService;
import io.lifeboat.tasks.TaskState;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ContextConfiguration;

/**
 * A drill on the real data plane: the replica runs in the tenant's bubble (the drill segment) with the same IP as the
 * production VM that keeps running on the tenant LAN. The probe inside the bubble reaches it and records power-on →
 * first answer; the tenant's client only ever reaches the production VM (TTL 64, its MAC, never the drill VM's).
 * Needs root (namespaces); skipped otherwise.
 */
@LabTest
@Tag("netns")
@EnabledIf("io.lifeboat.lab.network.LabNetwork#isRoot")
@ContextConfiguration(initializers = DataPlaneTestContext.class)
@SecondLane
class DrillBubbleTest {

    private static final Pattern MAC = Pattern.compile("link/ether ([0-9a-f:]{17})");
    private static final Pattern NEIGHBOUR_MAC = Pattern.compile("lladdr ([0-9a-f:]{17})");

    @Autowired AsUser as;
    @Autowired DrillService drills;
    @Autowired ReplicaOverviewService overview;
    @Autowired TaskService tasks;

    @Test
    void the_drill_vm_answers_inside_the_bubble_and_never_on_the_tenant_lan_where_production_keeps_answering() {
        String client = ns("client");
        String probe = ns("probe");
        ReplicaRow web = as.call("acme-admin", () -> overview.list(new ReplicaFilter("web-01", null), List.of(), 0, 10)).get(0);
        long point = as.call("acme-admin", () -> overview.restorePoints(web.id())).get(0).id();
        LabTestSupport.awaitNamespace(ns("web-01"), true); // the production VM runs at the tenant site
        assertThat(LabTestSupport.pingTtl(client, "192.168.60.10", 3)).contains(64);

        long drillId = as.call("acme-admin", () -> drills.start(new DrillRequest(List.of(
                new DrillRequest.VmChoice(web.id(), point, DrillCheck.parseList("ping, tcp:443 tcp:8443"))), null)));
        DrillInfo started = as.call("acme-admin", () -> drills.find(drillId)).orElseThrow();
        assertThat(awaitFinished(started.taskId()).state()).isEqualTo(TaskState.SUCCEEDED);
        LabTestSupport.awaitNamespace(ns("web-01-r"), true);

        DrillInfo.DrillVmInfo vm = as.call("acme-admin", () -> drills.find(drillId)).orElseThrow().vms().get(0);
        assertThat(vm.checks()).extracting(DrillInfo.DrillCheckInfo::check).containsExactly("ping", "tcp:443", "tcp:8443");
        DrillInfo.DrillCheckInfo ping = vm.checks().get(0);
        DrillInfo.DrillCheckInfo https = vm.checks().get(1);
        DrillInfo.DrillCheckInfo unserved = vm.checks().get(2);
        assertThat(ping.passed()).as(ping.note()).isTrue();
        assertThat(https.passed()).as(https.note()).isTrue();
        assertThat(ping.powerOnToSuccess()).isPositive();
        assertThat(https.powerOnToSuccess()).isPositive();
        assertThat(unserved.passed()).as("web-01 serves 80 and 443 only").isFalse();
        assertThat(unserved.note()).contains("TCP port 8443", "within 20 s");
        assertThat(vm.checkPassed()).as("one of its checks failed").isFalse();
        System.out.printf("Drill bubble: web-01 power-on to first ping answer %d ms, to port 443 accepting %d ms (inside the bubble)%n",
                ping.powerOnToSuccess().toMillis(), https.powerOnToSuccess().toMillis());
        assertThat(as.call("acme-admin", () -> tasks.logOf(started.taskId()))).anySatisfy(line -> assertThat(line.message()).contains("Check tcp:443 passed"))
                .anySatisfy(line -> assertThat(line.message()).contains("Check tcp:8443 failed"));

        assertThat(LabNetwork.firstTcpConnect(probe, "192.168.60.10", 443, Duration.ofSeconds(2))).as("port 443 in the bubble").isPresent();
        assertThat(LabNetwork.firstTcpConnect(client, "192.168.60.10", 443, Duration.ofSeconds(2)))
                .as("the drill VM's port 443 is not reachable from the tenant LAN").isEmpty();

        assertThat(LabTestSupport.pingTtl(probe, "192.168.60.10", 3)).as("the probe reaches the drill VM").contains(64);
        String drillMac = mac(ns("web-01-r"));
        String productionMac = mac(ns("web-01"));
        assertThat(drillMac).isNotEqualTo(productionMac);
        assertThat(LabTestSupport.pingTtl(client, "192.168.60.10", 3)).as("production keeps answering on the LAN").contains(64);
        assertThat(neighbourMac(client, "192.168.60.10")).as("the LAN's answer comes from production, not the drill VM").isEqualTo(productionMac);
        assertThat(neighbourMac(probe, "192.168.60.10")).isEqualTo(drillMac);
        assertThat(LabTestSupport.pingTtl(client, "192.168.60.253", 2)).as("the bubble's probe is not on the LAN").isEmpty();

        long endTask = as.call("acme-admin", () -> drills.end(drillId));
        assertThat(awaitFinished(endTask).state()).isEqualTo(TaskState.SUCCEEDED);
        LabTestSupport.awaitNamespace(ns("web-01-r"), false);
        assertThat(LabTestSupport.pingTtl(probe, "192.168.60.10", 2)).as("nothing left in the bubble").isEmpty();
        assertThat(LabTestSupport.pingTtl(client, "192.168.60.10", 3)).contains(64);
        assertThat(await().atMost(Duration.ofSeconds(10)).until(() -> as.call("acme-admin", () -> drills.find(drillId)).orElseThrow(),
                d -> d.state() == DrillState.ENDED).vms().get(0).checks().get(1).passed()).isTrue();
    }

    private static String mac(String ns) {
        Matcher m = MAC.matcher(LabTestSupport.exec(ns, "ip", "-o", "link", "show", "eth0"));
        assertThat(m.find()).as("MAC of " + ns).isTrue();
        return m.group(1);
    }

    private static String neighbourMac(String ns, String ip) {
        Matcher m = NEIGHBOUR_MAC.matcher(LabTestSupport.exec(ns, "ip", "neigh", "show", ip));
        assertThat(m.find()).as("neighbour entry for " + ip + " in " + ns).isTrue();
        return m.group(1);
    }

    private TaskInfo awaitFinished(long taskId) {
        return await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> as.call("acme-admin", () -> tasks.find(taskId)).orElseThrow(), t -> t.state().isFinished());
    }

    private static String ns(String host) {
        return DataPlaneTestContext.namespace("acme", host);
    }
}
