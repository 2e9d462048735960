package io.lifeboat.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.lifeboat.AsUser;
import io.lifeboat.LabReset;
import io.lifeboat.LabTest;
import io.lifeboat.drill.DrillRequest;
import io.lifeboat.drill.DrillService;
import io.lifeboat.drillschedule.DrillScheduleService;
import io.lifeboat.replica.ReplicaFilter;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.tasks.TaskService;
import java.nio.file.Files;
import java.time.Duration;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A drill in a real browser: acme's operator opens Test failover… from the replica list, picks a VM, keeps the latest
 * restore point and the default time limit, lands on the drill's evidence page, sees it running, ends it after
 * confirming and downloads the PDF report. And schedules drills on the same page: a bad cron expression is explained, a
 * schedule is listed and deleted after a confirmation.
 */
@LabTest
class DrillBrowserTest {

    private static final LocatorAssertions.ContainsTextOptions SLOW = new LocatorAssertions.ContainsTextOptions().setTimeout(60_000);

    @RegisterExtension
    static Chromium chromium = new Chromium();

    @LocalServerPort int port;
    @Autowired io.lifeboat.ui.UiBroadcaster broadcaster;
    @Autowired LabReset lab;
    @Autowired AsUser as;
    @Autowired DrillScheduleService schedules;
    @Autowired DrillService drills;
    @Autowired ReplicaOverviewService overview;
    @Autowired TaskService tasks;
    @Autowired JdbcTemplate jdbc;

    @Test
    void an_operator_runs_a_drill_from_the_wizard_ends_it_and_downloads_the_report() throws Exception {
        PortalPage acme = new PortalPage(chromium.newPage("http://localhost:" + port)).logIn("acme-admin", "acme");
        acme.page().locator("#test-failover").click();
        assertThat(acme.page().locator("#drill-vm-grid")).isVisible();
        acme.page().locator("#drill-pick-app-01").click();
        acme.page().locator("#drill-wizard-next").click();
        assertThat(acme.page().locator("#drill-time-limit")).containsText("8 hours");
        acme.page().locator("#drill-wizard-next").click();
        assertThat(acme.page().locator("vaadin-dialog-overlay")).containsText("ends by itself after 8 hours");
        assertThat(acme.page().locator("#drill-check-answer")).containsText("All checks passed.", SLOW);
        assertThat(acme.page().locator("#drill-wizard-finish")).isEnabled();
        acme.screenshot("drill-01-summary");
        acme.page().locator("#drill-wizard-finish").click();

        Locator report = acme.page().locator("#drill-report");
        assertThat(report.locator("h3")).containsText("Running", SLOW);
        assertThat(acme.page().locator("#drill-vms")).containsText("app-01");
        acme.screenshot("drill-02-running");

        // from the VM's own page, "End test failover…" leads to its drill's report, not to the list of drills
        acme.page().navigate("/replicas");
        acme.page().locator("#options-app-01").click();
        acme.page().locator("#end-drill-replica").click();
        assertThat(report.locator("h3")).containsText("Running", SLOW);
        assertThat(acme.page().locator("#drill-vms")).containsText("app-01");
        acme.page().locator("#end-drill").click();
        assertThat(acme.page().locator("vaadin-confirm-dialog-overlay")).containsText("reverted");
        acme.button("End the drill").click();
        assertThat(report.locator("h3")).containsText("Ended", SLOW);
        assertThat(acme.page().locator("#drill-facts")).containsText("Ended by acme-admin");

        Download download = acme.page().waitForDownload(() -> acme.page().locator("#drill-pdf").click());
        byte[] pdf = Files.readAllBytes(download.path());
        try (PDDocument document = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
            assertThat(text).contains("evidence report", "Started by acme-admin", "app-01", "Ended by acme-admin");
        }

        // a hash being checked stays while the tenant's tasks go on (each of their lines refreshes the page)
        acme.page().locator("#drill-verify-hash input").fill("not-the-hash");
        acme.page().locator("#drill-verify").click();
        assertThat(acme.page().locator("#drill-verify-result")).containsText("Does not match");
        broadcaster.changed(null);
        acme.page().waitForTimeout(1_500);
        assertThat(acme.page().locator("#drill-verify-hash input")).hasValue("not-the-hash");
        assertThat(acme.page().locator("#drill-verify-result")).containsText("Does not match");

        acme.page().navigate("/replicas");
        assertThat(acme.stateOf("app-01")).hasAttribute("data-state", "READY");
    }

    @Test
    void a_ready_replicas_page_opens_the_test_failover_wizard_with_that_vm_chosen() {
        PortalPage acme = new PortalPage(chromium.newPage("http://localhost:" + port)).logIn("acme-admin", "acme");
        acme.page().locator("#options-web-01").click();
        acme.page().locator("#test-failover-replica").click();
        assertThat(acme.page().locator("#drill-pick-web-01")).hasAttribute("checked", "");
        assertThat(acme.page().locator("#drill-pick-app-01")).not().hasAttribute("checked", "");
        assertThat(acme.page().locator("#drill-wizard-next")).isEnabled();

        acme.page().locator("#drill-wizard-next").click();
        acme.page().locator("#drill-checks-web-01 input").fill("tcp:abc");
        acme.page().locator("#drill-wizard-next").click();
        assertThat(acme.page().locator("#drill-checks-web-01")).hasAttribute("invalid", "");
        assertThat(acme.page().locator("#drill-checks-web-01")).containsText("\"tcp:abc\" is not a check");
        assertThat(acme.page().locator("#drill-time-limit")).isVisible();   // still on step 2
        acme.page().locator("#drill-checks-web-01 input").fill("tcp:22");
        acme.page().locator("#drill-wizard-next").click();
        assertThat(acme.page().locator("vaadin-dialog-overlay")).containsText("checks: tcp:22");
        acme.page().locator("#drill-wizard-cancel").click();
        assertThat(acme.page().locator("#drill-wizard")).isHidden();
    }

    @Test
    void an_operator_schedules_drills_is_told_what_is_wrong_with_a_cron_expression_and_deletes_a_schedule_after_confirming() {
        PortalPage acme = new PortalPage(chromium.newPage("http://localhost:" + port)).logIn("acme-admin", "acme");
        acme.page().navigate("/drills");
        assertThat(acme.page().locator("#drill-schedule-grid")).containsText("No schedules yet: pick VMs, their checks and a cron expression below.");
        acme.page().locator("#drill-schedule-vms input").fill("web-01");
        acme.page().locator("vaadin-multi-select-combo-box-item").filter(new Locator.FilterOptions().setHasText("web-01")).click();
        acme.page().locator("#drill-schedule-vms input").press("Escape"); // closes the list; the pick stays
        Locator cron = acme.page().locator("#drill-schedule-cron input");
        cron.fill("every sunday");
        acme.page().locator("#drill-schedule-create").click();
        assertThat(acme.page().locator("#drill-schedule-error")).containsText("\"every sunday\" is not a valid cron expression");
        assertThat(acme.page().locator("#drill-schedule-cron")).hasAttribute("invalid", "");

        cron.fill("0 0 3 ? * SUN");
        acme.page().locator("#drill-schedule-create").click();
        Locator schedules = acme.page().locator("#drill-schedule-grid");
        assertThat(schedules).containsText("0 0 3 ? * SUN");
        assertThat(schedules).containsText("web-01 (ping)");
        acme.screenshot("drill-03-schedule");

        schedules.locator("[id^='drill-schedule-delete-']").click();
        assertThat(acme.page().locator("vaadin-confirm-dialog-overlay")).containsText("No more test failovers start from it");
        acme.button("Delete the schedule").click();
        assertThat(acme.page().locator("vaadin-notification-card").last()).containsText("deleted");
        // the grid keeps a hidden row's cells in the page, so the outcome is read where it is kept
        await().atMost(Duration.ofSeconds(10)).until(() -> as.call("acme-admin", () -> this.schedules.schedules()).isEmpty());
    }

    /**
     * A drill left Starting by a start that broke off (before such runs marked it started) can be ended through the API;
     * the page offered End for Running drills only. Staged by setting a started drill back to Starting.
     */
    @Test
    void a_drill_left_starting_by_a_broken_start_is_offered_end_on_its_page() {
        long web = as.call("acme-admin", () -> overview.list(new ReplicaFilter("web-01", null), java.util.List.of(), 0, 10)).stream()
                .filter(r -> r.vmName().equals("web-01")).findFirst().orElseThrow().id();
        long point = as.call("acme-admin", () -> overview.restorePoints(web)).get(0).id();
        long drillId = as.call("acme-admin", () -> drills.start(new DrillRequest(java.util.List.of(new DrillRequest.VmChoice(web, point)),
                Duration.ofHours(1))));
        long startTask = as.call("acme-admin", () -> drills.find(drillId)).orElseThrow().taskId();
        await().atMost(Duration.ofSeconds(60)).until(() -> as.call("acme-admin", () -> tasks.find(startTask)).orElseThrow().state().isFinished());
        jdbc.update("update drill set state = 'STARTING' where id = ?", drillId); // as a start broken before the fix left it

        PortalPage acme = new PortalPage(chromium.newPage("http://localhost:" + port)).logIn("acme-admin", "acme");
        acme.page().navigate("/drills?drill=" + drillId);
        Locator report = acme.page().locator("#drill-report");
        assertThat(report.locator("h3")).containsText("Starting");
        acme.page().locator("#end-drill").click();
        acme.button("End the drill").click();
        assertThat(report.locator("h3")).containsText("Ended", SLOW);
        assertThat(acme.page().locator("#drill-facts")).containsText("Ended by acme-admin");
    }

    /**
     * Leaves no schedule and no drill behind for the tests that share this context, even when the test failed half-way:
     * a replica left in a drill fails every later test that picks it.
     */
    @AfterEach
    void restoreTheLab() {
        as.run("acme-admin", () -> schedules.schedules().forEach(s -> schedules.delete(s.id())));
        lab.acmeAsSeeded();
    }
}
