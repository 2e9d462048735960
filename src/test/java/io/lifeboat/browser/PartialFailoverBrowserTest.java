package io.lifeboat.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.lifeboat.AsUser;
import io.lifeboat.LabReset;
import io.lifeboat.LabTest;
import io.lifeboat.failover.FailoverService;
import io.lifeboat.hypervisor.Hypervisor;
import io.lifeboat.hypervisor.HypervisorConnector;
import io.lifeboat.inventory.InventoryService;
import io.lifeboat.inventory.RestorePointInfo;
import io.lifeboat.replica.ReplicaFilter;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ReplicaState;
import io.lifeboat.ui.UiBroadcaster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The acceptance storyline in a real browser: acme's operator runs the wizard for two VMs with different restore
 * points, sees both Failed over, undoes one after confirming; the provider sees acme's VM in failover and the Cloud
 * Failover task; globex's operator sees none of acme's VMs, not even by URL.
 */
@LabTest
class PartialFailoverBrowserTest {

    @RegisterExtension
    static Chromium chromium = new Chromium();

    @LocalServerPort int port;
    @Autowired AsUser as;
    @Autowired LabReset lab;
    @Autowired ReplicaOverviewService overview;
    @Autowired FailoverService failover;
    @Autowired UiBroadcaster broadcaster;
    @Autowired HypervisorConnector connector;
    @Autowired InventoryService inventory;

    /**
     * In an emergency the replica grid changes under the pointer: every task's progress and every state change refreshes
     * it. A press on a row's Options that such a refresh lands in the middle of must still open the replica.
     */
    @Test
    void a_click_on_options_that_a_live_update_lands_in_the_middle_of_still_opens_the_replica() {
        PortalPage acme = new PortalPage(chromium.newPage(baseUrl())).logIn("acme-admin", "acme");
        Locator options = acme.page().locator("#options-web-01");
        assertThat(options).isVisible();
        com.microsoft.playwright.options.BoundingBox box = options.boundingBox();
        acme.page().mouse().move(box.x + box.width / 2, box.y + box.height / 2);
        acme.page().mouse().down();
        broadcaster.changed(null);   // what a task's progress or a replica's new state sends every open page
        acme.page().waitForTimeout(1_500);   // the push, and the grid's rows read again, arrive meanwhile
        acme.page().mouse().up();
        assertThat(acme.page().locator("#replica-title")).hasText("web-01");
    }

    @Test
    void acme_fails_over_two_vms_undoes_one_and_the_provider_and_globex_see_what_they_should() {
        ReplicaRow web02 = replica("web-02");
        List<RestorePointInfo> web02Points = as.call("acme-admin", () -> overview.restorePoints(web02.id()));
        RestorePointInfo olderPoint = web02Points.get(1);

        PortalPage acme = new PortalPage(chromium.newPage(baseUrl())).logIn("acme-admin", "acme");
        assertThat(acme.gridCell("replica-grid", "web-02")).isVisible();
        assertThat(acme.gridCell("replica-grid", "erp-01")).hasCount(0);
        acme.screenshot("01-replicas");

        acme.openWizard();
        acme.pick("web-02");
        acme.pick("mail-01");
        acme.next();
        acme.chooseRestorePoint("web-02", olderPoint.name());
        // each point says how old it is, so what a failover from it loses is plain (the lab's are named after their time)
        assertThat(acme.page().locator("#rp-web-02")).containsText(java.util.regex.Pattern.compile(olderPoint.name() + " · \\d+ (s|min|h \\d+ min|days? \\d+ h) ago"));
        acme.screenshot("02-wizard-restore-points");
        acme.next();
        assertThat(acme.page().locator("#preflight-findings")).containsText("still powered on");
        acme.screenshot("03-wizard-summary");
        acme.acceptWarningsAndDoubleClickFinish();
        assertThat(acme.page().locator("#progress-web-02 [data-state]")).hasAttribute("data-state", "FAILED_OVER",
                new com.microsoft.playwright.assertions.LocatorAssertions.HasAttributeOptions().setTimeout(30_000));
        assertThat(acme.page().locator("#progress-mail-01 [data-state]")).hasAttribute("data-state", "FAILED_OVER");
        assertThat(acme.page().locator("#error-notification")).hasCount(0); // a double click starts one failover, and says nothing false
        acme.screenshot("04-wizard-progress");
        acme.page().locator("#wizard-close").click();
        assertThat(acme.stateOf("web-02")).hasAttribute("data-state", "FAILED_OVER");
        assertThat(acme.stateOf("mail-01")).hasAttribute("data-state", "FAILED_OVER");

        acme.page().locator("#options-web-02").click();
        assertThat(acme.page().locator("#replica-title")).hasText("web-02");
        acme.page().locator("#undo-failover").click();
        Locator confirm = acme.page().locator("vaadin-confirm-dialog-overlay");
        assertThat(confirm).containsText("is lost");
        assertThat(confirm.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Cancel")))
                .isFocused();   // what loses the changes is never one habitual Enter away
        acme.screenshot("05-undo-confirmation");
        acme.button("Undo failover and discard changes").click();
        assertThat(acme.page().locator("#replica-state")).hasAttribute("data-state", "READY",
                new com.microsoft.playwright.assertions.LocatorAssertions.HasAttributeOptions().setTimeout(30_000));
        acme.page().navigate("/replicas");
        assertThat(acme.stateOf("web-02")).hasAttribute("data-state", "READY");
        assertThat(acme.stateOf("mail-01")).hasAttribute("data-state", "FAILED_OVER");
        acme.logOut();

        PortalPage provider = new PortalPage(chromium.newPage(baseUrl())).logIn("provider", "provider");
        assertThat(provider.gridCell("in-failover-grid", "mail-01")).isVisible();
        assertThat(provider.gridCell("in-failover-grid", "ACME Corporation")).isVisible();
        assertThat(provider.gridCell("in-failover-grid", "web-02")).hasCount(0);
        provider.screenshot("06-provider-dashboard");
        provider.page().navigate("/tasks");
        assertThat(provider.gridCell("task-grid", "Cloud Failover").first()).isVisible();
        assertThat(provider.gridCell("task-grid", "Partial failover of 2 VMs (mail-01, web-02)")).hasCount(1);
        provider.gridCell("task-grid", "Partial failover of 2 VMs (mail-01, web-02)").click();
        assertThat(provider.page().locator("#task-state")).hasText("Succeeded");
        assertThat(provider.page().locator("#task-log")).containsText("Running at the provider");
        provider.screenshot("07-provider-tasks");

        PortalPage globex = new PortalPage(chromium.newPage(baseUrl())).logIn("globex-admin", "globex");
        assertThat(globex.gridCell("replica-grid", "erp-01")).isVisible();
        assertThat(globex.gridCell("replica-grid", "mail-01")).hasCount(0);
        assertThat(globex.gridCell("replica-grid", "web-02")).hasCount(0);
        globex.page().navigate("/replica/" + web02.id());
        assertThat(globex.page().locator("#replica-not-found")).isVisible();
        assertThat(globex.page().locator("#replica-title")).hasCount(0);
        globex.page().navigate("/provider");
        assertThat(globex.page().locator("#tenant-grid")).hasCount(0);
        assertThat(chromium.cspViolations()).as("the Content-Security-Policy blocked nothing along the way").isEmpty();
    }

    /**
     * The summary warned about one VM's original, the user accepted that, then someone at the tenant site powered the
     * other VM's original on again: Finish must not claim the user accepted a warning they never saw. The wizard shows
     * the new warning and waits for its box.
     */
    @Test
    void a_warning_that_arises_after_the_summary_was_read_stops_finish_until_it_is_accepted() {
        ReplicaRow web = replica("web-02");
        Hypervisor tenantSite = connector.connect(inventory.sitesOf(web.tenantId()).tenantSite());
        String original = inventory.replica(web.tenantId(), web.id()).orElseThrow().productionVmId();
        tenantSite.powerOff(original, Duration.ofSeconds(30));
        PortalPage acme = new PortalPage(chromium.newPage(baseUrl())).logIn("acme-admin", "acme");
        acme.openWizard();
        acme.pick("web-02");
        acme.pick("mail-01");
        acme.next();
        assertThat(acme.page().locator("#rp-mail-01")).isVisible();   // on step 2 before Next again: a click during the step's push was lost
        acme.next();
        Page page = acme.page();
        assertThat(page.locator("#preflight-findings")).containsText("mail-01: The original VM is still powered on",
                new LocatorAssertions.ContainsTextOptions().setTimeout(60_000));
        assertThat(page.locator("#preflight-findings")).not().containsText("web-02");
        page.locator("#accept-warnings").click();
        tenantSite.powerOn(original, Duration.ofSeconds(30));
        page.locator("#wizard-finish").click();

        assertThat(page.locator("#wizard-refused")).containsText("web-02");
        assertThat(page.locator("#preflight-findings")).containsText("web-02: The original VM is still powered on",
                new LocatorAssertions.ContainsTextOptions().setTimeout(60_000));
        assertThat(page.locator("#accept-warnings input")).not().isChecked();
        assertThat(page.locator("#wizard-finish")).isDisabled();
        assertThat(replica("web-02").state()).as("nothing started").isEqualTo(ReplicaState.READY);
        assertThat(replica("mail-01").state()).isEqualTo(ReplicaState.READY);
    }

    /** Leaves the shared lab as it found it, also when the test failed half-way. */
    @AfterEach
    void restoreTheLab() {
        lab.acmeAsSeeded();
    }

    private ReplicaRow replica(String vmName) {
        return as.call("acme-admin", () -> overview.list(new ReplicaFilter(vmName, null), List.of(), 0, 10)).get(0);
    }

    private String baseUrl() {
        return "http://localhost:" + port;
    }
}
