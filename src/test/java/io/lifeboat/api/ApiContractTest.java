package io.lifeboat.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeboat.AsUser;
import io.lifeboat.LabTest;
import io.lifeboat.administration.TenantAdministrationService;
import io.lifeboat.automation.ApiTokenScope;
import io.lifeboat.lab.LabBootstrap;
import io.lifeboat.tenancy.HardwarePlan;
import io.lifeboat.tenancy.TenancyService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The REST API against the running portal and the lab's vSphere simulators, as a script sees it: every endpoint's
 * answer and field names, tenant isolation by every endpoint, roles, token life, idempotency, the rate limit and the
 * OpenAPI document.
 */
@LabTest
class ApiContractTest {

    @LocalServerPort int port;
    @Autowired ApiTokens tokens;
    @Autowired JdbcTemplate jdbc;
    @Autowired io.lifeboat.tenancy.IdentityProviderSignIns signIns;
    @Autowired AsUser as;
    @Autowired TenancyService tenancy;
    @Autowired TenantAdministrationService tenantAdministration;
    @Autowired @org.springframework.beans.factory.annotation.Qualifier("requestMappingHandlerMapping")
    org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping handlerMapping;

    ApiClient acme;
    ApiClient globex;

    @BeforeEach
    void clients() {
        acme = new ApiClient("http://localhost:" + port, tokens.operate("acme-admin"));
        globex = acme.as(tokens.operate("globex-admin"));
    }

    @Test
    void replicas_are_listed_filtered_sorted_and_paged_with_the_documented_field_names() {
        JsonNode page = acme.get("/api/v1/replicas?sort=-name&size=2").json();
        assertThat(page.path("total").asInt()).isEqualTo(6);
        assertThat(names(page)).containsExactly("web-02", "web-01");
        assertThat(page.path("items").get(0).fieldNames()).toIterable().contains("id", "name", "state", "ip");
        assertThat(page.path("items").get(0).path("state").asText()).isEqualTo("READY");
        assertThat(page.path("items").get(0).path("ip").asText()).startsWith("192.168.60.");

        assertThat(names(acme.get("/api/v1/replicas?sort=-name&size=2&page=2").json())).containsExactly("db-01", "app-01");
        assertThat(names(acme.get("/api/v1/replicas?q=web&sort=name").json())).containsExactly("web-01", "web-02");
        assertThat(acme.get("/api/v1/replicas?state=FAILED_OVER&q=db").json().path("total").asInt()).isZero();
        ApiClient.Answer badSort = acme.get("/api/v1/replicas?sort=colour");
        assertThat(badSort.status()).isEqualTo(400);
        assertThat(badSort.detail()).contains("Unknown sort key colour");
    }

    @Test
    void a_request_that_fails_validation_is_told_which_field_and_what_to_send() {
        ApiClient.Answer noVm = acme.post("/api/v1/failovers/preflight", Map.of("vms", List.of(), "overrideWarnings", false));
        assertThat(noVm.status()).as(noVm.text()).isEqualTo(400);
        assertThat(noVm.detail()).isEqualTo("vms: Choose at least one VM to fail over.");
        assertThat(noVm.json().path("errors").get(0).path("field").asText()).isEqualTo("vms");

        ApiClient.Answer noPoint = acme.post("/api/v1/failovers", Map.of("vms", List.of(Map.of("replicaId", acme.replicaId("db-01")))));
        assertThat(noPoint.status()).as(noPoint.text()).isEqualTo(400);
        assertThat(noPoint.detail()).isEqualTo("vms[0].restorePointId: Give the id of the restore point to start the VM from.");

        ApiClient.Answer nameForId = acme.postAsWritten("/api/v1/failovers/preflight", "{\"vms\": [{\"replicaId\": \"db-01\", \"restorePointId\": 1}]}");
        assertThat(nameForId.status()).as(nameForId.text()).isEqualTo(400);
        assertThat(nameForId.detail()).isEqualTo("vms[0].replicaId: Send a number.");
        ApiClient.Answer notJson = acme.postAsWritten("/api/v1/failovers/preflight", "{\"vms\": [\n  {\"replicaId\": 1,}]}");
        assertThat(notJson.status()).as(notJson.text()).isEqualTo(400);
        assertThat(notJson.detail()).startsWith("The request body is not valid JSON (line 2, column ");
        ApiClient.Answer noBody = acme.postAsWritten("/api/v1/failovers", "");
        assertThat(noBody.status()).as(noBody.text()).isEqualTo(400);
        assertThat(noBody.detail()).isEqualTo("The request has no body: send its JSON as documented at /api/v1/docs.");

        ApiClient.Answer hugePage = acme.get("/api/v1/tasks?size=1000");
        assertThat(hugePage.status()).as(hugePage.text()).isEqualTo(400);
        assertThat(hugePage.detail()).isEqualTo("size: Send a page size from 1 to 500.");
        assertThat(hugePage.json().path("errors").get(0).path("field").asText()).isEqualTo("size");
        ApiClient.Answer emptyPage = acme.get("/api/v1/audit-log?size=0");
        assertThat(emptyPage.status()).as(emptyPage.text()).isEqualTo(400);
        assertThat(emptyPage.detail()).isEqualTo("size: Send a page size from 1 to 500.");
        ApiClient.Answer pageBeforeFirst = acme.get("/api/v1/replicas?page=-1");
        assertThat(pageBeforeFirst.status()).as(pageBeforeFirst.text()).isEqualTo(400);
        assertThat(pageBeforeFirst.detail()).isEqualTo("page: Send a page number of 0 or more (the first page is 0).");

        ApiClient.Answer unknownState = acme.get("/api/v1/replicas?state=BOGUS");
        assertThat(unknownState.status()).as(unknownState.text()).isEqualTo(400);
        assertThat(unknownState.detail()).startsWith("state: Send one of READY, FAILOVER_STARTING, FAILED_OVER, ").endsWith(".");
        assertThat(unknownState.json().path("errors").get(0).path("field").asText()).isEqualTo("state");
        ApiClient.Answer nameInPath = acme.get("/api/v1/replicas/db-01");
        assertThat(nameInPath.status()).as(nameInPath.text()).isEqualTo(400);
        assertThat(nameInPath.detail()).isEqualTo("id: Send a number.");
        ApiClient.Answer unknownEvent = acme.post("/api/v1/webhooks", Map.of("url", "https://hooks.acme.example/x", "events", List.of("failover.begun")));
        assertThat(unknownEvent.status()).as(unknownEvent.text()).isEqualTo(400);
        assertThat(unknownEvent.detail()).startsWith("events[0]: Unknown webhook event failover.begun; use one of [failover.started, ");
    }

    @Test
    void an_unknown_api_path_or_method_answers_a_problem_detail_not_a_page() {
        ApiClient.Answer typo = acme.get("/api/v1/audit");
        assertThat(typo.status()).as(typo.text()).isEqualTo(404);
        assertThat(typo.headers().firstValue("Content-Type")).as(typo.text()).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(typo.detail()).isEqualTo("There is no API endpoint GET /api/v1/audit. The endpoints are listed at /api/v1/docs.");
        ApiClient.Answer post = acme.post("/api/v2/failovers", Map.of());
        assertThat(post.status()).as(post.text()).isEqualTo(404);
        assertThat(post.detail()).isEqualTo("There is no API endpoint POST /api/v2/failovers. The endpoints are listed at /api/v1/docs.");
        assertThat(acme.get("/api/v1/audit-log").status()).as("the right path still answers").isEqualTo(200);

        ApiClient.Answer wrongMethod = acme.get("/api/v1/failovers");
        assertThat(wrongMethod.status()).as(wrongMethod.text()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
        assertThat(wrongMethod.detail()).isEqualTo("/api/v1/failovers does not take GET: send POST. The endpoints are listed at /api/v1/docs.");
    }

    @Test
    void a_replica_by_id_has_its_restore_points_newest_first() {
        JsonNode db = acme.get("/api/v1/replicas/" + acme.replicaId("db-01")).json();
        assertThat(db.path("name").asText()).isEqualTo("db-01");
        // compared as instants: as text "…58Z" (a whole second) sorts after "…58.027Z"
        List<java.time.Instant> created = new ArrayList<>();
        db.path("restorePoints").forEach(p -> {
            assertThat(p.path("id").asLong()).isPositive();
            created.add(java.time.Instant.parse(p.path("createdAt").asText()));
        });
        assertThat(created).hasSize(5).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void another_tenants_ids_answer_404_exactly_like_missing_ones_on_every_endpoint() {
        long acmeReplica = acme.replicaId("app-01");
        long missing = 987_654_321L;
        long acmeRestorePoint = acme.get("/api/v1/replicas/" + acmeReplica).json().path("restorePoints").get(0).path("id").asLong();
        for (String path : List.of("/api/v1/replicas/%d", "/api/v1/replicas/%d/undo-failover", "/api/v1/replicas/%d/power-off-original",
                "/api/v1/replicas/%d/failback",
                "/api/v1/replicas/%d/commit-failback", "/api/v1/replicas/%d/undo-failback", "/api/v1/replicas/%d/retry")) {
            boolean read = !path.contains("-") && !path.endsWith("retry") && !path.endsWith("failback");
            ApiClient.Answer theirs = read ? globex.get(path.formatted(acmeReplica)) : globex.post(path.formatted(acmeReplica), null);
            ApiClient.Answer none = read ? globex.get(path.formatted(missing)) : globex.post(path.formatted(missing), null);
            assertThat(theirs.status()).as(path).isEqualTo(404);
            assertThat(none.status()).as(path).isEqualTo(404);
            assertThat(theirs.detail().replace(Long.toString(acmeReplica), "ID")).as(path).isEqualTo(none.detail().replace(Long.toString(missing), "ID"));
        }
        ApiClient.Answer failover = globex.post("/api/v1/failovers", ApiClient.failoverBody(acmeReplica, acmeRestorePoint, false));
        assertThat(failover.status()).isEqualTo(404);
        assertThat(failover.detail()).isEqualTo("There is no replica with id " + acmeReplica + " in your organisation.");

        assertThat(names(globex.get("/api/v1/replicas?size=100").json())).doesNotContain("app-01", "web-01");
        assertThat(globex.get("/api/v1/networks").json().path("networks").findValuesAsText("tenant")).doesNotContain("ACME Corporation");
        assertThat(globex.get("/api/v1/provider/tenants").status()).isEqualTo(403);
        assertThat(globex.get("/api/v1/provider/sites").status()).isEqualTo(403);

        long acmeLan = acme.get("/api/v1/networks").json().path("networks").get(0).path("networkId").asLong();
        ApiClient.Answer theirs = globex.put("/api/v1/networks/" + acmeLan + "/tenant-nea", Map.of("keptRunning", true));
        ApiClient.Answer none = globex.put("/api/v1/networks/" + missing + "/tenant-nea", Map.of("keptRunning", true));
        assertThat(theirs.status()).isEqualTo(404);
        assertThat(none.status()).isEqualTo(404);
        assertThat(theirs.detail()).isEqualTo("There is no network with id " + acmeLan + " in your organisation.");
        assertThat(acme.get("/api/v1/networks").json().path("networks").get(0).path("tenantNeaKeptRunning").asBoolean())
                .as("globex changed nothing of acme's").isFalse();
    }

    @Test
    void powering_off_the_original_of_a_replica_without_an_ip_conflict_is_409_and_touches_nothing() {
        long replica = acme.replicaId("app-01");
        assertThat(acme.get("/api/v1/replicas/" + replica).json().path("ipConflict").isObject()).as("no conflict is shown").isFalse();
        ApiClient.Answer refused = acme.post("/api/v1/replicas/" + replica + "/power-off-original", null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.detail()).isEqualTo("app-01 has no IP conflict to resolve.");
    }

    @Test
    void a_viewer_and_a_read_only_token_may_look_but_every_write_is_403() {
        long replica = acme.replicaId("app-01");
        for (ApiClient reader : List.of(acme.as(tokens.create("acme-viewer", ApiTokenScope.READ)), acme.as(tokens.create("acme-admin", ApiTokenScope.READ)))) {
            assertThat(reader.get("/api/v1/replicas").status()).isEqualTo(200);
            for (String action : List.of("undo-failover", "power-off-original", "failback", "commit-failback", "undo-failback", "retry")) {
                ApiClient.Answer refused = reader.post("/api/v1/replicas/" + replica + "/" + action, null);
                assertThat(refused.status()).as(action).isEqualTo(403);
                assertThat(refused.detail()).as(action).contains("may look but not change anything");
                assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            }
            assertThat(reader.post("/api/v1/failovers", ApiClient.failoverBody(replica, 1, true)).status()).isEqualTo(403);
            long network = reader.get("/api/v1/networks").json().path("networks").get(0).path("networkId").asLong();
            assertThat(reader.put("/api/v1/networks/" + network + "/tenant-nea", Map.of("keptRunning", true)).status()).isEqualTo(403);
        }
    }

    /**
     * A user of the tenant's identity provider has no local account to disable: disabling the tenant must end that
     * user's API tokens too, as it ends their logins. The token is made an identity provider user's by its row, and
     * the user's sign-in recorded as the OIDC login records it.
     */
    @Test
    void the_api_tokens_of_a_disabled_tenants_identity_provider_users_are_refused() {
        long tenantId = as.call("provider", () -> tenancy.createTenant("ssocorp", "SSO Corp", new HardwarePlan(2, 2048))).id();
        String token = tokens.operate("acme-admin");
        jdbc.update("update api_token set username = 'sso-alice', tenant_id = ? where prefix = ?", tenantId, token.substring(0, 11));
        signIns.signedIn(new io.lifeboat.tenancy.TenantContext("sso-alice", io.lifeboat.tenancy.Role.TENANT_OPERATOR, tenantId, "ssocorp"));
        ApiClient alice = acme.as(token);
        assertThat(alice.get("/api/v1/replicas").status()).as("works while the tenant is enabled").isEqualTo(200);

        as.run("provider", () -> tenantAdministration.setEnabled(tenantId, false));

        ApiClient.Answer refused = alice.get("/api/v1/replicas");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.detail()).contains("unknown, revoked or expired");
    }

    /**
     * Keycloak's roles are the realm's: a provider administrator made a tenant operator signs in as one, and her provider
     * token stops at once. Before, it acted as the provider for 30 more days, as her last sign-in as the provider said.
     */
    @Test
    void an_identity_provider_users_provider_token_stops_when_she_signs_in_as_a_tenant_user() {
        String token = tokens.create("provider", ApiTokenScope.READ);
        jdbc.update("update api_token set username = 'sso-paula' where prefix = ?", token.substring(0, 11));
        signIns.signedIn(new io.lifeboat.tenancy.TenantContext("sso-paula", io.lifeboat.tenancy.Role.PROVIDER_ADMIN, null, null));
        ApiClient paula = acme.as(token);
        assertThat(paula.get("/api/v1/provider/tenants").status()).as("signed in as the provider").isEqualTo(200);

        long acmeId = tenancy.findTenantByName("acme").orElseThrow().id();
        signIns.signedIn(new io.lifeboat.tenancy.TenantContext("sso-paula", io.lifeboat.tenancy.Role.TENANT_OPERATOR, acmeId, "acme"));

        assertThat(paula.get("/api/v1/provider/tenants").status()).isEqualTo(401);
    }

    /**
     * The provider's role may change everything, its Read token nothing: before, such a token could register a webhook
     * that received every tenant's events, or delete the provider's own.
     */
    @Test
    void a_providers_read_token_may_look_but_registers_and_deletes_no_webhook() {
        ApiClient reader = acme.as(tokens.create("provider", ApiTokenScope.READ));
        assertThat(reader.get("/api/v1/provider/tenants").status()).isEqualTo(200);

        ApiClient.Answer refused = reader.post("/api/v1/webhooks", Map.of("url", "http://127.0.0.1:9/hook", "events", List.of("tunnel.up")));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.detail()).contains("may look but not change anything");
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(reader.delete("/api/v1/webhooks/1").status()).isEqualTo(403);
        assertThat(reader.get("/api/v1/webhooks").json().findValuesAsText("url")).as("nothing registered").doesNotContain("http://127.0.0.1:9/hook");
    }

    @Test
    void a_missing_unknown_revoked_or_expired_token_is_401_as_a_problem_detail() {
        ApiClient.Answer none = acme.as(null).get("/api/v1/replicas");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(none.json().path("status").asInt()).isEqualTo(401);
        assertThat(acme.as("lb_not-a-token-at-all-0000000000000000000000").get("/api/v1/replicas").status()).isEqualTo(401);
        assertThat(acme.as("something-else").get("/api/v1/replicas").status()).isEqualTo(401);

        String revoked = tokens.operate("acme-admin");
        assertThat(acme.as(revoked).get("/api/v1/replicas").status()).isEqualTo(200);
        tokens.revoke("acme-admin", revoked);
        ApiClient.Answer afterRevoke = acme.as(revoked).get("/api/v1/replicas");
        assertThat(afterRevoke.status()).isEqualTo(401);
        assertThat(afterRevoke.detail()).contains("unknown, revoked or expired");

        String expiring = tokens.operate("acme-admin");
        jdbc.update("update api_token set expires_at = ? where prefix = ?", java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(1)),
                expiring.substring(0, 11));
        assertThat(acme.as(expiring).get("/api/v1/replicas").status()).isEqualTo(401);
    }

    @Test
    void the_provider_sees_tenants_with_counts_every_vm_in_failover_and_all_tasks() {
        ApiClient provider = acme.as(tokens.operate("provider"));
        JsonNode tenants = provider.get("/api/v1/provider/tenants").json();
        assertThat(tenants.findValuesAsText("name")).contains("acme", "globex");
        JsonNode acmeRow = null;
        for (JsonNode t : tenants) {
            if (t.path("name").asText().equals("acme")) {
                acmeRow = t;
            }
        }
        assertThat(acmeRow.path("replicas").asInt()).isEqualTo(6);
        assertThat(acmeRow.path("quotaCpus").asInt()).isPositive();
        assertThat(acmeRow.path("appliances").path("vms").asInt()).as("no network extended here: no NEA VM runs").isZero();
        assertThat(acmeRow.path("warmNetworks").isInt()).isTrue();
        JsonNode networks = provider.get("/api/v1/provider/networks").json();
        assertThat(networks.findValuesAsText("tenant")).contains("ACME Corporation", "Globex Inc.");
        assertThat(networks).allSatisfy(network -> assertThat(network.path("appliances").path("cpus").isInt()).isTrue());
        assertThat(provider.get("/api/v1/provider/failovers").status()).isEqualTo(200);
        JsonNode sites = provider.get("/api/v1/provider/sites").json();
        assertThat(sites.findValuesAsText("name")).contains(LabBootstrap.PROVIDER_SITE, LabBootstrap.TENANT_SITE);
        assertThat(sites).filteredOn(site -> site.path("name").asText().startsWith("lab-")).hasSize(2).allSatisfy(site -> {
            // checked by the sync at start; another test may have cut a simulator off during a sync since
            assertThat(site.path("status").asText()).as("%s", site).isIn("WORKING", "FAILING");
            assertThat(site.path("checkedAt").asText()).isNotBlank();
            assertThat(site.path("status").asText().equals("FAILING")).isEqualTo(!site.path("error").isNull());
        });
        assertThat(sites).allSatisfy(site -> assertThat(site.has("password")).isFalse());
        assertThat(provider.get("/api/v1/tasks").status()).isEqualTo(200);
        assertThat(provider.get("/api/v1/replicas").status()).isEqualTo(403);
    }

    @Test
    void the_rate_limit_answers_429_with_retry_after_once_a_tokens_requests_are_used_up() {
        ApiClient client = acme.as(tokens.create("acme-viewer", ApiTokenScope.READ));
        ApiClient.Answer answer = null;
        // 300 a minute, refilled continuously: a burst of a little more than 300 runs out, however slow the machine.
        for (int i = 0; i < 2000 && (answer == null || answer.status() == 200); i++) {
            answer = client.get("/api/v1/tasks?size=1");
        }
        assertThat(answer.status()).isEqualTo(429);
        assertThat(Long.parseLong(answer.headers().firstValue("Retry-After").orElseThrow())).isPositive();
        assertThat(answer.detail()).contains("Too many requests");
        assertThat(acme.get("/api/v1/tasks?size=1").status()).as("another token is not limited").isEqualTo(200);
    }

    @Test
    void the_openapi_document_lists_exactly_the_endpoints_the_application_serves() {
        ApiClient anonymous = acme.as(null);
        ApiClient.Answer document = anonymous.get("/api/v1/openapi.json");
        assertThat(document.status()).isEqualTo(200);
        JsonNode openapi = document.json();
        assertThat(openapi.path("openapi").asText()).startsWith("3.");
        Set<String> documented = new TreeSet<>();
        openapi.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> documented.add(method.toUpperCase() + " " + path.getKey())));
        assertThat(documented).isEqualTo(servedEndpoints());
        assertThat(openapi.path("components").path("securitySchemes").path("bearer").path("scheme").asText()).isEqualTo("bearer");
        JsonNode pageSize = StreamSupport.stream(openapi.path("paths").path("/api/v1/tasks").path("get").path("parameters").spliterator(), false)
                .filter(parameter -> parameter.path("name").asText().equals("size")).findFirst().orElseThrow().path("schema");
        assertThat(pageSize.path("minimum").asInt()).as("a page's size is documented with its bounds: %s", pageSize).isEqualTo(1);
        assertThat(pageSize.path("maximum").asInt()).as("%s", pageSize).isEqualTo(500);
        ApiClient.Answer page = anonymous.get("/api/v1/docs");
        assertThat(page.status()).isIn(200, 302);
        ApiClient.Answer browsable = anonymous.get("/api/v1/swagger-ui/index.html");
        assertThat(browsable.status()).as("the browsable page is served, not taken for an unknown endpoint").isEqualTo(200);
        assertThat(browsable.text()).contains("swagger-ui");
    }

    /** What the application answers under /api/v1, from Spring MVC's own handler mappings (not from springdoc). */
    private Set<String> servedEndpoints() {
        Set<String> served = new TreeSet<>();
        handlerMapping.getHandlerMethods().forEach((mapping, method) -> {
            if (!method.getBeanType().getPackageName().startsWith("io.lifeboat")) {
                return;
            }
            for (String pattern : mapping.getPatternValues()) {
                mapping.getMethodsCondition().getMethods().forEach(verb -> served.add(verb.name() + " " + pattern));
            }
        });
        served.removeIf(endpoint -> !endpoint.contains(" /api/v1/"));
        return served;
    }

    static List<String> names(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.path("items").forEach(item -> names.add(item.path("name").asText()));
        return names;
    }
}
