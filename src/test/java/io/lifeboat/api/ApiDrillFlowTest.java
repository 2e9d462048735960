package io.lifeboat.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeboat.LabTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A test failover driven only through the API against the lab's vSphere simulators, as an automation proving recovery
 * on a schedule of its own would: the checks without starting, the start (Idempotency-Key), the evidence while it runs,
 * the end, the sealed report's hash verified and its PDF. Another tenant sees none of it; a read token starts nothing.
 */
@LabTest
class ApiDrillFlowTest {

    @LocalServerPort int port;
    @Autowired ApiTokens tokens;

    @Test
    void a_drill_through_the_api_is_checked_started_once_read_and_ended_with_its_report_sealed() {
        ApiClient acme = new ApiClient("http://localhost:" + port, tokens.operate("acme-admin"));
        ApiClient globex = acme.as(tokens.operate("globex-admin"));
        ApiClient viewer = acme.as(tokens.create("acme-viewer", io.lifeboat.automation.ApiTokenScope.READ));
        long web = acme.replicaId("web-02");
        long newest = acme.get("/api/v1/replicas/" + web).json().path("restorePoints").get(0).path("id").asLong();
        Map<String, Object> body = Map.of("vms", List.of(Map.of("replicaId", web, "restorePointId", newest, "checks", List.of("ping", "tcp:22"))),
                "timeLimit", "PT1H");

        ApiClient.Answer checks = acme.post("/api/v1/drills/checks", body);
        assertThat(checks.status()).as(checks.text()).isEqualTo(200);
        assertThat(checks.json().path("blocked").asBoolean()).as(checks.text()).isFalse();
        assertThat(checks.json().path("problems").size()).isZero();
        ApiClient.Answer typo = acme.post("/api/v1/drills/checks", Map.of("vms", List.of(Map.of("replicaId", web, "restorePointId", newest,
                "checks", List.of("icmp"))), "timeLimit", "PT1H"));
        assertThat(typo.status()).isEqualTo(400);
        assertThat(typo.detail()).contains("\"icmp\" is not a check");
        assertThat(globex.post("/api/v1/drills/checks", body).status()).as("another tenant's replica").isEqualTo(404);
        assertThat(viewer.post("/api/v1/drills", body).status()).as("a read token starts nothing").isEqualTo(403);

        String key = UUID.randomUUID().toString();
        ApiClient.Answer started = acme.post("/api/v1/drills", body, key);
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        long drillId = started.json().path("id").asLong();
        assertThat(started.headers().firstValue("Location")).hasValue("/api/v1/drills/" + drillId);
        assertThat(acme.post("/api/v1/drills", body, key).json().path("id").asLong()).as("the repeated request answers the same drill").isEqualTo(drillId);
        ApiClient.Answer endWithStartKey = acme.post("/api/v1/drills/" + drillId + "/end", null, key);
        assertThat(endWithStartKey.status()).as("the start's key sent with the end: " + endWithStartKey.text()).isEqualTo(422);
        ApiClient.Answer otherVm = acme.post("/api/v1/drills", Map.of("vms", List.of(Map.of("replicaId", acme.replicaId("web-01"),
                "restorePointId", newest))), key);
        assertThat(otherVm.status()).as("the key sent with another drill: " + otherVm.text()).isEqualTo(422);
        ApiClient.Answer busy = acme.post("/api/v1/drills", body);
        assertThat(busy.status()).isEqualTo(409);
        assertThat(busy.detail()).contains("only Ready replicas can take part");

        JsonNode running = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> acme.get("/api/v1/drills/" + drillId).json(), drill -> drill.path("state").asText().equals("RUNNING"));
        assertThat(running.path("vms").get(0).path("vmName").asText()).isEqualTo("web-02");
        assertThat(running.path("timeLimitAt").asText()).isNotBlank();
        assertThat(acme.get("/api/v1/drills").json().findValuesAsText("id")).contains(String.valueOf(drillId));
        assertThat(globex.get("/api/v1/drills/" + drillId).status()).as("another tenant's drill").isEqualTo(404);
        assertThat(globex.get("/api/v1/drills").json().findValuesAsText("id")).doesNotContain(String.valueOf(drillId));
        assertThat(globex.post("/api/v1/drills/" + drillId + "/end", null).status()).isEqualTo(404);

        ApiClient.Answer end = acme.post("/api/v1/drills/" + drillId + "/end", null);
        assertThat(end.status()).as(end.text()).isEqualTo(202);
        assertThat(acme.awaitTask(end.json().path("id").asLong()).path("state").asText()).isEqualTo("SUCCEEDED");
        JsonNode ended = acme.get("/api/v1/drills/" + drillId).json();
        assertThat(ended.path("state").asText()).isEqualTo("ENDED");
        String sealed = ended.path("reportSha256").asText();
        assertThat(sealed).hasSize(64);
        JsonNode verified = acme.get("/api/v1/drills/" + drillId + "/verification?sha256=" + sealed).json();
        assertThat(verified.path("matches").asBoolean()).isTrue();
        assertThat(acme.get("/api/v1/drills/" + drillId + "/verification?sha256=" + "0".repeat(64)).json().path("matches").asBoolean())
                .as("another report's hash").isFalse();
        ApiClient.Answer pdf = acme.get("/api/v1/drills/" + drillId + "/report.pdf");
        assertThat(pdf.status()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(pdf.text()).startsWith("%PDF-");
        assertThat(globex.get("/api/v1/drills/" + drillId + "/report.pdf").status()).as("another tenant's report").isEqualTo(404);
        assertThat(globex.get("/api/v1/drills/" + drillId + "/verification").status()).isEqualTo(404);
        assertThat(acme.get("/api/v1/replicas/" + web).json().path("state").asText()).isEqualTo("READY");
    }
}
