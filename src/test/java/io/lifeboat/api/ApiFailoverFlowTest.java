package io.lifeboat.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeboat.LabTest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A failover and its undo driven only through the API against the lab's vSphere simulators: pre-flight warnings as
 * 409, the Idempotency-Key, the task's state and log, the replica's state; then the audit log shows both actions with
 * the token and address they came from, verifies, and detects a row changed behind its back.
 */
@LabTest
class ApiFailoverFlowTest {

    @LocalServerPort int port;
    @Autowired ApiTokens tokens;
    @Autowired JdbcTemplate jdbc;

    @Test
    void failover_and_undo_through_the_api_only_with_warnings_idempotency_and_an_audit_trail() {
        ApiClient acme = new ApiClient("http://localhost:" + port, tokens.operate("acme-admin"));
        ApiClient globex = acme.as(tokens.operate("globex-admin"));
        long mail = acme.replicaId("mail-01");
        long newest = acme.get("/api/v1/replicas/" + mail).json().path("restorePoints").get(0).path("id").asLong();

        ApiClient.Answer preflight = acme.post("/api/v1/failovers/preflight", ApiClient.failoverBody(mail, newest, false));
        assertThat(preflight.status()).as(preflight.text()).isEqualTo(200);
        assertThat(preflight.json().path("blocked").asBoolean()).isFalse();
        assertThat(preflight.json().path("warningsToConfirm").asBoolean()).isTrue();
        assertThat(preflight.json().path("findings").get(0).path("message").asText()).contains("still powered on");
        assertThat(preflight.json().path("requestedCpus").asInt()).isPositive();
        assertThat(acme.get("/api/v1/replicas/" + mail).json().path("state").asText()).as("a pre-flight starts nothing").isEqualTo("READY");
        assertThat(globex.post("/api/v1/failovers/preflight", ApiClient.failoverBody(mail, newest, false)).status())
                .as("another tenant's replica").isEqualTo(404);
        ApiClient viewer = acme.as(tokens.create("acme-viewer", io.lifeboat.automation.ApiTokenScope.READ));
        assertThat(viewer.post("/api/v1/failovers/preflight", ApiClient.failoverBody(mail, newest, false)).status())
                .as("a viewer: the probe powers NEA VMs on").isEqualTo(403);
        assertThat(viewer.post("/api/v1/failovers/warm-up", null).status()).isEqualTo(403);
        ApiClient.Answer warmUp = acme.post("/api/v1/failovers/warm-up", null);
        assertThat(warmUp.status()).isEqualTo(202);
        assertThat(warmUp.json().path("networkIds").size()).as("this lab runs without a data plane: nothing to warm").isZero();
        assertThat(warmUp.json().path("notWarmedBecause").asText()).isNotBlank();

        ApiClient.Answer warned = acme.post("/api/v1/failovers", ApiClient.failoverBody(mail, newest, false));
        assertThat(warned.status()).isEqualTo(409);
        assertThat(warned.detail()).startsWith("Confirm the warnings to go ahead:").contains("still powered on");
        assertThat(warned.json().path("warningsOnly").asBoolean()).isTrue();
        assertThat(warned.json().path("findings").get(0).path("severity").asText()).isEqualTo("WARNING");
        assertThat(warned.json().path("findings").get(0).path("vm").asText()).isEqualTo("mail-01");

        String key = UUID.randomUUID().toString();
        int tasksBefore = acme.get("/api/v1/tasks?type=CLOUD_FAILOVER").json().path("total").asInt();
        ApiClient.Answer started = acme.post("/api/v1/failovers", ApiClient.failoverBody(mail, newest, true), key);
        assertThat(started.status()).isEqualTo(202);
        long taskId = started.json().path("id").asLong();
        assertThat(started.headers().firstValue("Location")).hasValue("/api/v1/tasks/" + taskId);
        ApiClient.Answer repeated = acme.post("/api/v1/failovers", ApiClient.failoverBody(mail, newest, true), key);
        assertThat(repeated.status()).isEqualTo(202);
        assertThat(repeated.json().path("id").asLong()).as("the same task answers the repeated request").isEqualTo(taskId);
        assertThat(acme.get("/api/v1/tasks?type=CLOUD_FAILOVER").json().path("total").asInt()).isEqualTo(tasksBefore + 1);
        ApiClient.Answer otherRequest = acme.post("/api/v1/replicas/" + mail + "/undo-failover", null, key);
        assertThat(otherRequest.status()).as("the failover's key sent with an undo: " + otherRequest.text()).isEqualTo(422);
        assertThat(otherRequest.detail()).contains("already used for another request");
        assertThat(globex.get("/api/v1/tasks/" + taskId).status()).as("another tenant's task").isEqualTo(404);

        JsonNode failover = acme.awaitTask(taskId);
        assertThat(failover.path("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(failover.path("progress").asInt()).isEqualTo(100);
        assertThat(failover.path("log").findValuesAsText("vm")).contains("mail-01");
        assertThat(acme.get("/api/v1/replicas/" + mail).json().path("state").asText()).isEqualTo("FAILED_OVER");
        assertThat(acme.post("/api/v1/failovers", ApiClient.failoverBody(mail, newest, true)).status()).as("already failed over").isEqualTo(409);

        String abandonedKey = UUID.randomUUID().toString();
        String dayOldKey = UUID.randomUUID().toString();
        String keep = "insert into idempotency_key (tenant_id, idem_key, task_id, created_at) values ((select id from tenant where name = 'acme'), ?, ?, ?)";
        jdbc.update(keep, abandonedKey, null, Timestamp.from(Instant.now().minus(Duration.ofMinutes(10))));
        jdbc.update(keep, dayOldKey, taskId, Timestamp.from(Instant.now().minus(Duration.ofHours(25))));
        ApiClient.Answer undo = acme.post("/api/v1/replicas/" + mail + "/undo-failover", null, abandonedKey);
        assertThat(undo.status()).as("the key's first request died before it recorded its task: " + undo.text()).isEqualTo(202);
        assertThat(jdbc.queryForObject("select count(*) from idempotency_key where idem_key = ?", Integer.class, dayOldKey)).as("expired").isZero();
        assertThat(acme.awaitTask(undo.json().path("id").asLong()).path("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(acme.get("/api/v1/replicas/" + mail).json().path("state").asText()).isEqualTo("READY");

        JsonNode audit = acme.get("/api/v1/audit-log?size=20").json().path("items");
        JsonNode start = find(audit, "Start failover", "SUCCEEDED");
        assertThat(start.path("detail").asText()).isEqualTo("task " + taskId);
        assertThat(start.path("username").asText()).isEqualTo("acme-admin");
        assertThat(start.path("credential").asText()).startsWith("API token lb_");
        assertThat(start.path("sourceIp").asText()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(audit.findValuesAsText("detail")).anySatisfy(detail -> assertThat(detail).startsWith("Confirm the warnings"))
                .anySatisfy(detail -> assertThat(detail).contains("Only Ready replicas can be failed over"));
        assertThat(find(audit, "Undo failover", "SUCCEEDED").path("target").asText()).isEqualTo("replicaId=" + mail);
        assertThat(globex.get("/api/v1/audit-log?size=200").json().path("items").findValuesAsText("username")).doesNotContain("acme-admin");
        assertThat(acme.get("/api/v1/audit-log/csv").text()).startsWith("seq,time,user,").contains(",Start failover,");

        JsonNode intact = acme.post("/api/v1/audit-log/verify", null).json();
        assertThat(intact.path("intact").asBoolean()).as(intact.toString()).isTrue();
        long changed = start.path("seq").asLong();
        String original = jdbc.queryForObject("select detail from audit_entry where seq = ?", String.class, changed);
        jdbc.update("update audit_entry set detail = ? where seq = ?", "task 999999", changed);
        try {
            JsonNode broken = acme.post("/api/v1/audit-log/verify", null).json();
            assertThat(broken.path("intact").asBoolean()).isFalse();
            assertThat(broken.path("firstBrokenSeq").asLong()).isEqualTo(changed);
            assertThat(broken.path("message").asText()).contains("changed at entry " + changed);
            JsonNode elsewhere = globex.post("/api/v1/audit-log/verify", null).json();
            assertThat(elsewhere.path("intact").asBoolean()).as("the chain is one for all").isFalse();
            assertThat(elsewhere.path("firstBrokenSeq").isNull()).as("acme's row number is not globex's to know: " + elsewhere).isTrue();
            assertThat(elsewhere.path("message").asText()).contains("outside your own entries").doesNotContain(Long.toString(changed));
            assertThat(elsewhere.path("rowsChecked").asLong()).as("globex's own entries only").isLessThan(changed);
        } finally {
            jdbc.update("update audit_entry set detail = ? where seq = ?", original, changed);
        }
        assertThat(acme.post("/api/v1/audit-log/verify", null).json().path("intact").asBoolean()).isTrue();

        // a row written into the table around the log, past the chain's end: every real entry moves the head with it
        ApiClient provider = acme.as(tokens.operate("provider"));
        long last = jdbc.queryForObject("select last_seq from audit_head", Long.class);
        jdbc.update("insert into audit_entry (seq, at, username, tenant_id, action, target, outcome, detail, source_ip, credential, prev_hash, hash)"
                + " select ? , at, username, tenant_id, action, target, outcome, detail, source_ip, credential, prev_hash, hash from audit_entry"
                + " where seq = ?", last + 1_000, last);
        try {
            JsonNode added = provider.post("/api/v1/audit-log/verify", null).json();
            assertThat(added.path("intact").asBoolean()).as(added.toString()).isFalse();
            assertThat(added.path("message").asText()).contains("added past the chain's end");
        } finally {
            jdbc.update("delete from audit_entry where seq = ?", last + 1_000);
        }
    }

    private static JsonNode find(JsonNode entries, String action, String outcome) {
        for (JsonNode entry : entries) {
            if (entry.path("action").asText().equals(action) && entry.path("outcome").asText().equals(outcome)) {
                return entry;
            }
        }
        throw new AssertionError("no " + action + " " + outcome + " in " + entries);
    }

}
