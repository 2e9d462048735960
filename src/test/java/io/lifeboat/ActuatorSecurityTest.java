package io.lifeboat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Health answers without login; metrics are for the provider only; portal pages need a login. */
@LabTest
class ActuatorSecurityTest {

    @LocalServerPort int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void health_answers_without_login() throws Exception {
        HttpResponse<String> health = get("/actuator/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void prometheus_metrics_are_for_the_provider_admin_only() throws Exception {
        HttpResponse<String> anonymous = get("/actuator/prometheus", null);
        assertThat(anonymous.statusCode()).as(anonymous.headers().map().toString()).isEqualTo(401);
        assertThat(get("/actuator/prometheus", "acme-admin:acme").statusCode()).isEqualTo(403);
        HttpResponse<String> metrics = get("/actuator/prometheus", "provider:provider");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("lifeboat_tasks{").contains("lifeboat_failover_duration");
    }

    @Test
    void portal_pages_redirect_to_the_login_without_a_session() throws Exception {
        HttpResponse<String> replicas = get("/replicas", null);
        assertThat(replicas.statusCode()).isEqualTo(302);
        assertThat(replicas.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/login"));
    }

    private HttpResponse<String> get(String path, String basicAuth) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (basicAuth != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basicAuth.getBytes()));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
