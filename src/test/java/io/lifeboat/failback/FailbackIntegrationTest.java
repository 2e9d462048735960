package io.lifeboat.failback;

import static io.lifeboat.failback.FailbackTestSupport.dataDisk;
import static io.lifeboat.failback.FailbackTestSupport.files;
import static io.lifeboat.failback.FailbackTestSupport.sha256;
import static io.lifeboat.failback.FailbackTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.AsUser;
import io.lifeboat.LabTest;
import io.lifeboat.failover.FailoverService;
import io.lifeboat.inventory.InventoryService;
import io.lifeboat.inventory.ReplicaInfo;
import io.lifeboat.replica.IllegalTransitionException;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ReplicaState;
import io.lifeboat.tasks.TaskService;
import io.lifeboat.tasks.TaskState;
import io.lifeboat.tenancy.AccessDeniedException;
import io.lifeboat.tenancy.TenancyService;
import io.lifeboat.hypervisor.HypervisorAdmin;
import io.lifeboat.hypervisor.HypervisorConnector;
import io.lifeboat.hypervisor.HypervisorException;
import io.lifeboat.lab.LabSites;
import io.lifeboat.hypervisor.VmInfo;
import io.lifeboat.replica.ReplicaChange;
import io.lifeboat.replica.ReplicaEvent;
import io.lifeboat.replica.ReplicaJobs;
import io.lifeboat.replica.ReplicaOperations;
import io.lifeboat.replica.ReplicaTransitions;
import io.lifeboat.tasks.TaskType;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Failback, commit and undo failback through the real services against the lab's two vSphere simulators (no mocks). */
@LabTest
class FailbackIntegrationTest {

    private static final long MIB = 1 << 20;

    @Autowired AsUser as;
    @Autowired FailoverService failover;
    @Autowired FailbackService failback;
    @Autowired ReplicaOverviewService overview;
    @Autowired TaskService tasks;
    @Autowired InventoryService inventory;
    @Autowired TenancyService tenancy;
    @Autowired HypervisorConnector connector;
    @Autowired LabSites sites;
    @Autowired ReplicaOperations operations;
    @Autowired ReplicaTransitions states;
    @Autowired ReplicaJobs jobs;
    @Autowired JdbcTemplate jdbc;

    private FailbackTestSupport globex;

    @BeforeEach
    void setUp() {
        globex = new FailbackTestSupport(as, "globex-admin", "globex", failover, failback, overview, tasks, inventory, tenancy, connector);
    }

    @Test
    void failback_sends_only_the_changed_disk_verifies_it_and_commit_makes_the_replica_ready() {
        ReplicaRow row = globex.replica("files-01");
        ReplicaInfo replica = globex.replicaInfo(row);
        HypervisorAdmin provider = globex.providerSite();
        HypervisorAdmin tenant = globex.tenantSite();
        tenant.powerOff(replica.productionVmId(), Duration.ofSeconds(30)); // the failure, as a tenant stages it
        inventory.sync(row.tenantId());
        assertThat(globex.replica("files-01").originalPowerState()).isEqualTo("POWERED_OFF");
        globex.failOver(row);

        // the tenant worked in the replica: its first disk changed; a second disk holds the same data on both sides
        String replicaDisk = dataDisk(provider, replica.vmId());
        String productionDisk = dataDisk(tenant, replica.productionVmId());
        write(provider, replicaDisk, "files-01 changed at the provider", 6 * MIB);
        String replicaSecond = replicaDisk.replace("-flat.vmdk", "_1-flat.vmdk");
        String productionSecond = productionDisk.replace("-flat.vmdk", "_1-flat.vmdk");
        write(provider, replicaSecond, "files-01 second disk", 3 * MIB);
        write(tenant, productionSecond, "files-01 second disk", 3 * MIB);
        try {
            long taskId = as.call("globex-admin", () -> failback.startFailback(row.id(), FailbackTarget.original()));
            assertThat(globex.awaitFinished(taskId).state()).isEqualTo(TaskState.SUCCEEDED);

            assertThat(globex.replica("files-01").state()).isEqualTo(ReplicaState.FAILBACK_READY);
            assertThat(sha256(tenant, productionDisk)).isEqualTo(sha256(provider, replicaDisk));
            assertThat(sha256(tenant, productionSecond)).isEqualTo(sha256(provider, replicaSecond));
            assertThat(globex.log(taskId)).anyMatch(m -> m.startsWith("Sent 1 changed disk file(s), 6.0 MiB (6291456 bytes)")
                    && m.contains("1 unchanged disk file(s), 3.0 MiB, not sent") && m.contains("verified by SHA-256"));
            assertThat(files(tenant, replica.productionVmId())).noneMatch(f -> f.endsWith(FailbackTransfer.TEMP_SUFFIX));
            assertThat(provider.findVm(replica.vmId()).powerState()).isEqualTo(VmInfo.PowerState.POWERED_OFF);
            assertThat(tenant.findVm(replica.productionVmId()).powerState()).isEqualTo(VmInfo.PowerState.POWERED_ON);
            assertThat(globex.replica("files-01").originalPowerState()).as("shown as it now is").isEqualTo("POWERED_ON");

            long commit = as.call("globex-admin", () -> failback.commitFailback(row.id()));
            assertThat(globex.awaitFinished(commit).state()).isEqualTo(TaskState.SUCCEEDED);
            assertThat(globex.replica("files-01").state()).isEqualTo(ReplicaState.READY);
            VmInfo replicaAfter = provider.findVm(replica.vmId());
            assertThat(replicaAfter.powerState()).isEqualTo(VmInfo.PowerState.POWERED_OFF);
            assertThat(replicaAfter.snapshots()).noneMatch(s -> s.name().startsWith(InventoryService.LIFEBOAT_SNAPSHOT_PREFIX));
            assertThat(tenant.findVm(replica.productionVmId()).powerState()).isEqualTo(VmInfo.PowerState.POWERED_ON);
            assertThat(globex.replica("files-01").originalPowerState()).isEqualTo("POWERED_ON");
        } finally {
            provider.deleteFile(replicaSecond, Duration.ofSeconds(30));
            tenant.deleteFile(productionSecond, Duration.ofSeconds(30));
        }
    }

    @Test
    void failback_to_a_new_vm_then_undo_failback_runs_on_the_replica_again() {
        ReplicaRow row = globex.replica("dc-01");
        ReplicaInfo replica = globex.replicaInfo(row);
        HypervisorAdmin provider = globex.providerSite();
        HypervisorAdmin tenant = globex.tenantSite();
        globex.failOver(row);
        String replicaDisk = dataDisk(provider, replica.vmId());
        write(provider, replicaDisk, "dc-01 changed at the provider", 5 * MIB);
        String originalDigest = sha256(tenant, dataDisk(tenant, replica.productionVmId()));

        assertThatThrownBy(() -> as.call("globex-admin", () -> failback.startFailback(row.id(), FailbackTarget.newVm("files-01"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already a VM named files-01");
        long taskId = as.call("globex-admin", () -> failback.startFailback(row.id(), FailbackTarget.newVm("dc-01-restored")));
        assertThat(globex.awaitFinished(taskId).state()).isEqualTo(TaskState.SUCCEEDED);

        ReplicaRow after = globex.replica("dc-01");
        assertThat(after.state()).isEqualTo(ReplicaState.FAILBACK_READY);
        assertThat(after.failbackTarget()).isEqualTo("dc-01-restored");
        VmInfo created = tenant.listVms(globex.sites().tenantFolder()).stream().filter(vm -> vm.name().equals("dc-01-restored")).findFirst().orElseThrow();
        assertThat(created.powerState()).isEqualTo(VmInfo.PowerState.POWERED_ON);
        assertThat(created.ipAddress()).isEqualTo(replica.ipAddress());
        assertThat(sha256(tenant, dataDisk(tenant, created.id()))).isEqualTo(sha256(provider, replicaDisk));
        assertThat(sha256(tenant, dataDisk(tenant, replica.productionVmId()))).as("the original is not touched").isEqualTo(originalDigest);

        long undo = as.call("globex-admin", () -> failback.undoFailback(row.id()));
        assertThat(globex.awaitFinished(undo).state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(globex.replica("dc-01").state()).isEqualTo(ReplicaState.FAILED_OVER);
        assertThat(provider.findVm(replica.vmId()).powerState()).isEqualTo(VmInfo.PowerState.POWERED_ON);
        assertThat(tenant.findVm(created.id()).powerState()).isEqualTo(VmInfo.PowerState.POWERED_OFF);

        long undoFailover = as.call("globex-admin", () -> failover.undoFailover(row.id()));
        assertThat(globex.awaitFinished(undoFailover).state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(globex.replica("dc-01").state()).isEqualTo(ReplicaState.READY);
    }

    /**
     * A failback stopped after it powered the target on but before it recorded so (the node killed there, or the
     * power-on timed out in Lifeboat while vCenter completed it): vCenter has switched, the database has not, and the
     * target takes the tenant's writes. The retry used to power the target off and copy the replica's older disks over
     * those writes. Now it finds the switch recorded and only completes the failback.
     */
    @Test
    void a_failback_retried_after_it_switched_to_the_tenant_site_keeps_the_writes_made_there_since() {
        ReplicaRow row = globex.replica("crm-01");
        ReplicaInfo replica = globex.replicaInfo(row);
        HypervisorAdmin provider = globex.providerSite();
        HypervisorAdmin tenant = globex.tenantSite();
        globex.failOver(row);
        write(provider, dataDisk(provider, replica.vmId()), "crm-01 changed at the provider", 4 * MIB);
        long taskId = as.call("globex-admin", () -> failback.startFailback(row.id(), FailbackTarget.original()));
        assertThat(globex.awaitFinished(taskId).state()).isEqualTo(TaskState.SUCCEEDED);

        String productionDisk = dataDisk(tenant, replica.productionVmId());
        write(tenant, productionDisk, "crm-01 written at the tenant site after the switch", 4 * MIB);
        String writtenSinceTheSwitch = sha256(tenant, productionDisk);
        jdbc.update("update replica_status set state = 'ERROR', failed_operation = 'FAILBACK_STARTING', error_message = ? where replica_id = ?",
                "Failback failed while powering on crm-01 at your site: timed out.", row.id()); // as that run left it

        long retry = as.call("globex-admin", () -> operations.retry(row.id()));
        assertThat(globex.awaitFinished(retry).state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(sha256(tenant, productionDisk)).as("the writes made at the tenant site since the switch").isEqualTo(writtenSinceTheSwitch);
        assertThat(globex.log(retry)).noneMatch(m -> m.contains("powered off so its disks can be replaced"));
        assertThat(tenant.findVm(replica.productionVmId()).powerState()).isEqualTo(VmInfo.PowerState.POWERED_ON);
        assertThat(provider.findVm(replica.vmId()).powerState()).isEqualTo(VmInfo.PowerState.POWERED_OFF);
        assertThat(globex.replica("crm-01").state()).isEqualTo(ReplicaState.FAILBACK_READY);

        long commit = as.call("globex-admin", () -> failback.commitFailback(row.id()));
        assertThat(globex.awaitFinished(commit).state()).isEqualTo(TaskState.SUCCEEDED);
    }

    /**
     * A failback powers the original off before it copies from the provider: started while the provider's vCenter hung,
     * it left the original off and failed two minutes later. Now it is refused within seconds, saying why, with nothing
     * changed at either site; so is an undo, which would have cut the running replica off.
     */
    @Test
    void a_failback_or_undo_is_refused_within_seconds_while_the_provider_vcenter_hangs_and_nothing_is_touched() {
        ReplicaRow row = globex.replica("erp-01");
        ReplicaInfo replica = globex.replicaInfo(row);
        HypervisorAdmin tenant = globex.tenantSite();
        globex.failOver(row);
        VmInfo.PowerState originalBefore = tenant.findVm(replica.productionVmId()).powerState();

        long askedNanos = System.nanoTime();
        sites.providerSimulator().freeze();
        try {
            assertThatThrownBy(() -> as.call("globex-admin", () -> failback.startFailback(row.id(), FailbackTarget.original())))
                    .isInstanceOf(HypervisorException.class).hasMessageStartingWith("Your provider's vCenter has not answered since ")
                    .hasMessageContaining("a failback cannot start until it does");
            assertThat(Duration.ofNanos(System.nanoTime() - askedNanos)).as("not held for vCenter's read timeout").isLessThan(Duration.ofSeconds(60));
            // an undo would release the replica's IP first and cut the running replica off: refused the same way
            assertThatThrownBy(() -> as.call("globex-admin", () -> failover.undoFailover(row.id())))
                    .isInstanceOf(HypervisorException.class).hasMessageStartingWith("Your provider's vCenter has not answered since ")
                    .hasMessageContaining("an undo cannot start until it does. Nothing was changed: erp-01 keeps running at the provider.");
        } finally {
            sites.providerSimulator().thaw();
        }
        assertThat(globex.replica("erp-01").state()).isEqualTo(ReplicaState.FAILED_OVER);
        assertThat(tenant.findVm(replica.productionVmId()).powerState()).as("the original is not touched").isEqualTo(originalBefore);

        long undoFailover = as.call("globex-admin", () -> failover.undoFailover(row.id()));
        assertThat(globex.awaitFinished(undoFailover).state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(globex.replica("erp-01").state()).isEqualTo(ReplicaState.READY);
    }

    /**
     * The split-brain watchdog records a conflict on the replica's status in a transaction of its own; when that lands
     * between the user's start reading the status and writing it, the start used to be refused as "changed by another
     * request". It goes ahead once more now, and the state machine still refuses a second start of the same operation.
     */
    @Test
    void an_undo_raced_by_the_watchdog_writing_the_status_goes_ahead_and_a_second_undo_is_still_refused() {
        ReplicaRow row = globex.replica("erp-01");
        globex.failOver(row);
        AtomicInteger attempts = new AtomicInteger();
        long undo = as.call("globex-admin", () -> {
            ReplicaOperations.Target target = operations.operatorAndReplica(row.id());
            return operations.startInOwnTransaction(target, () -> {
                if (attempts.incrementAndGet() == 1) {
                    states.find(row.id()).orElseThrow();   // the start has read the status...
                    CompletableFuture.runAsync(() -> states.record(row.id(),   // ...when the watchdog's write lands
                            new ReplicaChange.RecordAddressConflict("00:0c:29:00:00:01", Instant.now()))).join();
                }
                return operations.begin(target, TaskType.UNDO_FAILOVER, "Undo failover of erp-01", ReplicaEvent.REQUEST_UNDO).taskId();
            });
        });
        assertThat(attempts).hasValue(2);
        assertThat(globex.replica("erp-01").state()).isEqualTo(ReplicaState.UNDOING);
        assertThatThrownBy(() -> as.call("globex-admin", () -> failover.undoFailover(row.id())))
                .isInstanceOf(IllegalTransitionException.class);
        jobs.schedule(ReplicaState.UNDOING, undo);   // what undoFailover schedules after its start
        assertThat(globex.awaitFinished(undo).state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(globex.replica("erp-01").state()).isEqualTo(ReplicaState.READY);
    }

    @Test
    void only_a_failed_over_replica_of_the_own_tenant_can_be_failed_back() {
        ReplicaRow erp = globex.replica("erp-01");
        assertThatThrownBy(() -> as.call("globex-admin", () -> failback.startFailback(erp.id(), FailbackTarget.original())))
                .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("Only a failed-over replica can be failed back");
        assertThatThrownBy(() -> as.call("acme-admin", () -> failback.startFailback(erp.id(), FailbackTarget.original())))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> as.call("globex-admin", () -> failback.commitFailback(erp.id())))
                .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("no completed failback");
        assertThat(globex.replica("erp-01").state()).isEqualTo(ReplicaState.READY);
    }
}
