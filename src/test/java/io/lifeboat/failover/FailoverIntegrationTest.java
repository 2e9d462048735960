package io.lifeboat.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lifeboat.AsUser;
import io.lifeboat.administration.TenantAdministrationService;
import io.lifeboat.administration.TenantForm;
import io.lifeboat.lab.LabBootstrap;
import io.lifeboat.tenancy.InvalidInputException;
import io.lifeboat.LabTest;
import io.lifeboat.inventory.InventoryService;
import io.lifeboat.inventory.RestorePointInfo;
import io.lifeboat.inventory.TenantSites;
import io.lifeboat.replica.ConcurrentChangeException;
import io.lifeboat.replica.IllegalTransitionException;
import io.lifeboat.replica.ReplicaFilter;
import io.lifeboat.replica.ReplicaOperations;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ReplicaState;
import io.lifeboat.tasks.TaskService;
import io.lifeboat.tasks.TaskState;
import io.lifeboat.tasks.TaskInfo;
import io.lifeboat.tenancy.AccessDeniedException;
import io.lifeboat.tenancy.TenancyService;
import io.lifeboat.hypervisor.Hypervisor;
import io.lifeboat.hypervisor.HypervisorConnector;
import io.lifeboat.hypervisor.VmInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Failover and undo through the real services against the lab's two vSphere simulators (no mocks). */
@LabTest
class FailoverIntegrationTest {

    @Autowired AsUser as;
    @Autowired FailoverService failover;
    @Autowired ReplicaOperations operations;
    @Autowired ReplicaOverviewService overview;
    @Autowired TaskService tasks;
    @Autowired InventoryService inventory;
    @Autowired TenancyService tenancy;
    @Autowired HypervisorConnector connector;
    @Autowired TenantAdministrationService tenantAdministration;

    @Test
    void the_lab_is_seeded_and_synced_with_each_tenants_replicas_and_restore_points() {
        List<ReplicaRow> acme = as.call("acme-admin", () -> overview.list(ReplicaFilter.none(), List.of(), 0, 100));
        assertThat(acme).extracting(ReplicaRow::vmName).containsExactlyInAnyOrder("web-01", "web-02", "db-01", "app-01", "mail-01", "proxy-01");
        assertThat(acme).allSatisfy(row -> {
            assertThat(row.restorePoints()).isBetween(3, 5);
            assertThat(row.latestRestorePoint()).isNotNull();
        });
        assertThat(acme).filteredOn(row -> !row.vmName().equals("proxy-01")).allSatisfy(row -> {
            assertThat(row.ipAddress()).startsWith("192.168.60.");
            assertThat(row.network()).contains("192.168.60.0/24").contains("3001");
        });
        assertThat(acme).filteredOn(row -> row.vmName().equals("proxy-01")).singleElement()   // acme's second network
                .satisfies(row -> assertThat(row.network()).isEqualTo("DMZ (192.168.70.0/24, VLAN 3003)"));
        ReplicaRow db = acme.stream().filter(r -> r.vmName().equals("db-01")).findFirst().orElseThrow();
        List<RestorePointInfo> points = as.call("acme-admin", () -> overview.restorePoints(db.id()));
        assertThat(points).hasSize(5).allSatisfy(p -> assertThat(p.name()).startsWith("Restore point "));
        assertThat(providerSite().listNetworks()).contains("tenant.acme.vlan3001", "tenant.globex.vlan3002");
        List<ReplicaRow> globex = as.call("globex-admin", () -> overview.list(ReplicaFilter.none(), List.of(), 0, 100));
        assertThat(globex).extracting(ReplicaRow::vmName).containsExactlyInAnyOrder("erp-01", "files-01", "crm-01", "dc-01");
    }

    @Test
    void failover_of_two_vms_to_different_restore_points_powers_them_on_at_those_points_and_undo_reverts_them() {
        ReplicaRow web = replica("acme-admin", "web-01");
        ReplicaRow app = replica("acme-admin", "app-01");
        RestorePointInfo webPoint = restorePoints("acme-admin", web).get(1); // not the latest, on purpose
        RestorePointInfo appPoint = restorePoints("acme-admin", app).get(0);
        String webVm = vmId("acme-admin", web);
        String appVm = vmId("acme-admin", app);
        int webSnapshotsBefore = providerSite().findVm(webVm).snapshots().size();

        long taskId = as.call("acme-admin", () -> failover.startFailover(new FailoverRequest(List.of(
                new FailoverRequest.VmChoice(web.id(), webPoint.id()), new FailoverRequest.VmChoice(app.id(), appPoint.id())), true)));
        TaskInfo task = awaitFinished("acme-admin", taskId);

        assertThat(task.state()).isEqualTo(TaskState.SUCCEEDED);
        VmInfo webNow = providerSite().findVm(webVm);
        VmInfo appNow = providerSite().findVm(appVm);
        assertThat(webNow.powerState()).isEqualTo(VmInfo.PowerState.POWERED_ON);
        assertThat(appNow.powerState()).isEqualTo(VmInfo.PowerState.POWERED_ON);
        assertThat(webNow.network()).isEqualTo("tenant.acme.vlan3001");
        assertThat(appNow.network()).isEqualTo("tenant.acme.vlan3001");
        assertThat(webNow.currentSnapshotId()).isEqualTo(webPoint.snapshotId());
        assertThat(appNow.currentSnapshotId()).isEqualTo(appPoint.snapshotId());
        assertThat(replica("acme-admin", "web-01").state()).isEqualTo(ReplicaState.FAILED_OVER);
        assertThat(as.call("acme-admin", () -> tasks.logOf(taskId))).extracting(line -> line.subject() + ": " + line.message())
                .anyMatch(line -> line.startsWith("web-01: Running at the provider from restore point \"" + webPoint.name()))
                .as("both VMs queued at once, each with its own restore point")
                .contains("web-01: Queued for failover to restore point \"" + webPoint.name() + "\"",
                        "app-01: Queued for failover to restore point \"" + appPoint.name() + "\"");

        // the undo finds the replicas where the placement says: it cannot move while they run
        long acme = web.tenantId();
        connector.admin(inventory.sitesOf(acme).providerSite()).createFolder("tenants/acme-moved");
        assertThatThrownBy(() -> as.call("provider", () -> tenantAdministration.save(new TenantForm(acme, "acme", "Acme", 16, 65536,
                LabBootstrap.TENANT_SITE, "production/acme", LabBootstrap.PROVIDER_SITE, "tenants/acme-moved", List.of()))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("2 VMs in failover or failback");

        long undoWeb = as.call("acme-admin", () -> failover.undoFailover(web.id()));
        long undoApp = as.call("acme-admin", () -> failover.undoFailover(app.id()));
        assertThat(awaitFinished("acme-admin", undoWeb).state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(awaitFinished("acme-admin", undoApp).state()).isEqualTo(TaskState.SUCCEEDED);

        VmInfo webAfter = providerSite().findVm(webVm);
        assertThat(webAfter.powerState()).isEqualTo(VmInfo.PowerState.POWERED_OFF);
        assertThat(webAfter.snapshots()).hasSize(webSnapshotsBefore); // the undo marker is gone again
        assertThat(webAfter.snapshots()).noneMatch(s -> s.name().startsWith(InventoryService.LIFEBOAT_SNAPSHOT_PREFIX));
        assertThat(replica("acme-admin", "web-01").state()).isEqualTo(ReplicaState.READY);
        assertThat(replica("acme-admin", "app-01").state()).isEqualTo(ReplicaState.READY);
    }

    @Test
    void a_failover_of_no_vm_is_refused_with_what_to_do() {
        assertThatThrownBy(() -> as.call("acme-admin", () -> failover.startFailover(new FailoverRequest(List.of(), true))))
                .isInstanceOf(FailoverRefusedException.class).hasMessageContaining("Choose at least one VM to fail over.");
    }

    @Test
    void a_restore_point_of_another_replica_is_refused() {
        ReplicaRow web = replica("acme-admin", "web-02");
        ReplicaRow mail = replica("acme-admin", "mail-01");
        RestorePointInfo mailPoint = restorePoints("acme-admin", mail).get(0);
        assertThatThrownBy(() -> as.call("acme-admin", () -> failover.startFailover(
                new FailoverRequest(List.of(new FailoverRequest.VmChoice(web.id(), mailPoint.id())), true))))
                .isInstanceOf(FailoverRefusedException.class)
                .hasMessageContaining("restore point does not belong to this replica");
        assertThat(replica("acme-admin", "web-02").state()).isEqualTo(ReplicaState.READY);
    }

    @Test
    void more_vcpu_than_the_plan_allows_is_refused() {
        List<FailoverRequest.VmChoice> all = new ArrayList<>();
        for (String name : List.of("db-01", "web-02", "mail-01", "app-01")) { // 4 + 2 + 1 + 2 = 9 vCPU > 8
            ReplicaRow row = replica("acme-admin", name);
            all.add(new FailoverRequest.VmChoice(row.id(), restorePoints("acme-admin", row).get(0).id()));
        }
        assertThatThrownBy(() -> as.call("acme-admin", () -> failover.startFailover(new FailoverRequest(all, true))))
                .isInstanceOf(FailoverRefusedException.class).hasMessageContaining("Quota exceeded").hasMessageContaining("9 vCPU");
    }

    @Test
    void warnings_must_be_accepted_explicitly_when_the_original_is_still_running() {
        ReplicaRow mail = replica("acme-admin", "mail-01");
        FailoverRequest request = new FailoverRequest(List.of(new FailoverRequest.VmChoice(mail.id(), restorePoints("acme-admin", mail).get(0).id())), false);
        Preflight preflight = as.call("acme-admin", () -> failover.preflight(request));
        assertThat(preflight.findings()).anySatisfy(f -> {
            assertThat(f.severity()).isEqualTo(PreflightFinding.Severity.WARNING);
            assertThat(f.message()).contains("still powered on").contains("IP conflict");
        });
        assertThatThrownBy(() -> as.call("acme-admin", () -> failover.startFailover(request)))
                .isInstanceOf(FailoverRefusedException.class).hasMessageContaining("Confirm the warnings");
    }

    @Test
    void a_vm_already_in_failover_cannot_be_failed_over_again_and_two_racing_requests_cannot_both_win() throws Exception {
        ReplicaRow crm = replica("globex-admin", "crm-01");
        FailoverRequest request = new FailoverRequest(List.of(new FailoverRequest.VmChoice(crm.id(), restorePoints("globex-admin", crm).get(0).id())), true);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        Callable<Object> attempt = () -> {
            start.await();
            try {
                return as.call("globex-admin", () -> failover.startFailover(request));
            } catch (RuntimeException refused) {
                return refused;
            }
        };
        Future<Object> first = pool.submit(attempt);
        Future<Object> second = pool.submit(attempt);
        start.countDown();
        List<Object> outcomes = List.of(first.get(), second.get());
        pool.shutdown();
        assertThat(outcomes).filteredOn(o -> o instanceof Long).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o instanceof RuntimeException).hasSize(1)
                .allSatisfy(o -> assertThat(o).isInstanceOfAny(ConcurrentChangeException.class, FailoverRefusedException.class, IllegalTransitionException.class));
        long taskId = (Long) outcomes.stream().filter(o -> o instanceof Long).findFirst().orElseThrow();
        awaitFinished("globex-admin", taskId);

        assertThatThrownBy(() -> as.call("globex-admin", () -> failover.startFailover(request)))
                .isInstanceOf(FailoverRefusedException.class).hasMessageContaining("Only Ready replicas");

        long undo = as.call("globex-admin", () -> failover.undoFailover(crm.id()));
        assertThat(awaitFinished("globex-admin", undo).state()).isEqualTo(TaskState.SUCCEEDED);
    }

    @Test
    void another_tenants_replica_cannot_be_seen_failed_over_or_undone() {
        ReplicaRow acmeWeb = replica("acme-admin", "web-01");
        RestorePointInfo acmePoint = restorePoints("acme-admin", acmeWeb).get(0);

        assertThat(as.call("globex-admin", () -> overview.find(acmeWeb.id()))).isEmpty();
        assertThat(as.call("globex-admin", () -> overview.restorePoints(acmeWeb.id()))).isEmpty();
        assertThat(as.call("globex-admin", () -> overview.list(ReplicaFilter.none(), List.of(), 0, 100)))
                .extracting(ReplicaRow::id).doesNotContain(acmeWeb.id());
        assertThatThrownBy(() -> as.call("globex-admin", () -> failover.startFailover(
                new FailoverRequest(List.of(new FailoverRequest.VmChoice(acmeWeb.id(), acmePoint.id())), true))))
                .isInstanceOf(FailoverRefusedException.class).hasMessageContaining("no replica with id " + acmeWeb.id());
        assertThatThrownBy(() -> as.call("globex-admin", () -> failover.undoFailover(acmeWeb.id())))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> as.call("globex-admin", () -> operations.retry(acmeWeb.id())))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(replica("acme-admin", "web-01").state()).isEqualTo(ReplicaState.READY);
    }

    @Test
    void a_viewer_may_look_but_not_fail_over() {
        ReplicaRow web = replica("acme-viewer", "web-02");
        assertThatThrownBy(() -> as.call("acme-viewer", () -> failover.startFailover(
                new FailoverRequest(List.of(new FailoverRequest.VmChoice(web.id(), restorePoints("acme-viewer", web).get(0).id())), true))))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("may look but not change");
    }

    private ReplicaRow replica(String user, String vmName) {
        return as.call(user, () -> overview.list(new ReplicaFilter(vmName, null), List.of(), 0, 10)).stream()
                .filter(r -> r.vmName().equals(vmName)).findFirst().orElseThrow();
    }

    private List<RestorePointInfo> restorePoints(String user, ReplicaRow replica) {
        return as.call(user, () -> overview.restorePoints(replica.id()));
    }

    private String vmId(String user, ReplicaRow replica) {
        return inventory.replica(replica.tenantId(), replica.id()).orElseThrow().vmId();
    }

    private Hypervisor providerSite() {
        TenantSites sites = inventory.sitesOf(tenancy.findTenantByName("acme").orElseThrow().id());
        return connector.connect(sites.providerSite());
    }

    private TaskInfo awaitFinished(String user, long taskId) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> as.call(user, () -> tasks.find(taskId)).orElseThrow(), task -> task.state().isFinished());
    }
}
