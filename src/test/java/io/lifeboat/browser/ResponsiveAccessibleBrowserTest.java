package io.lifeboat.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.lifeboat.AsUser;
import io.lifeboat.LabReset;
import io.lifeboat.LabTest;
import io.lifeboat.drill.DrillRequest;
import io.lifeboat.drill.DrillService;
import io.lifeboat.failover.FailoverService;
import io.lifeboat.network.TenantNetworkService;
import io.lifeboat.network.TunnelHistoryService;
import io.lifeboat.network.TunnelStatus;
import io.lifeboat.replica.ReplicaFilter;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import java.util.ArrayList;
import java.util.List;
import io.lifeboat.tasks.Figure;
import io.lifeboat.tasks.TaskRecorder;
import io.lifeboat.tasks.TaskState;
import io.lifeboat.tasks.TaskType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The portal in a hurry, on a phone or with the keyboard: every main page (login, replicas, each wizard step, a replica,
 * tasks, API tokens, webhooks, audit log, the provider dashboard) at 390, 768 (the 1366 px page narrowed) and 1366 px
 * keeps within the viewport and passes axe-core's WCAG 2.1 AA rules without a serious or critical violation, in the
 * light and the dark colour scheme; screenshots at 390 and 1366 px go to target/screenshots/. A failover is run from the wizard with the keyboard alone.
 */
@LabTest
class ResponsiveAccessibleBrowserTest {

    /** The first page of a fresh portal loads Vaadin's bundle: more than the 5 s assertion default on a busy machine. */
    private static final com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions FIRST_LOAD =
            new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions().setTimeout(30_000);

    @RegisterExtension
    static Chromium chromium = new Chromium();

    @LocalServerPort int port;
    @Autowired AsUser as;
    @Autowired LabReset lab;
    @Autowired ReplicaOverviewService overview;
    @Autowired FailoverService failover;
    @Autowired DrillService drills;
    @Autowired TaskRecorder recorder;
    @Autowired TunnelHistoryService tunnelHistory;
    @Autowired TenantNetworkService networks;

    @ParameterizedTest(name = "{0} px, {1}, narrowed to {2} px")
    // Layout does not depend on the colour scheme: 390 px is walked once, dark (where contrast is hardest too), and the
    // 1366 px walk narrows each page to 768 px as a user narrows the window, instead of a walk of its own: the suite
    // stays under 25 min, and the grids' resize path is taken too
    @CsvSource({"390, dark, 390", "1366, light, 768"})
    void every_main_page_fits_the_width_and_has_no_serious_accessibility_violation(int width, String scheme, int narrowedTo) {
        Checked checked = new Checked(width, scheme, narrowedTo);
        PortalPage acme = new PortalPage(chromium.newPage(baseUrl(), width, scheme.equals("dark")));
        acme.page().navigate("/login");
        assertThat(acme.page().locator("#login-form")).isVisible(FIRST_LOAD);
        checked.page(acme, "login");

        acme.logIn("acme-admin", "acme");
        assertThat(acme.stateOf("db-01")).isVisible();
        checked.page(acme, "replicas");

        acme.openWizard();
        checked.page(acme, "wizard-1-vms");
        acme.pick("db-01");
        acme.next();
        assertThat(acme.page().locator("#rp-db-01")).isVisible();
        checked.page(acme, "wizard-2-restore-points");
        acme.next();
        assertThat(acme.page().locator("#preflight-findings")).isVisible();
        checked.page(acme, "wizard-3-summary");
        acme.page().locator("#wizard-cancel").click();
        assertThat(acme.page().locator("#wizard-cancel")).isHidden();

        // the closed wizard refreshes the grid: the click lands as it does, once
        acme.page().locator("#options-db-01").click();
        assertThat(acme.page().locator("#replica-title")).hasText("db-01");
        checked.page(acme, "replica");

        acme.page().navigate("/tasks");
        assertThat(acme.page().locator("#task-grid")).isVisible();
        checked.page(acme, "tasks");
        for (String path : List.of("api-tokens", "webhooks", "audit", "drills", "users")) { // pages other rooms put in the shell
            acme.page().navigate("/" + path);
            assertThat(acme.page().locator("h2").first()).isVisible();
            checked.page(acme, path);
        }

        PortalPage provider = new PortalPage(chromium.newPage(baseUrl(), width, scheme.equals("dark"))).logIn("provider", "provider");
        provider.page().navigate("/provider");
        assertThat(provider.page().locator("#tenant-grid")).isVisible();
        checked.page(provider, "provider-dashboard");
        for (String path : List.of("admin/sites", "admin/tenants", "admin/gateways", "users")) {
            provider.page().navigate("/" + path);
            assertThat(provider.page().locator("h2").first()).isVisible();
            checked.page(provider, path.replace('/', '-'));
        }

        assertEquals(List.of(), checked.problems, "at " + width + " px (narrowed to " + narrowedTo + " px), " + scheme);
    }

    @Test
    void an_operator_fails_over_a_vm_with_the_keyboard_alone() {
        PortalPage acme = new PortalPage(chromium.newPage(baseUrl(), 1366, false)).logIn("acme-admin", "acme");
        assertThat(acme.stateOf("mail-01")).hasAttribute("data-state", "READY");
        Keyboard keys = new Keyboard(acme.page());

        keys.tabTo("partial-failover").press("Enter");
        assertThat(acme.page().locator("#wizard-vm-grid")).isVisible();
        keys.tabTo("pick-mail-01").press("Space");
        keys.tabTo("wizard-next").press("Enter");
        assertThat(acme.page().locator("#rp-mail-01")).isVisible();
        keys.tabTo("rp-mail-01"); // the latest restore point is preselected; the select is reachable and keeps it
        keys.tabTo("wizard-next").press("Enter");
        assertThat(acme.page().locator("#preflight-findings")).isVisible();
        keys.tabTo("accept-warnings").press("Space");
        keys.tabTo("wizard-finish").press("Enter");

        assertThat(acme.page().locator("#progress-mail-01 [data-state]")).hasAttribute("data-state", "FAILED_OVER",
                new com.microsoft.playwright.assertions.LocatorAssertions.HasAttributeOptions().setTimeout(60_000));
        keys.tabTo("wizard-close").press("Enter");
        assertThat(acme.stateOf("mail-01")).hasAttribute("data-state", "FAILED_OVER");
    }

    /**
     * The lab in tests runs without its data plane, so a failover here measures no time-to-reachable; the figures are
     * recorded through the task recorder exactly as the failover and failback runners record them, with their log line.
     */
    @Test
    void the_replica_page_draws_the_figures_its_tasks_recorded() {
        ReplicaRow mail = as.call("acme-admin", () -> overview.list(new ReplicaFilter("mail-01", null), List.of(), 0, 10)).get(0);
        long failoverTask = recorder.start(TaskType.CLOUD_FAILOVER, mail.tenantId(), "Partial failover of mail-01", "acme-admin");
        recorder.info(failoverTask, "mail-01", "Reachable from your LAN at " + mail.ipAddress() + ": time-to-reachable 2345 ms after power-on.");
        recorder.figure(failoverTask, "mail-01", Figure.TIME_TO_REACHABLE_MS, 2345);
        recorder.finish(failoverTask, TaskState.SUCCEEDED, "Test failover recorded.");
        long failbackTask = recorder.start(TaskType.FAILBACK, mail.tenantId(), "Failback of mail-01", "acme-admin");
        recorder.figure(failbackTask, "mail-01", Figure.TRANSFER_RATE_BYTES_PER_S, 120e6);
        recorder.figure(failbackTask, "mail-01", Figure.TRANSFER_RATE_BYTES_PER_S, 310e6);
        recorder.finish(failbackTask, TaskState.SUCCEEDED, "Test failback recorded.");

        PortalPage acme = new PortalPage(chromium.newPage(baseUrl(), 390, false)).logIn("acme-admin", "acme");
        acme.page().navigate("/replica/" + mail.id());
        assertThat(acme.page().locator("#chart-time-to-reachable")).isVisible();
        assertTrue(PageChecks.chartMarks(acme.page(), "chart-time-to-reachable") > 0, "time-to-reachable bars drawn");
        assertTrue(PageChecks.chartMarks(acme.page(), "chart-failback-rate") > 0, "failback rate line drawn");
        String[] reachable = acme.page().locator("#chart-time-to-reachable").getAttribute("data-values").split(",");
        assertEquals("2.345", reachable[reachable.length - 1]);
        assertThat(acme.page().locator("#chart-time-to-reachable")).containsText("reachable 2.3 s after power-on");
        assertEquals("120.000,310.000", acme.page().locator("#chart-failback-rate").getAttribute("data-values"));
        assertEquals(List.of(), PageChecks.sticksOut(acme.page()));
        acme.screenshot("layout-390-light-replica-charts");

        PortalPage provider = new PortalPage(chromium.newPage(baseUrl(), 1366, false)).logIn("provider", "provider");
        provider.page().navigate("/provider");
        assertThat(provider.page().locator("#chart-time-to-reachable-per-tenant")).containsText("median 2.3 s, worst 2.3 s");
        assertThat(provider.page().locator("#chart-failovers-per-day")).isVisible();
        assertTrue(PageChecks.chartMarks(provider.page(), "chart-failovers-per-day") > 0, "failovers per day drawn");
        assertTrue(PageChecks.chartMarks(provider.page(), "chart-time-to-reachable-per-tenant") > 0, "time to reachable per tenant drawn");
        assertEquals(List.of(), fractionalTicks(provider.page(), "chart-failovers-per-day"), "failovers are counted in whole numbers");
        provider.screenshot("layout-1366-light-provider-charts");

        PortalPage dark = new PortalPage(chromium.newPage(baseUrl(), 1366, true)).logIn("provider", "provider");
        dark.page().navigate("/provider");
        assertThat(dark.page().locator("#chart-failovers-per-day .lb-chart-dark")).isVisible();
        assertTrue(PageChecks.chartMarks(dark.page(), "chart-failovers-per-day") > 0, "the dark variant is the one shown, and drawn");
        assertEquals("rgb(35, 51, 72)", dark.page().locator("#chart-failovers-per-day").evaluate("el => getComputedStyle(el).backgroundColor"),
                "the picture sits on Lumo dark's base colour");
        dark.screenshot("layout-1366-dark-provider-charts");
    }

    /**
     * The lab in tests has no data plane to sample (the sampler against real NEAs is checked in the network extension
     * test); readings are kept here through the same service method the sampler uses, as the tenant NEA reported them.
     */
    @Test
    void the_tenant_network_draws_tunnel_rtt_and_traffic_over_the_last_hour() {
        ReplicaRow mail = as.call("acme-admin", () -> overview.list(new ReplicaFilter("mail-01", null), List.of(), 0, 10)).get(0);
        long network = networks.networksOf(mail.tenantId()).get(0).id();
        java.time.Instant now = java.time.Instant.now();
        tunnelHistory.record(mail.tenantId(), network, now.minusSeconds(90), new TunnelStatus(true, 1.25, 10_000, 4_000, 0, now.minusSeconds(600)));
        tunnelHistory.record(mail.tenantId(), network, now.minusSeconds(60), new TunnelStatus(true, 2.5, 40_000, 10_000, 0, now.minusSeconds(600)));
        tunnelHistory.record(mail.tenantId(), network, now.minusSeconds(30), new TunnelStatus(true, 1.75, 100_000, 13_000, 0, now.minusSeconds(600)));

        for (boolean darkScheme : List.of(false, true)) {
            PortalPage acme = new PortalPage(chromium.newPage(baseUrl(), 390, darkScheme)).logIn("acme-admin", "acme");
            assertThat(acme.page().locator("#chart-tunnel-rtt")).isVisible();
            assertEquals("1.250,2.500,1.750", acme.page().locator("#chart-tunnel-rtt").getAttribute("data-values"));
            assertTrue(PageChecks.chartMarks(acme.page(), "chart-tunnel-rtt") > 0, "RTT line drawn");
            // kB/s between the samples: in (40000-10000)/30 s, (100000-40000)/30 s; out (10000-4000)/30 s, (13000-10000)/30 s
            assertEquals("1.000,2.000,0.200,0.100", acme.page().locator("#chart-tunnel-traffic").getAttribute("data-values"));
            assertTrue(PageChecks.chartMarks(acme.page(), "chart-tunnel-traffic") > 0, "traffic lines drawn");
            assertEquals(List.of(), PageChecks.sticksOut(acme.page()));
            assertEquals(List.of(), PageChecks.accessibilityViolations(acme.page()));
            acme.screenshot("layout-390-" + (darkScheme ? "dark" : "light") + "-tunnel-charts");
        }
        // On a 1280 x 720 laptop the charts left one replica in view above the fold; the replicas come first now.
        Page laptop = chromium.newPage(baseUrl(), 1280, false);
        laptop.setViewportSize(1280, 720);
        PortalPage acme = new PortalPage(laptop).logIn("acme-admin", "acme");
        assertThat(laptop.locator("#chart-tunnel-rtt")).isAttached();
        for (String vm : List.of("app-01", "db-01", "mail-01", "proxy-01", "web-01", "web-02")) {
            assertThat(laptop.locator("#options-" + vm)).isInViewport();
        }
        acme.screenshot("layout-1280x720-replicas-with-tunnel-charts");
    }

    /**
     * Live without reloading: while a tenant's operation runs, every page shows a banner with its progress and a link to
     * it, the tasks grid draws progress as a bar, relative times move on by themselves, and the banner goes away when
     * the operation ends (pushed by the server, no reload).
     */
    @Test
    void a_running_operation_shows_a_banner_on_every_page_and_the_pages_move_on_by_themselves() {
        ReplicaRow mail = as.call("acme-admin", () -> overview.list(new ReplicaFilter("mail-01", null), List.of(), 0, 10)).get(0);
        long task = recorder.start(TaskType.CLOUD_FAILOVER, mail.tenantId(), "Banner probe failover of mail-01", "acme-admin");
        boolean finished = false;
        try {
            recorder.progress(task, 40);
            PortalPage acme = new PortalPage(chromium.newPage(baseUrl(), 390, false)).logIn("acme-admin", "acme");
            assertThat(acme.page().locator("#operation-banner")).containsText("Banner probe failover of mail-01");
            assertThat(acme.page().locator("#operation-banner")).containsText("40 %");
            assertThat(acme.page().locator("#operation-banner a")).hasAttribute("href", "tasks/" + task);
            assertThat(acme.page().locator("#operation-banner vaadin-progress-bar")).isVisible();

            acme.page().navigate("/tasks");
            assertThat(acme.page().locator("#task-grid")).isVisible();
            assertThat(acme.page().locator("#operation-banner")).containsText("Banner probe failover of mail-01");
            acme.screenshot("layout-390-light-operation-banner");
            acme = new PortalPage(chromium.newPage(baseUrl(), 1366, false)).logIn("acme-admin", "acme"); // a phone's task grid leaves out the start time
            acme.page().navigate("/tasks");
            assertThat(acme.page().locator("#task-grid vaadin-progress-bar").first()).isVisible();
            acme.page().waitForFunction("() => [...document.querySelectorAll('.lb-relative-time')].some(t => / s ago$/.test(t.textContent))");
            Object before = acme.page().evaluate("() => [...document.querySelectorAll('.lb-relative-time')].map(t => t.textContent).join('|')");
            acme.page().waitForFunction("b => [...document.querySelectorAll('.lb-relative-time')].map(t => t.textContent).join('|') !== b", before,
                    new Page.WaitForFunctionOptions().setTimeout(30_000));

            recorder.finish(task, TaskState.SUCCEEDED, "Banner probe done.");
            finished = true;
            assertThat(acme.page().locator("#operation-banner")).isHidden(
                    new com.microsoft.playwright.assertions.LocatorAssertions.IsHiddenOptions().setTimeout(30_000));
        } finally {
            if (!finished) { // leaves no running task behind for the other tests' banners
                recorder.finish(task, TaskState.CANCELLED, "Banner probe ended by the test.");
            }
        }
    }

    @Test
    void on_a_phone_the_replica_grid_shows_vm_state_and_one_action_and_the_undo_and_failback_dialogs_and_a_drill_report_fit() {
        PortalPage acme = new PortalPage(chromium.newPage(baseUrl(), 390, false)).logIn("acme-admin", "acme");
        assertThat(acme.stateOf("db-01")).isVisible();   // among the first rows: a phone shows five
        // the selection column (to pick VMs for the wizard), VM, State and the one action, whose header is empty
        assertEquals(List.of("", "VM", "State", ""), visibleHeaders(acme.page(), "replica-grid"));
        // at least five rows, once the grid has rendered them (counting at once saw 4 on a busy machine)
        assertThat(acme.page().locator("#replica-grid [id^=state-]:visible").nth(4)).isVisible();
        int rows = acme.page().locator("#replica-grid [id^=state-]:visible").count();
        assertEquals(rows, acme.page().locator("#replica-grid vaadin-button:visible").count(), "one action per row");
        assertThat(acme.page().locator("#replica-grid vaadin-button:visible").first()).hasText("Options");
        acme.page().locator("#replica-grid vaadin-grid-cell-content").getByText("db-01", new com.microsoft.playwright.Locator.GetByTextOptions().setExact(true)).click();
        assertThat(acme.page().locator("#details-db-01")).containsText("IP 192.168.60.12"); // details one tap away
        assertEquals(List.of(), PageChecks.sticksOut(acme.page()));

        ReplicaRow web = failedOver("web-02");
        acme.page().navigate("/replica/" + web.id());
        assertThat(acme.page().locator("#replica-state")).hasAttribute("data-state", "FAILED_OVER");
        acme.page().locator("#undo-failover").click();
        assertThat(acme.page().locator("vaadin-confirm-dialog-overlay")).containsText("Undo failover of web-02?");
        assertEquals(List.of(), PageChecks.sticksOut(acme.page()), "the undo confirmation at 390 px");
        acme.screenshot("layout-390-light-undo-confirmation");
        acme.page().keyboard().press("Escape");
        assertThat(acme.page().locator("vaadin-confirm-dialog-overlay")).isHidden();

        acme.page().locator("#failback").click();
        assertThat(acme.page().locator("#failback-explanation")).isVisible();
        assertEquals(List.of(), PageChecks.sticksOut(acme.page()), "the failback dialog at 390 px");
        acme.screenshot("layout-390-light-failback-dialog");
        acme.page().locator("#failback-cancel-dialog").click();
        assertThat(acme.page().locator("#failback-explanation")).isHidden();
        assertThat(acme.page().locator("#replica-state")).hasAttribute("data-state", "FAILED_OVER"); // neither dialog did anything

        // The longest state labels still fit: a drill's "In test failover" once pushed the Options buttons off a phone.
        ReplicaRow app = as.call("acme-admin", () -> overview.list(new ReplicaFilter("app-01", null), List.of(), 0, 10)).get(0);
        long appPoint = as.call("acme-admin", () -> overview.restorePoints(app.id())).get(0).id();
        long drill = as.call("acme-admin", () -> drills.start(new DrillRequest(List.of(new DrillRequest.VmChoice(app.id(), appPoint)), null)));
        acme.page().navigate("/replicas");
        assertThat(acme.stateOf("app-01")).hasAttribute("data-state", "IN_DRILL", new LocatorAssertions.HasAttributeOptions().setTimeout(60_000));
        assertEquals(List.of(), PageChecks.sticksOut(acme.page()), "the replica grid with a VM failed over and one in a drill");
        acme.screenshot("layout-390-light-long-states");

        // a drill's report: nine facts per VM once made the page 1,587 px wide at 1280 px, its facts line cut off
        acme.page().navigate("/drills?drill=" + drill);
        assertThat(acme.page().locator("#drill-vms")).containsText("app-01");
        assertEquals(List.of(), PageChecks.sticksOut(acme.page()), "a drill's report at 390 px");
        acme.page().locator("#drill-vms vaadin-grid-cell-content").getByText("app-01", new com.microsoft.playwright.Locator.GetByTextOptions().setExact(true)).click();
        assertThat(acme.page().locator("#drill-details-app-01")).containsText("IP 192.168.60.13");   // what a phone hides, one tap away
        acme.page().setViewportSize(1280, 720);
        assertEquals(List.of(), PageChecks.sticksOut(acme.page()), "a drill's report at 1280 px");
        assertEquals(List.of(), PageChecks.misalignedGridHeaders(acme.page()), "a drill's report at 1280 px");
        acme.screenshot("layout-1280-light-drill-report");
    }

    /** Fails {@code vmName} over at its latest restore point, as acme's operator, and waits until it runs at the provider. */
    private ReplicaRow failedOver(String vmName) {
        return new FailedOverReplicas(as, overview, failover).of("acme-admin", vmName);
    }

    /** The header texts of a grid's columns that are shown, left to right. */
    @SuppressWarnings("unchecked")
    private static List<String> visibleHeaders(Page page, String gridId) {
        page.waitForTimeout(300); // the columns a phone hides are hidden after the browser reported its width
        return (List<String>) page.evaluate("id => [...document.getElementById(id).shadowRoot.querySelectorAll('thead tr:last-child th')]"
                + ".filter(th => !th.hidden && th.getBoundingClientRect().width > 0)"
                + ".map(th => [...th.querySelectorAll('slot')].flatMap(s => s.assignedElements()).map(e => e.textContent.trim()).join(''))", gridId);
    }

    /** Tick labels of a chart's visible picture that are numbers with a fraction ("0.5"). */
    @SuppressWarnings("unchecked")
    private static List<String> fractionalTicks(Page page, String chartId) {
        return (List<String>) page.evaluate("id => [...document.querySelectorAll('#' + id + ' .lb-chart')].filter(p => getComputedStyle(p).display !== 'none')"
                + ".flatMap(p => [...p.querySelectorAll('text')]).map(t => t.textContent.trim()).filter(t => /^\\d+[.,]\\d+$/.test(t))", chartId);
    }

    /** Leaves the shared lab as it found it, also when the test failed half-way. */
    @AfterEach
    void restoreTheLab() {
        lab.acmeAsSeeded();
    }

    private String baseUrl() {
        return "http://localhost:" + port;
    }

    /**
     * Checks a page: nothing sticks out at its width, nor once the window is narrowed to {@code narrowedTo}; axe-core at
     * 1366 px (light) and at 390 px (dark), so each colour scheme is checked at both ends of the layout. Takes the
     * reviewer's screenshots at the walk's width.
     */
    private static final class Checked {

        final List<String> problems = new ArrayList<>();
        final int width;
        final String scheme;
        final int narrowedTo;

        Checked(int width, String scheme, int narrowedTo) {
            this.width = width;
            this.scheme = scheme;
            this.narrowedTo = narrowedTo;
        }

        void page(PortalPage portal, String name) {
            Page page = portal.page();
            PageChecks.accessibilityViolations(page).forEach(found -> problems.add(0, name + " axe: " + found));
            PageChecks.sticksOut(page).stream().limit(3).forEach(found -> problems.add(name + " sticks out: " + found));
            PageChecks.misalignedGridHeaders(page).forEach(found -> problems.add(name + " misaligned: " + found));
            portal.screenshot("layout-" + width + "-" + scheme + "-" + name);
            if (narrowedTo < width) {
                int height = page.viewportSize().height;
                page.setViewportSize(narrowedTo, height);
                PageChecks.sticksOut(page).stream().limit(3)
                        .forEach(found -> problems.add(name + " sticks out at " + narrowedTo + " px: " + found));
                page.setViewportSize(width, height); // the walk goes on at its own width
            }
        }
    }

    /** Moves the focus with Tab only, as a keyboard user does. */
    private record Keyboard(Page page) {

        Keyboard tabTo(String id) {
            for (int i = 0; i < 80; i++) {
                page.keyboard().press("Tab");
                Object focused = page.evaluate("id => { let el = document.activeElement; while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;"
                        + " return !!(el && (el.closest('#' + id) || (el.getRootNode().host && el.getRootNode().host.closest('#' + id)))); }", id);
                if (Boolean.TRUE.equals(focused)) {
                    return this;
                }
            }
            throw new AssertionError("Tab never reached #" + id);
        }

        Keyboard press(String key) {
            page.keyboard().press(key);
            return this;
        }
    }
}
