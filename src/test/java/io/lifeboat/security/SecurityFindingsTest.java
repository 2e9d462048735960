package io.lifeboat.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.AsUser;
import io.lifeboat.LabTest;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.inventory.SyncResult;
import io.lifeboat.tenancy.AccessDeniedException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * One test per finding of the security review of the running lab (issue "Security hardening"): each failed before
 * the fix. Clients are told apart by their loopback source address (127.0.0.x), so one test's throttled address
 * does not slow down another's.
 */
@LabTest
class SecurityFindingsTest {

    @LocalServerPort int port;
    @Autowired AsUser as;
    @Autowired ReplicaOverviewService overview;

    @Test
    void wrong_passwords_make_the_account_wait_longer_each_time_and_the_right_password_waits_too() throws Exception {
        RawHttp client = client(21);
        for (int i = 0; i < 4; i++) {
            assertThat(location(client.login("globex-viewer", "wrong-" + i))).isEqualTo("/login?error");
        }
        // Before the fix the right password was accepted at once after any number of failures.
        assertThat(location(client.login("globex-viewer", "globex"))).isEqualTo("/login?throttled=1");
        Thread.sleep(1_100);
        assertThat(location(client.login("globex-viewer", "wrong-again"))).isEqualTo("/login?error");
        assertThat(location(client.login("globex-viewer", "globex"))).isEqualTo("/login?throttled=2"); // the wait doubled
        Thread.sleep(2_100);
        assertThat(location(client.login("globex-viewer", "globex"))).as("the lock is short: the real user gets in").doesNotContain("/login");
        assertThat(location(client.login("globex-viewer", "globex"))).as("a success clears the account's failures").doesNotContain("/login");
    }

    @Test
    void many_failures_from_one_address_pause_that_address_for_every_account() throws Exception {
        RawHttp attacker = client(22);
        for (int i = 0; i < LoginThrottle.PER_ADDRESS.freeFailures() + 1; i++) {
            assertThat(location(attacker.login("no-such-user-" + i, "guess"))).isEqualTo("/login?error");
        }
        assertThat(location(attacker.login("acme-viewer", "acme"))).startsWith("/login?throttled=");
        assertThat(location(client(23).login("acme-viewer", "acme"))).as("another address is not slowed down").doesNotContain("/login");
    }

    @Test
    void http_basic_on_the_actuator_is_throttled_too_and_answers_429_with_retry_after() throws Exception {
        RawHttp scraper = client(24);
        for (int i = 0; i < 4; i++) {
            assertThat(scraper.get("/actuator/prometheus", basic("provider", "wrong")).status()).isEqualTo(401);
        }
        RawHttp.Response throttled = scraper.get("/actuator/prometheus", basic("provider", "provider"));
        assertThat(throttled.status()).as(RawHttp.describe(throttled)).isEqualTo(429);
        assertThat(throttled.header("Retry-After")).hasValue("1");
        Thread.sleep(1_100);
        assertThat(scraper.get("/actuator/prometheus", basic("provider", "provider")).status()).isEqualTo(200);
    }

    @Test
    void a_login_post_from_another_origin_or_from_nowhere_is_refused() throws Exception {
        RawHttp client = client(25);
        RawHttp.Response forged = client.loginFrom("http://evil.example", "acme-viewer", "acme");
        assertThat(forged.status()).as(RawHttp.describe(forged)).isEqualTo(403);
        assertThat(forged.header("Location")).isEmpty();
        assertThat(client.loginFrom(null, "acme-viewer", "acme").status()).isEqualTo(403);
        RawHttp.Response ownPage = client.loginFrom(client.ownOrigin(), "acme-viewer", "acme");
        assertThat(ownPage.status()).isEqualTo(302);
        assertThat(location(ownPage)).doesNotContain("/login");
    }

    @Test
    void a_viewer_cannot_sync_now_but_an_operator_can() {
        assertThatThrownBy(() -> as.call("globex-viewer", () -> overview.refresh()))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("may look but not change");
        SyncResult synced = as.call("globex-admin", () -> overview.refresh());
        assertThat(synced.replicas()).isEqualTo(4);
    }

    @Test
    void pages_carry_a_content_security_policy_referrer_and_permissions_policies_and_a_same_site_session_cookie() throws Exception {
        RawHttp.Response login = client(26).get("/login", Map.of());
        assertThat(login.status()).isEqualTo(200);
        // Vaadin Flow's client needs inline scripts and eval; no other origin may supply any script, style or frame.
        assertThat(login.header("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'self'", "script-src 'self' 'unsafe-inline' 'unsafe-eval';", "frame-ancestors 'none'",
                        "object-src 'none'", "form-action 'self'", "base-uri 'self'").doesNotContain("http", "*"));
        assertThat(login.header("Referrer-Policy")).hasValue("same-origin");
        assertThat(login.header("Permissions-Policy")).hasValueSatisfying(p -> assertThat(p).contains("camera=()"));
        assertThat(login.all("Set-Cookie")).filteredOn(c -> c.startsWith("JSESSIONID=")).singleElement()
                .satisfies(cookie -> assertThat(cookie).contains("SameSite=Lax", "HttpOnly"));
        assertThat(login.header("Strict-Transport-Security")).as("HSTS only in production profiles").isEmpty();
    }

    @Test
    void a_forged_host_header_never_reaches_a_redirect() throws Exception {
        RawHttp.Response replicas = client(27).get("/replicas", Map.of("Host", "evil.example"));
        assertThat(replicas.status()).isEqualTo(302);
        assertThat(location(replicas)).isEqualTo("/login");
    }

    @Test
    void anonymous_requests_to_non_page_endpoints_create_no_session() throws Exception {
        RawHttp stranger = client(28);
        for (String path : List.of("/actuator/env", "/actuator/prometheus", "/actuator/health", "/actuator/nothing-here")) {
            RawHttp.Response response = stranger.get(path, Map.of());
            assertThat(response.sessionCookie()).as(path + " -> " + RawHttp.describe(response)).isEmpty();
        }
    }

    private RawHttp client(int lastOctet) {
        return new RawHttp(port, "127.0.0." + lastOctet);
    }

    private static String location(RawHttp.Response response) {
        assertThat(response.status()).as(RawHttp.describe(response)).isEqualTo(302);
        return response.header("Location").orElseThrow();
    }

    private static Map<String, String> basic(String user, String password) {
        return Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes()));
    }
}
