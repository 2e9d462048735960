package io.lifeboat.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.lifeboat.LabReset;
import io.lifeboat.LabTest;
import java.nio.file.Files;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A drill in a real browser: acme's operator opens Test failover… from the replica list, picks a VM, keeps the latest
 * restore point and the default time limit, lands on the drill's evidence page, sees it running, ends it after
 * confirming and downloads the PDF report.
 */
@LabTest
class DrillBrowserTest {

    private static final LocatorAssertions.ContainsTextOptions SLOW = new LocatorAssertions.ContainsTextOptions().setTimeout(60_000);

    @RegisterExtension
    static Chromium chromium = new Chromium();

    @LocalServerPort int port;
    @Autowired LabReset lab;

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
        acme.screenshot("drill-01-summary");
        acme.page().locator("#drill-wizard-finish").click();

        Locator report = acme.page().locator("#drill-report");
        assertThat(report.locator("h3")).containsText("Running", SLOW);
        assertThat(acme.page().locator("#drill-vms")).containsText("app-01");
        acme.screenshot("drill-02-running");

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
        acme.page().navigate("/replicas");
        assertThat(acme.stateOf("app-01")).hasAttribute("data-state", "READY");
    }

    /** Ends the drill if the test stopped before it did: a replica left in a drill fails every later test that picks it. */
    @AfterEach
    void restoreTheLab() {
        lab.acmeAsSeeded();
    }
}
