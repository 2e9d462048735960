package io.lifeboat.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.lifeboat.AsUser;
import io.lifeboat.LabTest;
import io.lifeboat.administration.TenantAdministrationService;
import io.lifeboat.failover.FailoverService;
import io.lifeboat.inventory.InventoryService;
import io.lifeboat.inventory.SiteForm;
import io.lifeboat.inventory.SiteService;
import io.lifeboat.lab.LabBootstrap;
import io.lifeboat.lab.LabPlan;
import io.lifeboat.lab.LabSeeder;
import io.lifeboat.lab.LabSites;
import io.lifeboat.vcsim.SimulatorProcess;
import io.lifeboat.replica.ReplicaFilter;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ReplicaState;
import io.lifeboat.tenancy.AccessDeniedException;
import io.lifeboat.tenancy.TenancyService;
import io.lifeboat.hypervisor.HypervisorConnector;
import io.lifeboat.hypervisor.HypervisorException;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A provider starts a new tenant entirely through the pages: a site over HTTPS (its certificate shown and trusted), a
 * tenant with plan, placement and a network picked from that site, an operator and a viewer who each set their password
 * through the one-time link. The operator then fails over one of the tenant's replicas; the viewer sees it but can
 * act on nothing; the provider cannot disable the tenant while that VM is in failover.
 *
 * <p>The tenant's VMs are put into the lab's running simulators first, as the tenant's replication would.
 */
@LabTest
class ProviderOnboardingBrowserTest {

    private static final String TENANT = "hooli";
    private static final String SITE = "hooli-provider-vc";
    private static final LabPlan.LabTenant HOOLI = new LabPlan.LabTenant(TENANT, "Hooli", "10.77.0.0/24", "10.77.0.1", 3077, 4, 8192,
            List.of(new LabPlan.LabVm("billing-01", "10.77.0.10", 1, 1024, 2), new LabPlan.LabVm("hr-01", "10.77.0.11", 1, 1024, 2)));
    private static final String PASSWORD = "staplers are not optional";
    private static final LocatorAssertions.IsVisibleOptions SLOW = new LocatorAssertions.IsVisibleOptions().setTimeout(30_000);

    @RegisterExtension
    static Chromium chromium = new Chromium();

    @LocalServerPort int port;
    @Autowired AsUser as;
    @Autowired LabSites lab;
    @Autowired HypervisorConnector connector;
    @Autowired TenancyService tenancy;
    @Autowired TenantAdministrationService tenants;
    @Autowired ReplicaOverviewService overview;
    @Autowired FailoverService failover;
    @Autowired SiteService sites;
    @Autowired InventoryService inventory;

    @Test
    void the_provider_sets_up_a_tenant_whose_operator_fails_over_a_vm_and_whose_viewer_only_watches() {
        new LabSeeder(connector).seed(new LabPlan(List.of(HOOLI)), lab.tenantSite(), lab.providerSite());
        SimulatorProcess providerVc = lab.providerSimulator();

        PortalPage provider = new PortalPage(chromium.newPage(baseUrl())).logIn("provider", "provider");
        Page page = provider.page();
        page.navigate("/admin/sites");
        page.locator("#new-site").click();
        page.locator("#site-name input").fill(SITE);
        page.locator("#site-url input").fill(providerVc.tlsEndpoint().url());
        page.locator("#site-username input").fill(providerVc.tlsEndpoint().username());
        page.locator("#site-password input").fill(providerVc.tlsEndpoint().password());
        page.locator("#test-connection").click();
        assertThat(page.locator("#site-certificate")).containsText(providerVc.certificateSha256());
        page.locator("#trust-certificate").click();
        page.locator("#save-site").click();
        assertThat(provider.gridCell("site-grid", SITE)).isVisible();
        assertThat(page.locator("#site-grid")).containsText("working, checked");   // it answered the login that saved it

        page.navigate("/admin/gateways");   // the lab's own gateways relay: the page says so instead of offering enrolment
        assertThat(page.locator("#gateway-hosts-unavailable")).containsText("In the lab the tunnels go through the lab's own two Cloud Gateways");
        assertThat(page.locator("#enrol-gateway-host")).hasCount(0);

        page.navigate("/admin/tenants");
        page.locator("#new-tenant-button").click();
        assertThat(page.locator("#tenant-form-title")).hasText("New tenant");
        assertThat(page.locator("#tenant-managed")).isHidden();   // said only of a tenant managed by configuration
        page.locator("#tenant-name input").fill(TENANT);
        page.locator("#tenant-display-name input").fill("Hooli Ltd.");
        page.locator("#tenant-cpus input").fill("4");
        page.locator("#tenant-memory input").fill("8192");
        choose(page, "tenant-site", LabBootstrap.TENANT_SITE);
        choose(page, "tenant-folder", HOOLI.tenantSiteFolder());
        choose(page, "provider-site", SITE);
        choose(page, "provider-folder", HOOLI.providerFolder());
        // filled in a second row while the first stays blank, its port group forgotten: the error shows under that row
        page.locator("#add-network").click();
        page.locator("#network-1-name input").fill("LAN");
        page.locator("#network-1-subnet input").fill(HOOLI.subnet());
        page.locator("#network-1-gateway input").fill(HOOLI.gateway());
        page.locator("#network-1-vlan input").fill(String.valueOf(HOOLI.vlan()));
        page.locator("#save-tenant").click();
        assertThat(page.locator("#network-1-port-group")).hasAttribute("invalid", "");
        assertThat(page.locator("#network-0-port-group")).not().hasAttribute("invalid", "");
        choose(page, "network-1-port-group", HOOLI.providerPortGroup());
        page.locator("#save-tenant").click();
        assertThat(provider.gridCell("tenants-admin-grid", "Hooli Ltd.")).isVisible();
        // the form goes on with the tenant just created: saving again changes it, it does not try to create it twice
        assertThat(page.locator("#tenant-form-title")).hasText("Tenant " + TENANT + " (Hooli Ltd.)");
        assertThat(page.locator("#toggle-tenant")).isVisible();
        assertThat(page.locator("#network-0-name input")).hasValue("LAN");

        String operatorLink = createAccount(provider, "hooli-ops", "tenant operator");
        String viewerLink = createAccount(provider, "hooli-viewer", "tenant viewer");

        PortalPage operator = setPasswordAndLogIn(operatorLink, "hooli-ops");
        operator.page().locator("#sync-now").click();
        assertThat(operator.gridCell("replica-grid", "billing-01")).isVisible(SLOW);
        assertThat(operator.gridCell("replica-grid", "web-01")).hasCount(0); // acme's
        operator.openWizard();
        operator.pick("billing-01");
        operator.next();
        operator.next();
        operator.acceptWarningsAndFinish();
        assertThat(operator.page().locator("#progress-billing-01 [data-state]")).hasAttribute("data-state", "FAILED_OVER",
                new LocatorAssertions.HasAttributeOptions().setTimeout(60_000));
        operator.screenshot("onboarding-operator-failed-over");

        long hooli = tenancy.findTenantByName(TENANT).orElseThrow().id();
        assertThatThrownBy(() -> as.run("provider", () -> tenants.setEnabled(hooli, false)))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("in failover");

        PortalPage viewer = setPasswordAndLogIn(viewerLink, "hooli-viewer");
        assertThat(viewer.stateOf("billing-01")).hasAttribute("data-state", "FAILED_OVER");
        assertThat(viewer.page().locator("#partial-failover")).isHidden();
        assertThat(viewer.page().locator("#sync-now")).isHidden();
        viewer.page().locator("#options-billing-01").click();
        assertThat(viewer.page().locator("#replica-title")).hasText("billing-01");
        assertThat(viewer.page().locator("#replica-state")).hasAttribute("data-state", "FAILED_OVER");
        assertThat(viewer.page().locator("#replica-actions vaadin-button, #undo-failover, #failback")).hasCount(0);
        viewer.screenshot("onboarding-viewer-no-actions");
    }

    /**
     * The tenants form reads a site's folders and port groups off the page's thread. Read in the selection's handler, a
     * tenant site whose vCenter hangs held the whole form until the read gave up (five seconds per list), without a word.
     */
    @Test
    void a_tenant_whose_sites_vcenter_hangs_opens_at_once_and_its_folder_list_says_what_it_waits_for() {
        PortalPage provider = new PortalPage(chromium.newPage(baseUrl())).logIn("provider", "provider");
        Page page = provider.page();
        page.navigate("/admin/tenants");
        assertThat(provider.gridCell("tenants-admin-grid", "ACME Corporation")).isVisible();
        SimulatorProcess tenantVc = lab.tenantSimulator();
        tenantVc.freeze();
        try {
            provider.gridCell("tenants-admin-grid", "ACME Corporation").first().click();
            assertThat(page.locator("#tenant-form-title")).hasText("Tenant acme (ACME Corporation)");
            // shown while the read waits: the page answered before the vCenter did
            assertThat(page.locator("#tenant-folder input")).hasAttribute("placeholder", "Reading folders of " + LabBootstrap.TENANT_SITE + "…");
            assertThat(page.locator("#tenant-folder input")).hasValue("production/acme");   // the stored value stays
            // the provider's site answers: its lists fill while the tenant's still waits
            assertThat(page.locator("#network-0-port-group input")).not().hasAttribute("placeholder", java.util.regex.Pattern.compile("Reading"));
            page.locator("#provider-folder input").fill("tenants/");
            assertThat(page.locator("vaadin-combo-box-item").filter(new Locator.FilterOptions().setHasText("tenants/acme"))).not().hasCount(0);
            page.keyboard().press("Escape");
            // then the read gives up and says so on the list
            assertThat(page.locator("#tenant-folder")).hasAttribute("invalid", "", new LocatorAssertions.HasAttributeOptions().setTimeout(30_000));
            assertThat(page.locator("#tenant-folder input")).not().hasAttribute("placeholder", java.util.regex.Pattern.compile("Reading"));
        } finally {
            tenantVc.thaw();
        }
    }

    @Test
    void a_site_whose_certificate_changed_is_shown_stopped_on_the_sites_page_until_the_provider_trusts_the_new_one() {
        SimulatorProcess tenantVc = lab.tenantSimulator();
        String site = "renewed-vc";
        as.run("provider", () -> sites.saveSite(new SiteForm(site, tenantVc.tlsEndpoint().url(), tenantVc.tlsEndpoint().username(),
                tenantVc.tlsEndpoint().password(), tenantVc.certificateSha256(), null, null)));
        try {
            String renewed = tenantVc.renewCertificate();
            PortalPage provider = new PortalPage(chromium.newPage(baseUrl())).logIn("provider", "provider");
            Page page = provider.page();
            page.navigate("/admin/sites");
            assertThat(page.locator("#stopped-sites")).containsText("Site " + site + ": Stopped: its certificate has changed since you trusted it");
            assertThat(page.locator("#stopped-sites")).containsText(renewed);
            assertThatThrownBy(() -> as.call("provider", () -> sites.folders(site))).isInstanceOfSatisfying(HypervisorException.class,
                    e -> org.assertj.core.api.Assertions.assertThat(e.kind()).isEqualTo(HypervisorException.Kind.UNTRUSTED));

            provider.gridCell("site-grid", site).first().click();
            assertThat(page.locator("#site-name input")).hasValue(site);
            page.locator("#test-connection").click();
            assertThat(page.locator("#site-certificate")).containsText("The certificate has CHANGED since it was trusted");
            assertThat(page.locator("#site-certificate")).containsText(renewed);
            page.locator("#trust-certificate").click();
            page.locator("#save-site").click();
            assertThat(page.locator("#site-certificate")).containsText("Trusted certificate SHA-256: " + renewed);
            assertThat(page.locator("#stopped-sites")).not().containsText(site);
            org.assertj.core.api.Assertions.assertThat(as.call("provider", () -> sites.folders(site))).as("the site works again").isNotEmpty();
        } finally {
            as.run("provider", () -> sites.deleteSite(site));
        }
    }

    @Test
    void an_open_sites_page_keeps_saying_truly_when_each_site_was_last_checked() {
        inventory.syncEverything();
        PortalPage provider = new PortalPage(chromium.newPage(baseUrl())).logIn("provider", "provider");
        provider.page().navigate("/admin/sites");
        // the page's ticks age the text ...
        assertThat(statusCell(provider, "working, checked ([6-9]|[1-5][0-9]) s ago")).not().hasCount(0, new LocatorAssertions.HasCountOptions().setTimeout(30_000));
        inventory.syncEverything();
        // ... and read a check that changed nothing (so nothing was pushed) at the next one
        assertThat(statusCell(provider, "working, checked [0-5] s ago")).not().hasCount(0, new LocatorAssertions.HasCountOptions().setTimeout(10_000));
    }

    private static Locator statusCell(PortalPage portal, String pattern) {
        return portal.page().locator("#site-grid vaadin-grid-cell-content")
                .filter(new Locator.FilterOptions().setHasText(java.util.regex.Pattern.compile(pattern)).setVisible(true));
    }

    @Test
    void a_site_whose_vcenter_fails_its_checks_is_named_to_the_provider_and_to_its_tenants_until_it_works_again() {
        PortalPage provider = new PortalPage(chromium.newPage(baseUrl())).logIn("provider", "provider");
        Page page = provider.page();
        page.navigate("/provider");
        assertThat(page.locator("#tenant-grid")).isVisible();
        assertThat(page.locator("#site-problems")).isEmpty();
        assertThat(page.locator("#site-problems")).isHidden();   // takes no space while all is well
        Page acme = new PortalPage(chromium.newPage(baseUrl())).logIn("acme-admin", "acme").page();
        acme.navigate("/replicas");
        assertThat(acme.locator("#replica-grid")).isVisible();
        assertThat(acme.locator("#site-health")).isEmpty();
        Page acmeReplica = new PortalPage(chromium.newPage(baseUrl())).logIn("acme-admin", "acme").page();
        acmeReplica.locator("#options-web-01").click();
        assertThat(acmeReplica.locator("#replica-title")).hasText("web-01");
        assertThat(acmeReplica.locator(".lb-site-warning")).hasCount(0);
        PortalPage sitesPage = new PortalPage(chromium.newPage(baseUrl())).logIn("provider", "provider");
        sitesPage.page().navigate("/admin/sites");
        sitesPage.page().locator("#new-site").click();
        sitesPage.page().locator("#site-name input").fill("half-typed-vc");
        assertThat(sitesPage.gridCell("site-grid", LabBootstrap.TENANT_SITE)).isVisible();
        SimulatorProcess tenantVc = lab.tenantSimulator();
        tenantVc.disconnect();
        try {
            inventory.syncEverything();
            // the open Sites page shows it too, and keeps the site being typed in
            assertThat(sitesPage.page().locator("#failing-sites")).containsText("Site " + LabBootstrap.TENANT_SITE + " has failed");
            assertThat(sitesPage.gridCell("site-grid", "failing since")).isVisible();
            assertThat(sitesPage.page().locator("#site-name input")).hasValue("half-typed-vc");
            // pushed to the open dashboard: nobody reloads it
            assertThat(page.locator("#site-problems")).containsText("Site " + LabBootstrap.TENANT_SITE + " has failed every check since ");
            assertThat(acme.locator("#site-health")).containsText("Lifeboat has not reached your site's vCenter since ");
            assertThat(acme.locator("#site-health")).containsText("If your site is down, this is expected: fail over the VMs you need");
            // and on a replica's page, pushed as well: an operation there that waits for the site shows why
            assertThat(acmeReplica.locator(".lb-site-warning")).containsText("Lifeboat has not reached your site's vCenter since ");
            assertThat(page.locator("#site-problems")).containsText("Cannot reach vSphere at " + tenantVc.endpoint().url());
            page.navigate("/admin/sites");
            assertThat(page.locator("#failing-sites")).containsText("Site " + LabBootstrap.TENANT_SITE + " has failed every check since ");
            assertThat(provider.gridCell("site-grid", "failing since")).isVisible();
            page.navigate("/provider");
            assertThat(page.locator("#site-problems")).containsText(LabBootstrap.TENANT_SITE);
        } finally {
            tenantVc.reconnect();
        }
        inventory.syncEverything();
        assertThat(page.locator("#site-problems")).isEmpty();
        assertThat(sitesPage.page().locator("#failing-sites")).isEmpty();
        assertThat(sitesPage.gridCell("site-grid", "failing since")).hasCount(0);
        assertThat(acme.locator("#site-health")).isEmpty();
        assertThat(acmeReplica.locator(".lb-site-warning")).hasCount(0);
    }

    /** Undoes the failover and disables the tenant, so the shared lab keeps only its own tenants active. */
    @AfterEach
    void undoAndDisable() {
        tenancy.findTenantByName(TENANT).filter(tenant -> tenancy.findAccount("hooli-ops").isPresent()).ifPresent(tenant -> {
            for (ReplicaRow row : as.call("hooli-ops", () -> overview.list(ReplicaFilter.none(), List.of(), 0, 100))) {
                if (row.state() == ReplicaState.FAILED_OVER) {
                    as.run("hooli-ops", () -> failover.undoFailover(row.id()));
                }
            }
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> as.call("hooli-ops",
                    () -> overview.list(ReplicaFilter.none(), List.of(), 0, 100)).stream().allMatch(r -> r.state() == ReplicaState.READY));
            as.run("provider", () -> tenants.setEnabled(tenant.id(), false)); // allowed once every VM is Ready
        });
    }

    private static void choose(Page page, String comboId, String value) {
        Locator input = page.locator("#" + comboId + " input");
        input.fill(value);
        page.locator("vaadin-combo-box-item").filter(new Locator.FilterOptions().setHasText(value)).first().click();
        assertThat(input).hasValue(value);
    }

    private String createAccount(PortalPage provider, String username, String role) {
        Page page = provider.page();
        page.navigate("/users");
        page.locator("#new-username input").fill(username);
        choose(page, "new-role", role);
        choose(page, "new-tenant", TENANT);
        page.locator("#create-user").click();
        assertThat(provider.gridCell("user-grid", username)).isVisible();
        assertThat(page.locator("#user-grid")).containsText(role);   // "tenant operator", as the header names it
        Locator link = page.locator("#one-time-link input");
        assertThat(link).hasValue(java.util.regex.Pattern.compile("/password/"));
        return link.inputValue();
    }

    private PortalPage setPasswordAndLogIn(String link, String username) {
        Page page = chromium.newPage(baseUrl());
        page.navigate(link);
        assertThat(page.locator("#password-link-user")).containsText(username, PortalPage.LOGIN);
        page.locator("#new-password input").fill(PASSWORD);
        page.locator("#new-password-again input").fill(PASSWORD);
        page.locator("#set-password").click();
        assertThat(page.locator("#vaadinLoginUsername")).isVisible(SLOW);
        return new PortalPage(page).logIn(username, PASSWORD);
    }

    private String baseUrl() {
        return "http://localhost:" + port;
    }
}
