package io.lifeboat.security;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import io.lifeboat.browser.Chromium;
import io.lifeboat.browser.PortalPage;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.apache.catalina.Context;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Not part of {@code mvn test} (surefire runs *Test classes only); run with
 * {@code mvn test -Dtest=SessionsBench -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <p>50 users log in through Keycloak one after the other in their own browser contexts and each sees its start page
 * (a Vaadin UI with the replica grid or the dashboard); every context is closed after that, but its HTTP session and
 * Vaadin UI stay on the server (the UI until three heartbeats are missed, minutes later). Measures Keycloak's start,
 * the login round trip (portal URL → Keycloak's form → logged in, start page rendered) and the portal's heap used
 * after a full GC before and after the 50 sessions. The portal runs in this JVM, so the heap figure is the portal's
 * plus the test's small share (Playwright's client). Writes {@code target/bench/sessions.json}.
 */
@ExtendWith(Keycloak.class)
// Its own Quartz scheduler name: Quartz keeps data sources JVM-wide by scheduler name, and this context closes
// (DirtiesContext) while the shared @LabTest context lives on.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.quartz.scheduler-name=lifeboat-sessions-bench")
@ActiveProfiles({"lab", "test", "oidc"})
@DirtiesContext
class SessionsBench {

    private static final int SESSIONS = 50;
    private static final String[][] USERS = {{"alice", "alice"}, {"bob", "bob"}, {"victor", "victor"}, {"paula", "paula"}};
    private static final Logger log = LoggerFactory.getLogger(SessionsBench.class);

    @RegisterExtension
    static Chromium chromium = new Chromium();

    @LocalServerPort int port;
    @Autowired ServletWebServerApplicationContext web;

    @DynamicPropertySource
    static void keycloak(DynamicPropertyRegistry registry) {
        Keycloak.start();
        registry.add("spring.security.oauth2.client.provider.keycloak.issuer-uri", Keycloak::issuer);
        registry.add("spring.security.oauth2.client.registration.keycloak.client-secret", () -> Keycloak.CLIENT_SECRET);
    }

    @Test
    void fifty_logged_in_sessions() throws Exception {
        long coldLogin = logIn(USERS[0]); // warm-up: first Vaadin bootstrap, JIT
        long baseline = heapAfterGc();
        int sessionsBefore = activeSessions();
        List<Long> logins = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            logins.add(logIn(USERS[i % USERS.length]));
        }
        long loaded = heapAfterGc();
        int sessionsAfter = activeSessions();
        List<Long> sorted = logins.stream().sorted().toList();
        long median = sorted.get(sorted.size() / 2);
        long p95 = sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1);
        long perSessionKb = (loaded - baseline) / 1024 / SESSIONS;
        String json = String.format("""
                {
                  "keycloakStartMillis": %d,
                  "coldLoginMillis": %d,
                  "loginMedianMillis": %d,
                  "loginP95Millis": %d,
                  "sessions": %d,
                  "serverSessionsBefore": %d,
                  "serverSessionsAfter": %d,
                  "heapUsedAfterGcBaselineMb": %d,
                  "heapUsedAfterGcWithSessionsMb": %d,
                  "heapPerSessionKb": %d,
                  "processRssMb": %d
                }
                """, Keycloak.startTime().toMillis(), coldLogin, median, p95, SESSIONS, sessionsBefore, sessionsAfter,
                baseline / 1024 / 1024, loaded / 1024 / 1024, perSessionKb, rssKb() / 1024);
        Path out = Paths.get("target", "bench", "sessions.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, json);
        log.info("Sessions bench:\n{}", json);
    }

    private long logIn(String[] user) {
        Page page = chromium.newPage("http://localhost:" + port);
        try {
            long started = System.nanoTime();
            page.navigate("/");
            new PortalPage(page).submitKeycloakLogin(user[0], user[1]);
            assertThat(page.locator("#current-user")).containsText(user[0], PortalPage.LOGIN);
            assertThat(page.locator("vaadin-grid").first()).isVisible();
            return (System.nanoTime() - started) / 1_000_000;
        } finally {
            page.context().close();
        }
    }

    private int activeSessions() {
        TomcatWebServer tomcat = (TomcatWebServer) web.getWebServer();
        return ((Context) tomcat.getTomcat().getHost().findChildren()[0]).getManager().getActiveSessions();
    }

    private static long heapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static long rssKb() throws Exception {
        return Files.readAllLines(Paths.get("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(-1L);
    }
}
