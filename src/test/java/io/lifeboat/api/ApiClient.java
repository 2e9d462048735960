package io.lifeboat.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/** A plain HTTP client for the API as a script would use it: a bearer token, JSON in and out. */
public record ApiClient(String baseUrl, String token) {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A status, the response headers and the body parsed as JSON (null when empty or not JSON). */
    public record Answer(int status, java.net.http.HttpHeaders headers, String text) {

        public JsonNode json() {
            try {
                return text.isBlank() ? null : JSON.readTree(text);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + text, e);
            }
        }

        public String detail() {
            return json().path("detail").asText();
        }
    }

    public ApiClient as(String otherToken) {
        return new ApiClient(baseUrl, otherToken);
    }

    public Answer get(String path) {
        return send(request(path).GET());
    }

    public Answer post(String path, Object body) {
        return post(path, body, null);
    }

    public Answer post(String path, Object body, String idempotencyKey) {
        HttpRequest.Builder request = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : toJson(body)));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request);
    }

    /** A POST of the body exactly as written, as a script with a typo sends it. */
    public Answer postAsWritten(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Answer put(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(toJson(body))));
    }

    public Answer delete(String path) {
        return send(request(path).DELETE());
    }

    /** The body of POST /api/v1/failovers for one VM. */
    public static Map<String, Object> failoverBody(long replicaId, long restorePointId, boolean overrideWarnings) {
        return Map.of("vms", List.of(Map.of("replicaId", replicaId, "restorePointId", restorePointId)), "overrideWarnings", overrideWarnings);
    }

    /** The id of the caller's replica of that name. */
    public long replicaId(String name) {
        for (JsonNode replica : get("/api/v1/replicas?q=" + name).json().path("items")) {
            if (replica.path("name").asText().equals(name)) {
                return replica.path("id").asLong();
            }
        }
        throw new AssertionError("no replica " + name);
    }

    /** The task once it is no longer RUNNING. */
    public JsonNode awaitTask(long taskId) {
        JsonNode[] task = new JsonNode[1];
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
            task[0] = get("/api/v1/tasks/" + taskId).json();
            return !task[0].path("state").asText().equals("RUNNING");
        });
        return task[0];
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    private static Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String toJson(Object body) {
        try {
            return body instanceof String text ? text : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
