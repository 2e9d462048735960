package io.lifeboat.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions.HasAttributeOptions;
import io.lifeboat.AsUser;
import io.lifeboat.LabReset;
import io.lifeboat.LabTest;
import io.lifeboat.failback.FailbackService;
import io.lifeboat.failback.FailbackTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Failback in a real browser: failover → failback → commit, and failover → failback → undo failback. */
@LabTest
class FailbackBrowserTest {

    private static final HasAttributeOptions SLOW = new HasAttributeOptions().setTimeout(30_000);

    @RegisterExtension
    static Chromium chromium = new Chromium();

    @LocalServerPort int port;
    @Autowired AsUser as;
    @Autowired LabReset lab;
    @Autowired FailbackService failback;

    @Test
    void acme_fails_over_a_vm_fails_it_back_to_production_and_commits() {
        PortalPage acme = failedOverInBrowser("app-01");
        failBack(acme, "app-01");
        acme.page().locator("#commit-failback").click();
        assertThat(acme.page().locator("vaadin-confirm-dialog-overlay")).containsText("can no longer be undone");
        acme.button("Commit failback").click();
        assertThat(acme.page().locator("#replica-state")).hasAttribute("data-state", "READY", SLOW);
        acme.screenshot("failback-03-committed");
    }

    @Test
    void acme_fails_over_a_vm_fails_it_back_and_undoes_the_failback() {
        PortalPage acme = failedOverInBrowser("web-01");
        failBack(acme, "web-01");
        acme.page().locator("#undo-failback").click();
        assertThat(acme.page().locator("vaadin-confirm-dialog-overlay")).containsText("replica runs at the provider again");
        acme.button("Undo failback").click();
        assertThat(acme.page().locator("#replica-state")).hasAttribute("data-state", "FAILED_OVER", SLOW);
        assertThat(acme.page().locator("#failback")).isVisible();
        acme.screenshot("failback-04-undone");
    }

    @Test
    void a_failback_started_meanwhile_by_someone_else_is_explained_in_the_dialog_which_stays_open() {
        PortalPage acme = failedOverInBrowser("app-01");
        acme.page().waitForURL(java.util.regex.Pattern.compile(".*/replica/\\d+$"));
        long replicaId = Long.parseLong(acme.page().url().replaceAll(".*/replica/(\\d+)$", "$1"));
        acme.page().locator("#failback").click();
        assertThat(acme.page().locator("#failback-explanation")).containsText("Unchanged disks are not sent again");
        as.run("acme-admin", () -> failback.startFailback(replicaId, FailbackTarget.original()));   // a colleague, in another tab

        acme.page().locator("#failback-start").click();
        assertThat(acme.page().locator("#failback-error")).containsText("Only a failed-over replica can be failed back");
        assertThat(acme.page().locator("#failback-start")).isVisible();   // the dialog stays open (its host element is never visible)
        assertThat(acme.page().locator("#failback-start")).isEnabled();
        assertThat(acme.page().locator("vaadin-notification-card", new Page.LocatorOptions().setHasText("Only a failed-over")))
                .hasCount(0);   // not as an error of the page
        acme.page().locator("#failback-cancel-dialog").click();
        assertThat(acme.page().locator("#replica-state")).hasAttribute("data-state", "FAILBACK_READY", SLOW);
    }

    private PortalPage failedOverInBrowser(String vmName) {
        PortalPage acme = new PortalPage(chromium.newPage("http://localhost:" + port)).logIn("acme-admin", "acme");
        acme.openWizard();
        acme.pick(vmName);
        acme.next();
        acme.next();
        acme.acceptWarningsAndFinish();
        assertThat(acme.page().locator("#progress-" + vmName + " [data-state]")).hasAttribute("data-state", "FAILED_OVER", SLOW);
        acme.page().locator("#wizard-close").click();
        acme.page().locator("#options-" + vmName).click();
        assertThat(acme.page().locator("#replica-title")).hasText(vmName);
        return acme;
    }

    private static void failBack(PortalPage acme, String vmName) {
        acme.page().locator("#failback").click();
        assertThat(acme.page().locator("#failback-explanation")).containsText("Unchanged disks are not sent again");
        acme.screenshot("failback-01-dialog-" + vmName);
        acme.page().locator("#failback-start").click();
        assertThat(acme.page().locator("#replica-state")).hasAttribute("data-state", "FAILBACK_READY", SLOW);
        assertThat(acme.page().locator("#failback-ready")).containsText("waiting for commit");
        acme.screenshot("failback-02-ready-" + vmName);
    }

    /** Leaves the shared lab as it found it, also when the test failed half-way. */
    @AfterEach
    void restoreTheLab() {
        lab.acmeAsSeeded();
    }
}
