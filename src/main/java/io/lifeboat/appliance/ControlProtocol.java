package io.lifeboat.appliance;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The control channels' wire format, spoken by the appliance and by the Cloud Gateway process: one JSON object per
 * line, one response line per request. A request names its {@code op}; a response is {@code {"ok":true, …}} with the
 * op's fields, or {@code {"ok":false,"error":"…"}}. The appliance's ops: {@code {"op":"apply","desired":{…}}},
 * {@code {"op":"status"}}, {@code {"op":"probe","ip":"…","timeoutMs":300}}, {@code {"op":"announce","ip":"…"}},
 * {@code {"op":"shutdown"}}, answered with {@code "status":{…}} or {@code "probe":{…}}.
 */
public final class ControlProtocol {

    public static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** One op: reads {@code request}, adds its answer's fields to {@code reply}; whatever it throws becomes the error. */
    @FunctionalInterface
    public interface Handler {
        void handle(JsonNode request, ObjectNode reply) throws Exception;
    }

    /** The peer answered, but with an error (its message is the peer's). */
    public static final class RefusedException extends IOException {
        public RefusedException(String message) {
            super(message);
        }
    }

    private ControlProtocol() {
    }

    /** Serves {@code handler} on a Unix domain socket at {@code socket} until the returned server is closed. */
    public static AutoCloseable serve(Path socket, Handler handler) throws IOException {
        return new LineServer(socket, line -> answer(line, handler));
    }

    static String answer(String line, Handler handler) {
        try {
            return answer(JSON.readTree(line), handler).toString();
        } catch (IOException e) {
            return JSON.createObjectNode().put("ok", false).put("error", "unreadable request: " + e.getMessage()).toString();
        }
    }

    /** Runs {@code handler} on one request; the reply is the envelope described above, never an exception. */
    static ObjectNode answer(JsonNode request, Handler handler) {
        ObjectNode reply = JSON.createObjectNode();
        try {
            handler.handle(request, reply);
            reply.put("ok", true);
        } catch (Exception e) {
            reply.removeAll();
            reply.put("ok", false).put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return reply;
    }

    /**
     * The reply's fields when it says {@code ok}.
     *
     * @throws RefusedException when the peer answered with an error
     */
    public static JsonNode checked(JsonNode reply) throws RefusedException {
        if (!reply.path("ok").asBoolean()) {
            throw new RefusedException(reply.path("error").asText("the request was refused"));
        }
        return reply;
    }

    /**
     * Sends one request over a fresh connection and returns the reply.
     *
     * @throws RefusedException when the peer answered with an error
     * @throws IOException when the peer does not answer (not running, restarting)
     */
    public static JsonNode call(Path socket, ObjectNode request) throws IOException {
        return checked(JSON.readTree(LineServer.call(socket, request.toString())));
    }
}
