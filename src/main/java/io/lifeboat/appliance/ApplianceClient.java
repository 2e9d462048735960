package io.lifeboat.appliance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The portal's side of an NEA's control channel (lab: a Unix domain socket). Each call opens a fresh connection,
 * so neither side has to notice the other restarting. Errors from the appliance become {@link ApplianceException}.
 */
public final class ApplianceClient {

    private final Path socket;

    public ApplianceClient(Path socket) {
        this.socket = socket;
    }

    public Path socket() {
        return socket;
    }

    public ApplianceStatus apply(DesiredState desired) throws IOException {
        ObjectNode req = ControlProtocol.JSON.createObjectNode().put("op", "apply");
        req.set("desired", ControlProtocol.JSON.valueToTree(desired));
        return ControlProtocol.JSON.treeToValue(call(req).get("status"), ApplianceStatus.class);
    }

    public ApplianceStatus status() throws IOException {
        return ControlProtocol.JSON.treeToValue(call(ControlProtocol.JSON.createObjectNode().put("op", "status")).get("status"),
                ApplianceStatus.class);
    }

    public ProbeResult probe(String ip, long windowMs) throws IOException {
        JsonNode r = call(ControlProtocol.JSON.createObjectNode().put("op", "probe").put("ip", ip).put("timeoutMs", windowMs));
        return ControlProtocol.JSON.treeToValue(r.get("probe"), ProbeResult.class);
    }

    public void announce(String ip) throws IOException {
        call(ControlProtocol.JSON.createObjectNode().put("op", "announce").put("ip", ip));
    }

    /** Asks the appliance to remove its routes, stop the tunnel and exit. */
    public void shutdown() throws IOException {
        call(ControlProtocol.JSON.createObjectNode().put("op", "shutdown"));
    }

    private JsonNode call(ObjectNode request) throws IOException {
        JsonNode reply = ControlProtocol.JSON.readTree(LineServer.call(socket, request.toString()));
        if (!reply.path("ok").asBoolean()) {
            throw new ApplianceException(reply.path("error").asText("appliance refused the request"));
        }
        return reply;
    }

    /** The appliance answered, but with an error. */
    public static final class ApplianceException extends IOException {
        public ApplianceException(String message) {
            super(message);
        }
    }
}
