package io.lifeboat.bench;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.lifeboat.browser.Chromium;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.apache.catalina.Context;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * 200 concurrent logged-in UI sessions, each a Chromium context of its own with the replica grid open, all kept open
 * (heartbeats running) while the portal's heap is measured after a full GC, before and with them. Not part of
 * {@code mvn test}; run with {@code ./lifeboat bench sessions} ({@code -Dlifeboat.bench.sessions=N} for another count).
 *
 * <p>Local accounts, not Keycloak: the portal keeps the same Vaadin UI and HTTP session either way (an OIDC session
 * holds an ID token and an authorized client besides, a few KB), and Keycloak's start and memory would compete with
 * 200 browser pages on the same small machine.
 *
 * <p>The 200 browsers have to fit on the machine that runs the portal. A Chromium context of its own per session costs a
 * renderer process each (~200 MB, contexts never share one): 200 would not fit in memory. So the pages share one
 * context and a few renderer processes (site isolation off, {@code --renderer-process-limit}), and each page opens the
 * portal on an address of its own in 127.0.0.0/8 ({@code 127.1.0.1}, {@code 127.1.0.2}, …): cookies belong to a host,
 * so every page still logs in to an HTTP session and a Vaadin UI of its own, as separate browsers would. Vaadin's
 * development tools (a live-reload connection and a toolbar per page, absent in production) are off, as their CPU per
 * open page, not the portal, set the pace before.
 *
 * <p>Page-to-interactive: from pressing "Log in" to the replica grid (a tenant user's start page) showing its first VM;
 * it is measured for each new session while all the earlier ones stay open, so the last ones are measured under the
 * full load. The portal runs in this JVM, so the heap figure includes the test's own Playwright objects (small: one
 * connection, a few objects per page). Vaadin runs as in every test here, in development mode (the client bundle
 * differs; the server keeps the same UI state per session). Goal: ≤ 1 GiB for 200 sessions.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.quartz.scheduler-name=lifeboat-sessions-bench", "logging.level.io.lifeboat=warn",
        "vaadin.devmode.devTools.enabled=false", "vaadin.devmode.liveReload.enabled=false"})
@ActiveProfiles({"lab", "test"})
@DirtiesContext
class SessionsBench {

    private static final int SESSIONS = Integer.getInteger("lifeboat.bench.sessions", 200);
    /** Tenant operators of the lab, taking turns: sessions of several tenants, as on a provider's portal. */
    private static final String[][] USERS = {{"acme-admin", "acme"}, {"globex-admin", "globex"}};
    private static final long MB = 1024 * 1024;

    @RegisterExtension
    static Chromium chromium = new Chromium("--renderer-process-limit=8", "--disable-site-isolation-trials",
            "--disable-features=IsolateOrigins,site-per-process");

    @LocalServerPort int port;
    @Autowired ServletWebServerApplicationContext web;

    @Test
    void two_hundred_logged_in_sessions_with_the_replica_grid_open() throws Exception {
        Page warmUp = chromium.newPage("http://localhost:" + port);
        warmUp.navigate("/login");
        long coldMillis = logInToReplicaGrid(warmUp, USERS[0]);
        warmUp.context().close();
        long baseline = heapUsedAfterFullGc();
        int sessionsBefore = activeSessions();

        BrowserContext browsers = chromium.browser().newContext(new Browser.NewContextOptions().setViewportSize(1400, 900));
        List<Page> open = new ArrayList<>();
        List<Long> pageToInteractive = new ArrayList<>();
        long started = System.nanoTime();
        try {
            for (int i = 0; i < SESSIONS; i++) {
                Page page = browsers.newPage();
                page.setDefaultTimeout(60_000); // a loaded machine: the figures say how slow, a timeout would only lose them
                page.navigate(addressOfSession(i) + "/login");
                open.add(page);
                try {
                    pageToInteractive.add(logInToReplicaGrid(page, USERS[i % USERS.length]));
                } catch (PlaywrightException e) {
                    // The browser side gave up (memory, CPU): measure what is open and say so, rather than nothing.
                    System.out.printf("Session %d could not be opened (%s); measuring the %d open ones%n", i + 1,
                            e.getMessage().lines().findFirst().orElse(""), i);
                    open.remove(page);
                    page.close();
                    break;
                }
                if ((i + 1) % 25 == 0) {
                    System.out.printf("%d sessions open, last page-to-interactive %d ms%n", i + 1, pageToInteractive.get(i));
                }
            }
            long openingSeconds = (System.nanoTime() - started) / 1_000_000_000;
            long loaded = heapUsedAfterFullGc();
            int sessionsAfter = activeSessions();
            // Every page is still logged in and shows its grid: the sessions measured are live ones.
            long stillShowing = open.stream().filter(p -> p.locator("#replica-grid").isVisible()).count();
            int sessions = open.size();

            BenchReport report = new BenchReport("sessions");
            report.fact("sessionsAsked", SESSIONS);
            report.fact("sessions", sessions);
            report.fact("login", "local accounts (form login), " + USERS.length + " tenants' operators in turn");
            report.fact("browsers", "one Chromium, pages sharing one context and 8 renderer processes, each page on its own loopback address (own cookies, own HTTP session)");
            report.fact("pagesStillShowingTheGrid", stillShowing);
            report.fact("serverSessionsBefore", sessionsBefore);
            report.fact("serverSessionsWith", sessionsAfter);
            report.fact("heapAfterFullGcBaselineMb", baseline / MB);
            report.fact("heapAfterFullGcWithSessionsMb", loaded / MB);
            report.fact("heapForSessionsMb", (loaded - baseline) / MB);
            report.fact("heapPerSessionKb", sessions == 0 ? 0 : (loaded - baseline) / 1024 / sessions);
            report.fact("heapForSessionsGoalMb", 1024);
            report.fact("heapMaxMb", Runtime.getRuntime().maxMemory() / MB);
            report.fact("coldPageToInteractiveMillis", coldMillis);
            report.fact("pageToInteractiveP50Millis", percentile(pageToInteractive, 50));
            report.fact("pageToInteractiveP95Millis", percentile(pageToInteractive, 95));
            report.fact("pageToInteractiveMaxMillis", percentile(pageToInteractive, 100));
            report.fact("openingAllSessionsSeconds", openingSeconds);
            for (int from = 0; from < sessions; from += 50) {
                List<Long> slice = pageToInteractive.subList(from, Math.min(sessions, from + 50));
                report.row("sessions", (from + 1) + "-" + (from + slice.size()), "p50Millis", percentile(slice, 50),
                        "p95Millis", percentile(slice, 95));
            }
            report.write();
            org.assertj.core.api.Assertions.assertThat(stillShowing).as("pages still showing the replica grid").isEqualTo(sessions);
            org.assertj.core.api.Assertions.assertThat(sessions).as("sessions opened of the %d asked", SESSIONS).isEqualTo(SESSIONS);
        } finally {
            browsers.close();
        }
    }

    /** The portal as the {@code index}th browser sees it: a loopback address of its own, so cookies of its own. */
    private String addressOfSession(int index) {
        return "http://127.1." + (index / 250) + "." + (index % 250 + 1) + ":" + port;
    }

    /**
     * Logs in with the form and returns the milliseconds from pressing "Log in" to the replica grid (the start page of a
     * tenant user) showing a VM's state badge: the login request, the redirect, Vaadin's bootstrap and the grid's data.
     */
    private static long logInToReplicaGrid(Page page, String[] user) {
        page.locator("#vaadinLoginUsername input").fill(user[0]);
        page.locator("#vaadinLoginPassword input").fill(user[1]);
        long started = System.nanoTime();
        page.locator("vaadin-button[slot='submit'], vaadin-login-form vaadin-button").first().click();
        Locator firstBadge = page.locator("#replica-grid [id^='state-']").first();
        assertThat(firstBadge).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(60_000));
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static long percentile(List<Long> values, int percent) {
        List<Long> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(sorted.size() * percent / 100.0) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private int activeSessions() {
        TomcatWebServer tomcat = (TomcatWebServer) web.getWebServer();
        return ((Context) tomcat.getTomcat().getHost().findChildren()[0]).getManager().getActiveSessions();
    }

    /** Heap in use after full collections (System.gc() is a full, stop-the-world GC with G1 unless told otherwise). */
    private static long heapUsedAfterFullGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(300);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
