package io.lifeboat.appliance;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The control channels' messages, spoken by the appliance (inside its gRPC stream, ADR 0005) and by the Cloud Gateway
 * process (on its control socket, {@code gateway.GatewayControlSocket}): one JSON object per request, one per reply. A request names its {@code op}; a response is {@code {"ok":true, …}} with the
 * op's fields, or {@code {"ok":false,"error":"…"}}. The appliance's ops: {@code {"op":"apply","desired":{…}}},
 * {@code {"op":"status"}}, {@code {"op":"probe","ip":"…","timeoutMs":300}},
 * {@code {"op":"probe-many","ips":["…","…"],"timeoutMs":300}} (every address probed in one window, not one window
 * each; an appliance older than this op answers {@code "IllegalArgumentException: unknown op: probe-many"}, and the
 * portal then probes one address at a time),
 * {@code {"op":"announce","ip":"…","mac":"aa:bb:cc:dd:ee:ff"}} (gratuitous ARP for {@code ip} at {@code mac}, sent
 * from the appliance's own MAC; without {@code mac}, at its own MAC), {@code {"op":"shutdown"}}, answered with
 * {@code "status":{…}} ({@link ApplianceStatus}, whose {@code conflicts} lists other stations claiming a failed-over IP
 * on the tenant LAN; an older appliance omits it), {@code "probe":{…}} ({@link ProbeResult}) or
 * {@code "probes":[{…},…]} (one {@link ProbeResult} per address, in the order of {@code ips}).
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

    /** Runs {@code handler} on one request; the reply is the envelope described above, never an exception. */
    public static ObjectNode answer(JsonNode request, Handler handler) {
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
}
