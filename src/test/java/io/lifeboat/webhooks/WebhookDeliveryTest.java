package io.lifeboat.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeboat.AsUser;
import io.lifeboat.LabTest;
import io.lifeboat.drill.DrillRequest;
import io.lifeboat.drill.DrillService;
import io.lifeboat.api.ApiClient;
import io.lifeboat.api.ApiTokens;
import io.lifeboat.automation.ApiTokenScope;
import io.lifeboat.inventory.InventoryService;
import io.lifeboat.lab.LabBootstrap;
import io.lifeboat.lab.LabSites;
import io.lifeboat.replica.ReplicaState;
import io.lifeboat.shared.UserFacingException;
import io.lifeboat.vcsim.SimulatorProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.quartz.impl.matchers.GroupMatcher;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Webhooks against local receivers on loopback while a failover and its undo run through the API: each event arrives
 * signed with the endpoint's secret, a receiver that fails first gets the delivery again, and a receiver that hangs
 * holds up neither the operation nor the other endpoint. A drill announces its start and its end with its report's hash;
 * a site's vCenter failing and working again is announced to the provider's endpoints alone.
 */
@LabTest
class WebhookDeliveryTest {

    @LocalServerPort int port;
    @Autowired ApiTokens tokens;
    @Autowired AsUser as;
    @Autowired DrillService drills;
    @Autowired InventoryService inventory;
    @Autowired LabSites lab;
    @Autowired WebhookService webhooks;
    @Autowired Scheduler scheduler;
    @Autowired io.lifeboat.replica.ReplicaJobs replicaJobs;
    @Autowired JdbcTemplate jdbc;

    /**
     * What cannot be registered is refused with a message the page shows as it is, nothing saved, and the API answers
     * 400 with the same detail. Before, the page showed "Something went wrong" with a reference instead.
     */
    @Test
    void what_cannot_be_registered_is_refused_with_a_message_for_the_page_and_a_400_for_the_api() {
        assertThatThrownBy(() -> as.run("acme-admin", () -> webhooks.register("monitoring.example.com", java.util.Set.of(WebhookEvent.VM_REACHABLE))))
                .isInstanceOf(UserFacingException.class).hasMessageContaining("starts with https://");
        assertThatThrownBy(() -> as.run("acme-admin", () -> webhooks.register("https://monitoring.example.com/hook", java.util.Set.of())))
                .isInstanceOf(UserFacingException.class).hasMessageContaining("Choose at least one event");

        ApiClient acme = new ApiClient("http://localhost:" + port, tokens.operate("acme-admin"));
        ApiClient.Answer refused = acme.post("/api/v1/webhooks", Map.of("url", "monitoring.example.com", "events", List.of("vm.reachable")));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.detail()).contains("starts with https://");
    }

    @Test
    void events_are_delivered_signed_retried_after_a_failure_and_a_hanging_receiver_blocks_nothing() throws Exception {
        ApiClient acme = new ApiClient("http://localhost:" + port, tokens.operate("acme-admin"));
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        try (WebhookReceiver flaky = new WebhookReceiver(() -> calls.incrementAndGet() == 1 ? 500 : 204);
             WebhookReceiver hanging = new WebhookReceiver(() -> {
                 try {
                     release.await(60, TimeUnit.SECONDS);
                 } catch (InterruptedException e) {
                     Thread.currentThread().interrupt();
                 }
                 return 204;
             })) {
            ApiClient.Answer registered = acme.post("/api/v1/webhooks", Map.of("url", flaky.url(),
                    "events", List.of("failover.started", "vm.reachable", "failover.undone")));
            assertThat(registered.status()).isEqualTo(201);
            String secret = registered.json().path("secret").asText();
            long flakyId = registered.json().path("endpoint").path("id").asLong();
            long hangingId = acme.post("/api/v1/webhooks", Map.of("url", hanging.url(), "events", List.of("failover.started")))
                    .json().path("endpoint").path("id").asLong();
            assertThat(acme.post("/api/v1/webhooks", Map.of("url", "ftp://x", "events", List.of("failover.started"))).status()).isEqualTo(400);
            assertThat(acme.as(tokens.create("acme-viewer", ApiTokenScope.READ)).post("/api/v1/webhooks", Map.of("url", flaky.url(),
                    "events", List.of("failover.started"))).status()).isEqualTo(403);

            // A replica that is Ready now: the lab context is shared, and other tests leave theirs failed over.
            long app = java.util.stream.Stream.of("app-01", "mail-01", "web-02", "db-01", "web-01").map(acme::replicaId)
                    .filter(id -> acme.get("/api/v1/replicas/" + id).json().path("state").asText().equals("READY")).findFirst().orElseThrow();
            long point = acme.get("/api/v1/replicas/" + app).json().path("restorePoints").get(0).path("id").asLong();
            ApiClient.Answer started = acme.post("/api/v1/failovers", ApiClient.failoverBody(app, point, true));
            assertThat(started.status()).as(started.json().toString()).isEqualTo(202);
            long taskId = started.json().path("id").asLong();
            // The hanging receiver still holds its failover.started request while the whole failover completes.
            assertThat(acme.awaitTask(taskId).path("state").asText()).isEqualTo("SUCCEEDED");
            assertThat(release.getCount()).isEqualTo(1);
            long undo = acme.post("/api/v1/replicas/" + app + "/undo-failover", null).json().path("id").asLong();
            assertThat(acme.awaitTask(undo).path("state").asText()).isEqualTo("SUCCEEDED");

            await().atMost(Duration.ofSeconds(60)).until(() -> flaky.received().size() == 4); // 3 events, the first one twice
            assertThat(flaky.received()).allSatisfy(r -> assertThat(signatureValid(secret, r)).as(r.toString()).isTrue());
            assertThat(flaky.received().get(0).body()).contains("\"event\":\"failover.started\"").contains("\"replicaId\":" + app);
            assertThat(flaky.received().stream().filter(r -> r.event().equals("failover.started")).count())
                    .as("the first attempt got 500 and was retried").isEqualTo(2);
            assertThat(hanging.received()).hasSize(1);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode deliveries = acme.get("/api/v1/webhooks/deliveries").json();
                JsonNode retried = null;
                for (JsonNode d : deliveries) {
                    if (d.path("endpointId").asLong() == flakyId && d.path("event").asText().equals("failover.started")) {
                        retried = d;
                    }
                }
                assertThat(retried.path("state").asText()).isEqualTo("DELIVERED");
                assertThat(retried.path("attempts").asInt()).isEqualTo(2);
                assertThat(retried.path("lastStatus").asInt()).isEqualTo(204);
            });
            release.countDown();
            assertThat(acme.as(tokens.operate("globex-admin")).get("/api/v1/webhooks").json().findValuesAsText("url")).doesNotContain(flaky.url());
            for (long id : new long[]{flakyId, hangingId}) {
                assertThat(acme.delete("/api/v1/webhooks/" + id).status()).isEqualTo(204);
            }
        }
    }

    @Test
    void a_drill_announces_its_start_and_its_end_with_the_report_hash() throws Exception {
        ApiClient acme = new ApiClient("http://localhost:" + port, tokens.operate("acme-admin"));
        try (WebhookReceiver receiver = new WebhookReceiver(() -> 204)) {
            ApiClient.Answer registered = acme.post("/api/v1/webhooks", Map.of("url", receiver.url(), "events", List.of("drill.started", "drill.ended")));
            assertThat(registered.status()).as(registered.json().toString()).isEqualTo(201);
            String secret = registered.json().path("secret").asText();
            long endpointId = registered.json().path("endpoint").path("id").asLong();
            long web = acme.replicaId("web-01");
            long point = acme.get("/api/v1/replicas/" + web).json().path("restorePoints").get(0).path("id").asLong();
            long drillId = as.call("acme-admin", () -> drills.start(new DrillRequest(List.of(new DrillRequest.VmChoice(web, point)), Duration.ofHours(1))));
            long startTask = as.call("acme-admin", () -> drills.find(drillId)).orElseThrow().taskId();
            acme.awaitTask(startTask);
            // the start job run again, as a node that takes it over after its first run marked the drill started: it used
            // to announce drill.started a second time
            replicaJobs.schedule(ReplicaState.DRILL_STARTING, startTask);
            await().atMost(Duration.ofSeconds(30)).until(() -> scheduler.getJobKeys(GroupMatcher.jobGroupEquals("failover")).stream()
                    .noneMatch(job -> job.getName().endsWith("-" + startTask)));
            assertThat(as.call("acme-admin", () -> webhooks.deliveries(0, 50))).filteredOn(d -> d.endpointId() == endpointId)
                    .extracting(WebhookDeliveryInfo::event).containsExactly("drill.started");
            acme.awaitTask(as.call("acme-admin", () -> drills.end(drillId)));

            await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received().size() == 2);
            String hash = as.call("acme-admin", () -> drills.find(drillId)).orElseThrow().reportSha256();
            assertThat(receiver.received()).extracting(WebhookReceiver.Received::event).containsExactly("drill.started", "drill.ended");
            assertThat(receiver.received()).allSatisfy(r -> {
                assertThat(signatureValid(secret, r)).as(r.toString()).isTrue();
                assertThat(r.body()).contains("\"drillId\":" + drillId);
            });
            assertThat(hash).isNotNull();
            assertThat(receiver.received().get(1).body()).contains("\"reportSha256\":\"" + hash + "\"");
            assertThat(acme.delete("/api/v1/webhooks/" + endpointId).status()).isEqualTo(204);
        }
    }

    /**
     * Every VM of the drill rolls back (its restore point is gone by the time the start runs), so the drill ends by itself
     * with nothing started. It used to announce drill.started all the same, then drill.ended.
     */
    @Test
    void a_drill_whose_every_vm_rolled_back_announces_only_its_end() throws Exception {
        ApiClient acme = new ApiClient("http://localhost:" + port, tokens.operate("acme-admin"));
        try (WebhookReceiver receiver = new WebhookReceiver(() -> 204)) {
            ApiClient.Answer registered = acme.post("/api/v1/webhooks", Map.of("url", receiver.url(), "events", List.of("drill.started", "drill.ended")));
            assertThat(registered.status()).as(registered.json().toString()).isEqualTo(201);
            long endpointId = registered.json().path("endpoint").path("id").asLong();
            long web = acme.replicaId("web-01");
            long point = acme.get("/api/v1/replicas/" + web).json().path("restorePoints").get(0).path("id").asLong();
            long drillId;
            try {
                scheduler.standby(); // the start runs only once its restore point is made to be gone
                drillId = as.call("acme-admin", () -> drills.start(new DrillRequest(List.of(new DrillRequest.VmChoice(web, point)), Duration.ofHours(1))));
                jdbc.update("update drill_vm set restore_point_id = -restore_point_id where drill_id = ?", drillId);
            } finally {
                scheduler.start();
            }
            acme.awaitTask(as.call("acme-admin", () -> drills.find(drillId)).orElseThrow().taskId());
            await().atMost(Duration.ofSeconds(30)).until(() -> as.call("acme-admin", () -> drills.find(drillId)).orElseThrow().reportSha256() != null);

            // deliveries are stored with the change that causes them: once sealed, every one of this drill exists
            assertThat(as.call("acme-admin", () -> webhooks.deliveries(0, 50))).filteredOn(d -> d.endpointId() == endpointId)
                    .extracting(WebhookDeliveryInfo::event).containsExactly("drill.ended");
            await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received().size() == 1);
            assertThat(receiver.received()).extracting(WebhookReceiver.Received::event).containsExactly("drill.ended");
            assertThat(receiver.received().get(0).body()).contains("\"drillId\":" + drillId);
            assertThat(acme.delete("/api/v1/webhooks/" + endpointId).status()).isEqualTo(204);
        }
    }

    @Test
    void the_providers_endpoint_hears_when_a_site_fails_and_works_again_and_a_tenant_cannot_subscribe_to_it() throws Exception {
        ApiClient acme = new ApiClient("http://localhost:" + port, tokens.operate("acme-admin"));
        ApiClient.Answer refused = acme.post("/api/v1/webhooks", Map.of("url", "https://hooks.example.com/lifeboat", "events", List.of("site.failing", "tunnel.up")));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.detail()).isEqualTo("site.failing: only the provider's endpoints receive these events (they concern the provider's sites).");
        assertThat(as.call("acme-admin", webhooks::eventsToChooseFrom)).as("the Webhooks page's choices").contains(WebhookEvent.TUNNEL_UP)
                .doesNotContain(WebhookEvent.SITE_FAILING, WebhookEvent.SITE_WORKING);
        assertThat(as.call("provider", webhooks::eventsToChooseFrom)).containsExactly(WebhookEvent.values());

        ApiClient provider = acme.as(tokens.operate("provider"));
        inventory.syncEverything();   // whatever another test left, the site works now
        try (WebhookReceiver receiver = new WebhookReceiver(() -> 204)) {
            ApiClient.Answer registered = provider.post("/api/v1/webhooks", Map.of("url", receiver.url(), "events", List.of("site.failing", "site.working")));
            assertThat(registered.status()).as(registered.text()).isEqualTo(201);
            String secret = registered.json().path("secret").asText();
            SimulatorProcess tenantVc = lab.tenantSimulator();
            tenantVc.disconnect();
            try {
                inventory.syncEverything();
                inventory.syncEverything();   // still failing: no second event
            } finally {
                tenantVc.reconnect();
            }
            inventory.syncEverything();

            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().size() >= 2);
            assertThat(receiver.received()).extracting(WebhookReceiver.Received::event).containsExactly("site.failing", "site.working");
            assertThat(receiver.received()).allSatisfy(r -> {
                assertThat(signatureValid(secret, r)).as(r.toString()).isTrue();
                assertThat(r.body()).contains("\"site\":\"" + LabBootstrap.TENANT_SITE + "\"").doesNotContain("tenantId");
            });
            assertThat(receiver.received().get(0).body()).contains("\"failingSince\":").contains("Cannot reach vSphere at " + tenantVc.endpoint().url());
            assertThat(receiver.received().get(1).body()).doesNotContain("\"error\"");
            assertThat(provider.delete("/api/v1/webhooks/" + registered.json().path("endpoint").path("id").asLong()).status()).isEqualTo(204);
        }
    }

    private static boolean signatureValid(String secret, WebhookReceiver.Received received) {
        String[] parts = received.signature().split(",");
        String timestamp = parts[0].substring("t=".length());
        long age = System.currentTimeMillis() / 1000 - Long.parseLong(timestamp);
        return age >= 0 && age < 300 && parts[1].equals("v1=" + WebhookSignature.hmac(secret, timestamp + "." + received.body()));
    }
}
