package io.lifeboat.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Page object for the portal: login, the replica grid, the wizard, a replica's options, the dashboard and tasks. */
public class PortalPage {

    private final Page page;

    public PortalPage(Page page) {
        this.page = page;
    }

    public Page page() {
        return page;
    }

    public PortalPage logIn(String username, String password) {
        page.navigate("/login");
        page.locator("#vaadinLoginUsername input").fill(username);
        page.locator("#vaadinLoginPassword input").fill(password);
        page.locator("vaadin-button[slot='submit'], vaadin-login-form vaadin-button").first().click();
        assertThat(page.locator("#current-user")).containsText(username, LOGIN);
        return this;
    }

    /**
     * Opens {@code path} of the portal, which sends an anonymous browser to Keycloak, and logs in there. Keycloak's
     * login is identity-first when Organizations are on (username, then password); both forms are handled.
     */
    public PortalPage logInThroughKeycloak(String path, String username, String password) {
        page.navigate(path);
        submitKeycloakLogin(username, password);
        assertThat(page.locator("#current-user")).containsText(username, LOGIN);
        return this;
    }

    /** A login crosses two servers and, the first time, loads Vaadin's bundle: more than the 5 s assertion default. */
    public static final com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions LOGIN =
            new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(30_000);

    /** Fills Keycloak's login form(s) and submits; the caller asserts where the browser lands. */
    public void submitKeycloakLogin(String username, String password) {
        assertThat(page.locator("#kc-form-login")).isVisible(new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions().setTimeout(30_000));
        page.locator("#username").fill(username);
        if (page.locator("#password").count() == 0) {
            page.locator("#kc-login").click();
        }
        page.locator("#password").fill(password);
        page.locator("#kc-login").click();
    }

    /** Logs out of the portal and, with OIDC, of Keycloak: the browser ends on Keycloak's login form. */
    public void logOutToKeycloak() {
        page.locator("#logout").click();
        assertThat(page.locator("#kc-form-login")).isVisible();
    }

    public void logOut() {
        page.locator("#logout").click();
        assertThat(page.locator("#login-form")).isVisible();
    }

    /**
     * The grid's cells showing this text, visible ones only: a grid keeps the content of rows it no longer shows (it reuses
     * them), hidden, so a row that left the grid would otherwise still be found.
     */
    public Locator gridCell(String gridId, String text) {
        return page.locator("#" + gridId + " vaadin-grid-cell-content").filter(new Locator.FilterOptions().setHasText(text).setVisible(true));
    }

    /** The state badge in the replica grid's row of this VM. */
    public Locator stateOf(String vmName) {
        return page.locator("#state-" + vmName);
    }

    public void openWizard() {
        page.locator("#partial-failover").click();
        assertThat(page.locator("#wizard-vm-grid")).isVisible();
    }

    public void pick(String vmName) {
        page.locator("#pick-" + vmName).click();
    }

    public void next() {
        page.locator("#wizard-next").click();
    }

    public void chooseRestorePoint(String vmName, String restorePointName) {
        page.locator("#rp-" + vmName).click();
        page.locator("vaadin-select-item").filter(new Locator.FilterOptions().setHasText(restorePointName)).first().click();
        assertThat(page.locator("#rp-" + vmName)).containsText(restorePointName);
    }

    public void acceptWarningsAndFinish() {
        acceptWarnings();
        page.locator("#wizard-finish").click();
    }

    /** An impatient user: Finish double-clicked. */
    public void acceptWarningsAndDoubleClickFinish() {
        acceptWarnings();
        page.locator("#wizard-finish").dblclick();
    }

    /**
     * Once the pre-flight has answered: its LAN probe waits for the tenant NEA, which the tests' idle grace of 0 lets go
     * between tests, so it may boot first; beside the suite's other lane that took over 20 s once.
     */
    private void acceptWarnings() {
        assertThat(page.locator("#preflight-findings")).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(60_000));
        page.locator("#accept-warnings").click();
    }

    public Path screenshot(String name) {
        Path file = Paths.get("target", "screenshots", name + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        return file;
    }

    public Locator button(String text) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(text));
    }
}
