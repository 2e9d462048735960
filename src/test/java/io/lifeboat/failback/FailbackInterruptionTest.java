package io.lifeboat.failback;

import static io.lifeboat.failback.FailbackTestSupport.dataDisk;
import static io.lifeboat.failback.FailbackTestSupport.files;
import static io.lifeboat.failback.FailbackTestSupport.sha256;
import static io.lifeboat.failback.FailbackTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.assertions.LocatorAssertions.HasAttributeOptions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.lifeboat.AsUser;
import io.lifeboat.LabTest;
import io.lifeboat.browser.Chromium;
import io.lifeboat.browser.PortalPage;
import io.lifeboat.failover.FailoverService;
import io.lifeboat.inventory.InventoryService;
import io.lifeboat.inventory.ReplicaInfo;
import io.lifeboat.lab.LabSites;
import io.lifeboat.replica.ReplicaOperations;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ReplicaState;
import io.lifeboat.replica.IllegalTransitionException;
import io.lifeboat.tasks.TaskService;
import io.lifeboat.tasks.TaskState;
import io.lifeboat.tasks.TaskInfo;
import io.lifeboat.tenancy.TenancyService;
import io.lifeboat.hypervisor.HypervisorAdmin;
import io.lifeboat.hypervisor.HypervisorConnector;
import io.lifeboat.hypervisor.VmInfo;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * A failback that is interrupted: the tenant's vCenter goes away mid-transfer, or the tenant cancels. The transfer is
 * capped at 8 MiB/s here so that "mid-transfer" is a few seconds long, which also lets the browser watch the progress.
 * Its own context, because it takes a site down.
 */
@LabTest
@TestPropertySource(properties = {"lifeboat.test.context=failback-interruption", "lifeboat.failback.max-bytes-per-second=8388608",
        "lifeboat.failback.concurrent-copies=1"})
@DirtiesContext
class FailbackInterruptionTest {

    private static final long DISK_BYTES = 24L << 20; // 3 s at the cap

    @Autowired AsUser as;
    @Autowired FailoverService failover;
    @Autowired ReplicaOperations operations;
    @Autowired FailbackService failback;
    @Autowired ReplicaOverviewService overview;
    @Autowired TaskService tasks;
    @Autowired InventoryService inventory;
    @Autowired TenancyService tenancy;
    @Autowired HypervisorConnector connector;
    @Autowired LabSites lab;
    @Autowired org.springframework.jdbc.core.JdbcTemplate jdbc;

    @RegisterExtension
    static Chromium chromium = new Chromium();

    @LocalServerPort int port;

    private FailbackTestSupport acme;

    @BeforeEach
    void setUp() {
        acme = new FailbackTestSupport(as, "acme-admin", "acme", failover, failback, overview, tasks, inventory, tenancy, connector);
    }

    @Test
    void a_tenant_site_that_goes_away_mid_transfer_fails_clearly_and_a_retry_completes_with_correct_data_and_no_temp_file() {
        ReplicaRow row = acme.replica("db-01");
        ReplicaInfo replica = acme.replicaInfo(row);
        HypervisorAdmin provider = acme.providerSite();
        HypervisorAdmin tenant = acme.tenantSite();
        acme.failOver(row);
        String replicaDisk = dataDisk(provider, replica.vmId());
        write(provider, replicaDisk, "db-01 worked on at the provider", DISK_BYTES);

        long taskId = as.call("acme-admin", () -> failback.startFailback(row.id(), FailbackTarget.original()));
        awaitBytesSent(taskId);
        lab.tenantSimulator().disconnect();
        TaskInfo failed;
        try {
            failed = acme.awaitFinished(taskId);
        } finally {
            lab.tenantSimulator().reconnect();
        }
        assertThat(failed.state()).isEqualTo(TaskState.FAILED);
        ReplicaRow inError = acme.replica("db-01");
        assertThat(inError.state()).isEqualTo(ReplicaState.ERROR);
        assertThat(inError.failedOperation()).isEqualTo(ReplicaState.FAILBACK_STARTING);
        assertThat(inError.errorMessage()).contains("Failback failed while copying the disks to your site")
                .contains("Retry the failback, or undo it");
        assertThat(provider.findVm(replica.vmId()).powerState()).as("the replica keeps serving").isEqualTo(VmInfo.PowerState.POWERED_ON);
        String productionDisk = dataDisk(tenant, replica.productionVmId());
        assertThat(sha256(tenant, productionDisk)).isNotEqualTo(sha256(provider, replicaDisk));

        long retry = as.call("acme-admin", () -> operations.retry(row.id()));
        assertThat(acme.awaitFinished(retry).state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(acme.replica("db-01").state()).isEqualTo(ReplicaState.FAILBACK_READY);
        assertThat(sha256(tenant, productionDisk)).isEqualTo(sha256(provider, replicaDisk));
        assertThat(files(tenant, replica.productionVmId())).noneMatch(f -> f.endsWith(FailbackTransfer.TEMP_SUFFIX));

        long commit = as.call("acme-admin", () -> failback.commitFailback(row.id()));
        assertThat(acme.awaitFinished(commit).state()).isEqualTo(TaskState.SUCCEEDED);
    }

    @Test
    void a_cancelled_failback_replaces_nothing_and_leaves_the_replica_failed_over() {
        ReplicaRow row = acme.replica("web-01");
        ReplicaInfo replica = acme.replicaInfo(row);
        HypervisorAdmin provider = acme.providerSite();
        HypervisorAdmin tenant = acme.tenantSite();
        acme.failOver(row);
        write(provider, dataDisk(provider, replica.vmId()), "web-01 worked on at the provider", DISK_BYTES);
        String productionDisk = dataDisk(tenant, replica.productionVmId());
        String before = sha256(tenant, productionDisk);

        long taskId = as.call("acme-admin", () -> failback.startFailback(row.id(), FailbackTarget.original()));
        awaitBytesSent(taskId);
        // once a failback switched over (an earlier attempt powered the replica off), it can no longer be cancelled
        jdbc.update("update replica_status set failback_switched = true where replica_id = ?", row.id());
        try {
            assertThatThrownBy(() -> as.run("acme-admin", () -> failback.cancelFailback(row.id())))
                    .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("can no longer be cancelled");
        } finally {
            jdbc.update("update replica_status set failback_switched = false where replica_id = ?", row.id());
        }
        as.run("acme-admin", () -> failback.cancelFailback(row.id()));

        assertThat(acme.awaitFinished(taskId).state()).isEqualTo(TaskState.CANCELLED);
        assertThat(acme.replica("web-01").state()).isEqualTo(ReplicaState.FAILED_OVER);
        assertThat(sha256(tenant, productionDisk)).isEqualTo(before);
        assertThat(files(tenant, replica.productionVmId())).noneMatch(f -> f.endsWith(FailbackTransfer.TEMP_SUFFIX));
        assertThat(provider.findVm(replica.vmId()).powerState()).isEqualTo(VmInfo.PowerState.POWERED_ON);

        long undo = as.call("acme-admin", () -> failover.undoFailover(row.id()));
        assertThat(acme.awaitFinished(undo).state()).isEqualTo(TaskState.SUCCEEDED);
    }

    @Test
    void the_browser_shows_bytes_rate_and_time_left_live_and_the_tenant_can_cancel_there() {
        ReplicaRow row = acme.replica("web-02");
        ReplicaInfo replica = acme.replicaInfo(row);
        HypervisorAdmin provider = acme.providerSite();
        acme.failOver(row);
        write(provider, dataDisk(provider, replica.vmId()), "web-02 worked on at the provider", DISK_BYTES);

        PortalPage page = new PortalPage(chromium.newPage("http://localhost:" + port)).logIn("acme-admin", "acme");
        Page browser = page.page();
        browser.navigate("/replica/" + row.id());
        browser.locator("#failback").click();
        browser.locator("#failback-start").click();
        PlaywrightAssertions.assertThat(browser.locator("#failback-progress")).isVisible();
        PlaywrightAssertions.assertThat(browser.locator("#failback-progress-text")).containsText("MB/s");
        PlaywrightAssertions.assertThat(browser.locator("#failback-progress-text")).containsText("s left");
        PlaywrightAssertions.assertThat(browser.locator("#failback-progress-text")).containsText(" of 24.0 MiB");
        page.screenshot("failback-05-progress");
        browser.locator("#cancel-failback").click();
        PlaywrightAssertions.assertThat(browser.getByText("What was copied to your site so far is discarded")).isVisible();
        browser.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Cancel failback").setExact(true)).click();
        PlaywrightAssertions.assertThat(browser.locator("#replica-state")).hasAttribute("data-state", "FAILED_OVER",
                new HasAttributeOptions().setTimeout(30_000));
        assertThat(files(acme.tenantSite(), replica.productionVmId())).noneMatch(f -> f.endsWith(FailbackTransfer.TEMP_SUFFIX));

        long undo = as.call("acme-admin", () -> failover.undoFailover(row.id()));
        assertThat(acme.awaitFinished(undo).state()).isEqualTo(TaskState.SUCCEEDED);
    }

    @Test
    void a_failback_beyond_the_nodes_copy_slots_waits_without_touching_its_vm_then_runs_and_one_waiting_can_be_cancelled() {
        ReplicaRow app = acme.replica("app-01");
        ReplicaRow mail = acme.replica("mail-01");
        ReplicaRow proxy = acme.replica("proxy-01");
        HypervisorAdmin provider = acme.providerSite();
        HypervisorAdmin tenant = acme.tenantSite();
        for (ReplicaRow row : List.of(app, mail, proxy)) {
            acme.failOver(row);
            long bytes = row == app ? 4 * DISK_BYTES : DISK_BYTES;   // app-01 copies for 12 s: the others wait that long
            write(provider, dataDisk(provider, acme.replicaInfo(row).vmId()), row.vmName() + " worked on at the provider", bytes);
        }
        long copying = as.call("acme-admin", () -> failback.startFailback(app.id(), FailbackTarget.original()));
        awaitBytesSent(copying);

        long waiting = as.call("acme-admin", () -> failback.startFailback(mail.id(), FailbackTarget.original()));
        long cancelled = as.call("acme-admin", () -> failback.startFailback(proxy.id(), FailbackTarget.original()));
        await().atMost(Duration.ofSeconds(10)).until(() -> acme.log(waiting).stream().anyMatch(line -> line.contains("Waiting: other failbacks")));
        assertThat(tenant.findVm(acme.replicaInfo(mail).productionVmId()).powerState()).as("its VM at the tenant site is untouched meanwhile")
                .isEqualTo(VmInfo.PowerState.POWERED_ON);
        as.run("acme-admin", () -> failback.cancelFailback(proxy.id()));
        assertThat(acme.awaitFinished(cancelled).state()).isEqualTo(TaskState.CANCELLED);
        assertThat(acme.replica("proxy-01").state()).isEqualTo(ReplicaState.FAILED_OVER);
        assertThat(tenant.findVm(acme.replicaInfo(proxy).productionVmId()).powerState()).isEqualTo(VmInfo.PowerState.POWERED_ON);
        assertThat(as.call("acme-admin", () -> tasks.find(copying)).orElseThrow().state()).as("cancelled while the first still copies")
                .isEqualTo(TaskState.RUNNING);

        assertThat(acme.awaitFinished(copying).state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(acme.awaitFinished(waiting).state()).as("it ran once the slot was free").isEqualTo(TaskState.SUCCEEDED);
        for (ReplicaRow row : List.of(app, mail)) {
            assertThat(acme.awaitFinished(as.call("acme-admin", () -> failback.commitFailback(row.id()))).state()).isEqualTo(TaskState.SUCCEEDED);
        }
        assertThat(acme.awaitFinished(as.call("acme-admin", () -> failover.undoFailover(proxy.id()))).state()).isEqualTo(TaskState.SUCCEEDED);
    }

    private void awaitBytesSent(long taskId) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> as.call("acme-admin", () -> tasks.find(taskId)).orElseThrow(),
                        task -> task.progressDetail() != null && task.progressDetail().startsWith("Sending") && task.progress() > 0);
    }
}
