package io.lifeboat.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.AriaRole;
import io.lifeboat.AsUser;
import io.lifeboat.LabTest;
import io.lifeboat.administration.TenantAdministrationService;
import io.lifeboat.automation.ApiTokenScope;
import io.lifeboat.automation.ApiTokenService;
import io.lifeboat.automation.CreatedApiToken;
import io.lifeboat.inventory.SiteForm;
import io.lifeboat.inventory.SiteService;
import io.lifeboat.lab.LabBootstrap;
import io.lifeboat.lab.LabSites;
import io.lifeboat.tenancy.TenancyService;
import io.lifeboat.tenancy.UserAdministrationService;
import io.lifeboat.vcsim.SimulatorProcess;
import io.lifeboat.webhooks.RegisteredWebhook;
import io.lifeboat.webhooks.WebhookEvent;
import io.lifeboat.webhooks.WebhookService;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What cannot be taken back is done only after the user says yes: Cancel leaves everything as it was, the red button
 * does it. Read back through the services, not from the page.
 */
@LabTest
class DestructiveActionsBrowserTest {

    @RegisterExtension
    static Chromium chromium = new Chromium();

    @LocalServerPort int port;
    @Autowired AsUser as;
    @Autowired LabSites lab;
    @Autowired SiteService sites;
    @Autowired ApiTokenService tokens;
    @Autowired WebhookService webhooks;
    @Autowired UserAdministrationService users;
    @Autowired TenancyService tenancy;
    @Autowired TenantAdministrationService tenants;

    @Test
    void a_site_is_deleted_only_once_the_provider_confirms() {
        SimulatorProcess tenantVc = lab.tenantSimulator();
        String site = "unneeded-vc";
        as.run("provider", () -> sites.saveSite(new SiteForm(site, tenantVc.endpoint().url(), tenantVc.endpoint().username(),
                tenantVc.endpoint().password(), null, null, null)));
        try {
            PortalPage provider = logIn("provider", "provider");
            provider.page().navigate("/admin/sites");
            Locator delete = provider.page().locator("#delete-site");
            provider.gridCell("site-grid", LabBootstrap.TENANT_SITE).first().click();
            assertThat(delete).isDisabled();   // a site tenants use is not offered for deletion, and the page says why
            // acme and globex, and any tenant another test placed there
            assertThat(provider.page().locator("#delete-site-hint")).hasText(java.util.regex.Pattern.compile("Site " + LabBootstrap.TENANT_SITE
                    + " is in use by [2-9] tenants: place them on another site \\(Tenants\\) before deleting it\\."));

            provider.gridCell("site-grid", site).first().click();
            assertThat(provider.page().locator("#delete-site-hint")).isEmpty();
            cancel(provider, delete, "Lifeboat forgets its address, login and trusted certificate");
            org.assertj.core.api.Assertions.assertThat(siteExists(site)).as("cancelled: the site is kept").isTrue();

            confirm(provider, delete, "Delete the site", "Site " + site + " deleted.");
            assertThat(provider.page().locator("#site-name input")).hasValue("");
            org.assertj.core.api.Assertions.assertThat(siteExists(site)).isFalse();
        } finally {
            if (siteExists(site)) {
                as.run("provider", () -> sites.deleteSite(site));
            }
        }
    }

    @Test
    void an_api_token_is_revoked_only_once_its_owner_confirms() {
        CreatedApiToken created = as.call("acme-admin", () -> tokens.create("nightly-report", ApiTokenScope.READ, Duration.ofDays(1)));
        long id = created.details().id();
        PortalPage acme = logIn("acme-admin", "acme");
        acme.page().navigate("/api-tokens");
        Locator revoke = acme.page().locator("#revoke-" + id);
        cancel(acme, revoke, "Scripts using this token are refused from now on");
        org.assertj.core.api.Assertions.assertThat(tokens.authenticate(created.token())).as("cancelled: the token works").isPresent();

        revoke.click();
        dialogButton(acme, "Revoke").click();
        assertThat(revoke).isDisabled();
        org.assertj.core.api.Assertions.assertThat(tokens.authenticate(created.token())).as("revoked").isEmpty();

        acme.page().navigate("/audit");   // the newest entry first, its outcome in words
        Locator newest = acme.page().locator("#audit-grid vaadin-grid-cell-content");
        assertThat(newest.filter(new Locator.FilterOptions().setHasText("Revoke API token")).first()).isVisible();
        assertThat(newest.filter(new Locator.FilterOptions().setHasText(java.util.regex.Pattern.compile("^Succeeded$"))).first()).isVisible();
    }

    @Test
    void a_webhook_endpoint_is_removed_only_once_its_owner_confirms() {
        String url = "https://hooks.acme.example/lifeboat-" + System.nanoTime();
        RegisteredWebhook registered = as.call("acme-admin", () -> webhooks.register(url, Set.of(WebhookEvent.FAILOVER_STARTED)));
        try {
            PortalPage viewer = logIn("acme-viewer", "acme");   // sees the endpoint; is offered nothing the service refuses it
            viewer.page().navigate("/webhooks");
            assertThat(viewer.gridCell("webhook-grid", url)).isVisible();
            assertThat(viewer.page().locator("#remove-webhook-" + registered.endpoint().id())).hasCount(0);
            assertThat(viewer.page().locator("#webhook-register")).hasCount(0);
            assertThat(viewer.page().locator("#webhooks-look-only")).isVisible();
            viewer.page().navigate("/api-tokens");
            assertThat(viewer.page().locator("#token-scope vaadin-radio-button").filter(new Locator.FilterOptions().setHasText("Operate")))
                    .hasAttribute("disabled", "");

            PortalPage acme = logIn("acme-admin", "acme");
            acme.page().navigate("/webhooks");
            assertThat(acme.gridCell("webhook-grid", url)).isVisible();
            Locator remove = acme.page().locator("#remove-webhook-" + registered.endpoint().id());
            cancel(acme, remove, "No more events are sent to it");
            org.assertj.core.api.Assertions.assertThat(endpointExists(url)).as("cancelled: still registered").isTrue();

            remove.click();
            dialogButton(acme, "Remove").click();
            // the grid keeps a removed row's cells in the page, hidden: only visible ones count
            assertThat(acme.gridCell("webhook-grid", url)).hasCount(0);
            org.assertj.core.api.Assertions.assertThat(endpointExists(url)).isFalse();
        } finally {
            if (endpointExists(url)) {
                as.run("acme-admin", () -> webhooks.remove(registered.endpoint().id()));
            }
        }
    }

    @Test
    void an_account_is_disabled_only_once_its_manager_confirms_and_never_by_its_owner() {
        try {
            PortalPage acme = logIn("acme-admin", "acme");
            acme.page().navigate("/users");
            assertThat(acme.gridCell("user-grid", "acme-viewer")).isVisible();
            assertThat(acme.page().locator("#disable-acme-admin")).isHidden();   // the service refuses it too: not offered
            Locator disable = acme.page().locator("#disable-acme-viewer");
            cancel(acme, disable, "they cannot log in nor use their API tokens");
            org.assertj.core.api.Assertions.assertThat(enabled("acme-viewer")).as("cancelled: still enabled").isTrue();

            disable.click();
            dialogButton(acme, "Disable").click();
            assertThat(acme.page().locator("#enable-acme-viewer")).isVisible();
            assertThat(acme.page().locator("#reset-acme-viewer")).isHidden();   // refused for a disabled account: not offered
            org.assertj.core.api.Assertions.assertThat(enabled("acme-viewer")).isFalse();
        } finally {
            as.run("acme-admin", () -> users.setEnabled("acme-viewer", true));
        }
    }

    @Test
    void a_tenant_is_disabled_only_once_the_provider_confirms() {
        long globex = tenancy.findTenantByName("globex").orElseThrow().id();
        try {
            PortalPage provider = logIn("provider", "provider");
            provider.page().navigate("/admin/tenants");
            provider.gridCell("tenants-admin-grid", "globex").first().click();
            Locator disable = provider.page().locator("#toggle-tenant");
            assertThat(disable).hasText("Disable tenant…");
            cancel(provider, disable, "Its users are logged out at once");
            org.assertj.core.api.Assertions.assertThat(tenancy.findTenant(globex).orElseThrow().enabled()).as("cancelled: still enabled").isTrue();

            disable.click();
            dialogButton(provider, "Disable tenant").click();
            assertThat(disable).hasText("Enable tenant");   // the tenant stays selected: it can be enabled again at once
            org.assertj.core.api.Assertions.assertThat(tenancy.findTenant(globex).orElseThrow().enabled()).isFalse();
        } finally {
            as.run("provider", () -> tenants.setEnabled(globex, true));
        }
    }

    private boolean enabled(String username) {
        return as.call("acme-admin", () -> users.user(username)).orElseThrow().enabled();
    }

    /**
     * Opens the question with {@code action}, checks it says {@code consequence}, and presses Enter: Cancel has the
     * focus, so a habitual Enter answers Cancel.
     */
    private static void cancel(PortalPage portal, Locator action, String consequence) {
        action.click();
        assertThat(portal.page().locator("vaadin-confirm-dialog-overlay")).containsText(consequence);
        assertThat(dialogButton(portal, "Cancel")).isFocused();
        portal.page().keyboard().press("Enter");
        assertThat(portal.page().locator("vaadin-confirm-dialog-overlay")).isHidden();
    }

    private static void confirm(PortalPage portal, Locator action, String confirmText, String notice) {
        action.click();
        dialogButton(portal, confirmText).click();
        assertThat(portal.page().locator("vaadin-notification-card").last()).containsText(notice);
    }

    private static Locator dialogButton(PortalPage portal, String text) {
        return portal.page().locator("vaadin-confirm-dialog-overlay").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(text));
    }

    private boolean siteExists(String site) {
        return as.call("provider", () -> sites.listSites()).stream().anyMatch(s -> s.name().equals(site));
    }

    private boolean endpointExists(String url) {
        return as.call("acme-admin", () -> webhooks.endpoints()).stream().anyMatch(e -> e.url().equals(url));
    }

    private PortalPage logIn(String username, String password) {
        return new PortalPage(chromium.newPage("http://localhost:" + port)).logIn(username, password);
    }
}
