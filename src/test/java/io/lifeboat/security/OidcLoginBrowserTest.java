package io.lifeboat.security;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.lifeboat.AsUser;
import io.lifeboat.Postgres;
import io.lifeboat.Readme;
import io.lifeboat.SecondLane;
import io.lifeboat.browser.Chromium;
import io.lifeboat.browser.PortalPage;
import io.lifeboat.replica.ReplicaFilter;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.tenancy.InvalidInputException;
import io.lifeboat.tenancy.NewUser;
import io.lifeboat.tenancy.Role;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * OIDC login against a real Keycloak with the realm of docker/keycloak: per-tenant access from the token's
 * organisation, verified against Lifeboat's tenants; the provider's dashboard; the no-access page; RP-initiated logout.
 * Keycloak starts before the portal's context (the {@code @ExtendWith} comes before {@code @SpringBootTest}) and stops
 * after it closed ({@code @DirtiesContext}: this context is not shared).
 */
@ExtendWith(Keycloak.class)
// Its own Quartz scheduler name: Quartz keeps data sources JVM-wide by scheduler name, and this context closes
// (DirtiesContext) while the shared @LabTest context lives on.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.quartz.scheduler-name=lifeboat-oidc-test")
@ActiveProfiles({"lab", "test", "oidc"})
@DirtiesContext
@SecondLane
class OidcLoginBrowserTest {

    private static final Logger log = LoggerFactory.getLogger(OidcLoginBrowserTest.class);

    @RegisterExtension
    static Chromium chromium = new Chromium();

    @LocalServerPort int port;
    @Autowired AsUser as;
    @Autowired ReplicaOverviewService overview;
    @Autowired io.lifeboat.tenancy.TenancyService tenancy;
    @Autowired io.lifeboat.tenancy.UserAdministrationService users;
    @Autowired org.springframework.jdbc.core.JdbcTemplate jdbc;

    private static long loginMillis = -1;

    @DynamicPropertySource
    static void keycloak(DynamicPropertyRegistry registry) {
        Keycloak.start();
        registry.add("spring.security.oauth2.client.provider.keycloak.issuer-uri", Keycloak::issuer);
        registry.add("spring.security.oauth2.client.registration.keycloak.client-secret", () -> Keycloak.CLIENT_SECRET);
    }

    @Test
    void acme_logs_in_through_keycloak_sees_only_acme_and_logout_ends_the_keycloak_session() {
        ReplicaRow globexErp = as.call("globex-admin", () -> overview.list(new ReplicaFilter("erp-01", null), List.of(), 0, 10)).get(0);
        PortalPage acme = new PortalPage(chromium.newPage(baseUrl()));
        Page page = acme.page();

        long started = System.nanoTime();
        page.navigate("/");
        assertThat(page).hasURL(java.util.regex.Pattern.compile("^" + Keycloak.issuer() + "/protocol/openid-connect/auth.*"));
        acme.submitKeycloakLogin("alice", "alice");
        assertThat(page.locator("#current-user")).containsText("alice · acme · tenant operator", PortalPage.LOGIN);
        assertThat(acme.gridCell("replica-grid", "web-01")).isVisible();
        loginMillis = (System.nanoTime() - started) / 1_000_000;
        log.info("Login round trip through Keycloak (portal → Keycloak form → logged in, replicas shown): {} ms", loginMillis);
        assertThat(acme.gridCell("replica-grid", "erp-01")).hasCount(0);
        acme.screenshot("oidc-01-acme-replicas");

        page.navigate("/replica/" + globexErp.id());
        assertThat(page.locator("#replica-not-found")).isVisible();
        assertThat(page.locator("#replica-title")).hasCount(0);
        page.navigate("/provider");
        assertThat(page.locator("#tenant-grid")).hasCount(0);

        page.navigate("/replicas");
        acme.logOutToKeycloak();
        acme.screenshot("oidc-02-after-logout");
        page.navigate("/replicas");
        assertThat(page.locator("#kc-form-login")).isVisible(); // no silent re-login: the Keycloak session is gone
        assertThat(page.locator("#current-user")).hasCount(0);
    }

    @Test
    void globex_logs_in_through_its_own_login_link_and_sees_only_globex() {
        PortalPage globex = new PortalPage(chromium.newPage(baseUrl())).logInThroughKeycloak("/login/globex", "bob", "bob");
        assertThat(globex.page().locator("#current-user")).containsText("bob · globex · tenant operator");
        assertThat(globex.gridCell("replica-grid", "erp-01")).isVisible();
        assertThat(globex.gridCell("replica-grid", "web-01")).hasCount(0);
    }

    /**
     * Where users sign in through Keycloak, a local account is nobody's identity. Before, one named as a Keycloak user
     * (created by any tenant operator on the Users page, then disabled) ended that user's sessions at every request, the
     * provider's admins' included, and lent its role and tenant to their API tokens.
     */
    @Test
    void a_local_account_of_a_keycloak_users_name_neither_ends_their_session_nor_can_be_created() {
        tenancy.ensureLocalAccount("bob", "local-bob", Role.TENANT_VIEWER, "acme");
        jdbc.update("update user_account set enabled = false where username = 'bob'");
        try {
            PortalPage globex = new PortalPage(chromium.newPage(baseUrl())).logInThroughKeycloak("/login/globex", "bob", "bob");
            assertThat(globex.page().locator("#current-user")).containsText("bob · globex · tenant operator");
            globex.page().navigate("/replicas");   // a second request: the session goes on
            assertThat(globex.gridCell("replica-grid", "erp-01")).isVisible();
            assertThat(globex.page().locator("#current-user")).containsText("bob · globex · tenant operator");
        } finally {
            jdbc.update("delete from user_account where username = 'bob'");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> as.run("provider", () -> users.createUser(new NewUser("paula", Role.PROVIDER_ADMIN, null))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("Users sign in through your identity provider here");
    }

    /**
     * Lifeboat cannot ask Keycloak about a user who is not signing in. Before, a Keycloak user's API token kept the role
     * and tenant of its creation for up to a year, after the user was made a viewer or left. Now it follows her latest
     * sign-in to its tenant, and stops when that is more than 30 days old. (The database stands in for a later sign-in
     * that gave her the viewer role, and for the month going by.)
     */
    @Test
    void a_keycloak_users_api_token_follows_her_latest_sign_in() {
        PortalPage alice = new PortalPage(chromium.newPage(baseUrl())).logInThroughKeycloak("/", "alice", "alice");
        alice.page().navigate("/api-tokens");
        assertThat(alice.page().locator("#token-sign-in-condition")).containsText("not signed in to this portal for 30 days");
        alice.page().locator("#token-name input").fill("nightly report");
        alice.page().locator("#token-scope vaadin-radio-button").filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("Operate")).click();
        alice.page().locator("#create-token").click();
        assertThat(alice.page().locator("#new-token textarea")).hasValue(java.util.regex.Pattern.compile("^lb_.+"));
        io.lifeboat.api.ApiClient api = new io.lifeboat.api.ApiClient(baseUrl(), alice.page().locator("#new-token textarea").inputValue());
        long web = api.replicaId("web-01");

        jdbc.update("update identity_provider_sign_in set role = 'TENANT_VIEWER' where username = 'alice'");
        org.assertj.core.api.Assertions.assertThat(api.post("/api/v1/replicas/" + web + "/undo-failover", null).status())
                .as("made a viewer at her latest sign-in").isEqualTo(403);
        org.assertj.core.api.Assertions.assertThat(api.get("/api/v1/replicas/" + web).status()).isEqualTo(200);

        jdbc.update("update identity_provider_sign_in set signed_in_at = ? where username = 'alice'",
                java.sql.Timestamp.from(java.time.Instant.now().minus(java.time.Duration.ofDays(31))));
        org.assertj.core.api.Assertions.assertThat(api.get("/api/v1/replicas").status()).as("not signed in for 31 days").isEqualTo(401);

        new PortalPage(chromium.newPage(baseUrl())).logInThroughKeycloak("/", "alice", "alice");
        org.assertj.core.api.Assertions.assertThat(api.get("/api/v1/replicas").status()).as("signed in again").isEqualTo(200);
        org.assertj.core.api.Assertions.assertThat(jdbc.queryForObject("select role from identity_provider_sign_in where username = 'alice'", String.class))
                .isEqualTo("TENANT_OPERATOR");
    }

    @Test
    void a_tenant_viewer_gets_the_viewer_role_through_the_tenant_login_parameter() {
        PortalPage viewer = new PortalPage(chromium.newPage(baseUrl())).logInThroughKeycloak("/login?tenant=acme", "victor", "victor");
        assertThat(viewer.page().locator("#current-user")).containsText("victor · acme · tenant viewer");
        assertThat(viewer.page().locator("#partial-failover")).isHidden();
    }

    @Test
    void the_provider_admin_sees_the_dashboard() {
        PortalPage provider = new PortalPage(chromium.newPage(baseUrl())).logInThroughKeycloak("/", "paula", "paula");
        assertThat(provider.page().locator("#current-user")).containsText("paula · provider");
        assertThat(provider.gridCell("tenant-grid", "ACME Corporation")).isVisible();
        assertThat(provider.gridCell("tenant-grid", "Globex Inc.")).isVisible();
        provider.screenshot("oidc-03-provider-dashboard");
    }

    @Test
    void a_user_without_a_tenant_gets_the_no_access_page() {
        PortalPage nora = new PortalPage(chromium.newPage(baseUrl()));
        nora.page().navigate("/");
        nora.submitKeycloakLogin("nora", "nora");
        assertThat(nora.page().locator("#no-access-title")).hasText("No access to Lifeboat",
                new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(30_000));
        assertThat(nora.page().locator("#no-access-reason")).containsText("not a member of any tenant organisation");
        assertThat(nora.page().locator("#current-user")).hasCount(0);
        nora.screenshot("oidc-04-no-access");
        nora.page().navigate("/replicas");
        assertThat(nora.page().locator("#replica-grid")).hasCount(0);
    }

    @Test
    void another_tenants_login_link_does_not_let_acme_in() {
        PortalPage alice = new PortalPage(chromium.newPage(baseUrl()));
        alice.page().navigate("/login/globex");
        alice.submitKeycloakLogin("alice", "alice");
        assertThat(alice.page().locator("#no-access-title")).isVisible(
                new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions().setTimeout(30_000));
        assertThat(alice.page().locator("#current-user")).hasCount(0);
    }

    /**
     * The REST API with Keycloak access tokens (password grant of the realm's test-only client): the same organisation
     * and role rules as the login. An operator of acme sees acme's replicas, a viewer's write is 403, the provider
     * sees the tenants, and a user without organisation is 401.
     */
    @Test
    void keycloak_access_tokens_call_the_api_with_the_same_tenant_and_role_rules_as_the_login() throws Exception {
        io.lifeboat.api.ApiClient alice = new io.lifeboat.api.ApiClient(baseUrl(), accessToken("alice"));
        com.fasterxml.jackson.databind.JsonNode replicas = alice.get("/api/v1/replicas?sort=name").json();
        org.assertj.core.api.Assertions.assertThat(replicas.path("items").findValuesAsText("name")).containsExactly("app-01", "db-01", "mail-01", "proxy-01", "web-01", "web-02");
        long web = alice.replicaId("web-01");
        org.assertj.core.api.Assertions.assertThat(alice.as(accessToken("victor")).post("/api/v1/replicas/" + web + "/undo-failover", null).status()).isEqualTo(403);
        org.assertj.core.api.Assertions.assertThat(alice.as(accessToken("bob")).get("/api/v1/replicas/" + web).status()).isEqualTo(404);
        org.assertj.core.api.Assertions.assertThat(alice.as(accessToken("paula")).get("/api/v1/provider/tenants").status()).isEqualTo(200);
        org.assertj.core.api.Assertions.assertThat(alice.as(accessToken("nora")).get("/api/v1/replicas").status()).isEqualTo(401);
        org.assertj.core.api.Assertions.assertThat(alice.as(accessToken("alice") + "x").get("/api/v1/replicas").status()).as("a tampered signature").isEqualTo(401);
        // a token of the realm not meant for the API (its audience does not name it) is refused, alice's ID token among them
        org.assertj.core.api.Assertions.assertThat(alice.as(token("alice", "id_token")).get("/api/v1/replicas").status()).isEqualTo(401);
    }

    /**
     * The README's production start line, run exactly as written through {@code sh -c} in an empty working directory
     * with the settings it asks for (a real PostgreSQL, this Keycloak): the portal migrates the empty database, reports
     * itself healthy and sends a browser to Keycloak's login. Nothing of the lab is on: this is what a provider starts.
     */
    @Test
    void the_readme_production_command_starts_the_portal_on_postgresql_with_login_through_keycloak(@TempDir Path workDir) throws Exception {
        String command = Readme.commandIn("## Logging in through Keycloak (OIDC)", "java -jar ");
        Readme.productionJarStandIn(workDir.resolve("target/production/lifeboat.jar"));
        Postgres.start();
        int portalPort = freePort();
        ProcessBuilder start = new ProcessBuilder("sh", "-c", "exec " + command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(workDir.resolve("portal.log").toFile());
        start.environment().putAll(Map.of("LIFEBOAT_DB_URL", Postgres.jdbcUrl(), "LIFEBOAT_DB_USER", Postgres.USER,
                "LIFEBOAT_OIDC_ISSUER", Keycloak.issuer(), "LIFEBOAT_OIDC_CLIENT_SECRET", Keycloak.CLIENT_SECRET,
                "SERVER_PORT", String.valueOf(portalPort)));
        Process portal = start.start();
        try {
            HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
            URI portalUri = URI.create("http://localhost:" + portalPort + "/");
            Awaitility.await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1)) // seconds alone; minutes on a loaded 2-core machine
                    .failFast("the portal process ended", () -> !portal.isAlive())
                    .ignoreExceptions()
                    .until(() -> http.send(HttpRequest.newBuilder(portalUri.resolve("/actuator/health")).build(),
                            HttpResponse.BodyHandlers.ofString()).body().contains("\"UP\""));

            String location = portalUri.toString();
            for (int hop = 0; hop < 3 && location.startsWith(portalUri.toString()); hop++) {
                HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(location)).build(), HttpResponse.BodyHandlers.discarding());
                assertThat(answer.statusCode()).as("%s answers with a redirect", location).isEqualTo(302);
                location = portalUri.resolve(answer.headers().firstValue("Location").orElseThrow()).toString();
            }
            assertThat(location).startsWith(Keycloak.issuer() + "/protocol/openid-connect/auth?");
            assertThat(Files.readString(workDir.resolve("portal.log")))
                    .contains("The following 2 profiles are active: \"postgres\", \"oidc\"").contains("Successfully applied");
        } finally {
            portal.destroy();
            if (!portal.waitFor(30, TimeUnit.SECONDS)) {
                portal.destroyForcibly().waitFor();
            }
            Postgres.stop();
            System.out.println(Files.readString(workDir.resolve("portal.log"))); // the portal's own account, for a failure
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String accessToken(String user) throws Exception {
        return token(user, "access_token");
    }

    /** The {@code kind} of token ({@code access_token}, {@code id_token}) Keycloak issues {@code user} through the test client. */
    private static String token(String user, String kind) throws Exception {
        String form = "grant_type=password&client_id=lifeboat-api-tests&client_secret=lifeboat-api-tests-secret&scope=openid%20organization"
                + "&username=" + user + "&password=" + user;
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(Keycloak.issuer() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        org.assertj.core.api.Assertions.assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).path(kind).asText();
    }

    @AfterAll
    static void writeFigures() throws Exception {
        Path bench = Paths.get("target", "bench");
        Files.createDirectories(bench);
        Files.writeString(bench.resolve("oidc-login.json"), "{\"keycloakStartMillis\": " + (Keycloak.startTime() == null ? -1 : Keycloak.startTime().toMillis())
                + ", \"loginRoundTripMillis\": " + loginMillis + "}\n");
    }

    private String baseUrl() {
        return "http://localhost:" + port;
    }
}
