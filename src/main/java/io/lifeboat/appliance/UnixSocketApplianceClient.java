package io.lifeboat.appliance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@link ApplianceClient} over the appliance's Unix domain socket ({@link ControlProtocol}). Each call opens a fresh
 * connection, so neither side has to notice the other restarting.
 */
public final class UnixSocketApplianceClient implements ApplianceClient {

    private final Path socket;

    public UnixSocketApplianceClient(Path socket) {
        this.socket = socket;
    }

    @Override
    public ApplianceStatus apply(DesiredState desired) throws IOException {
        ObjectNode req = request("apply");
        req.set("desired", ControlProtocol.JSON.valueToTree(desired));
        return ControlProtocol.JSON.treeToValue(ControlProtocol.call(socket, req).get("status"), ApplianceStatus.class);
    }

    @Override
    public ApplianceStatus status() throws IOException {
        return ControlProtocol.JSON.treeToValue(ControlProtocol.call(socket, request("status")).get("status"), ApplianceStatus.class);
    }

    @Override
    public ProbeResult probe(String ip, long windowMs) throws IOException {
        JsonNode r = ControlProtocol.call(socket, request("probe").put("ip", ip).put("timeoutMs", windowMs));
        return ControlProtocol.JSON.treeToValue(r.get("probe"), ProbeResult.class);
    }

    @Override
    public void announce(String ip) throws IOException {
        ControlProtocol.call(socket, request("announce").put("ip", ip));
    }

    @Override
    public void shutdown() throws IOException {
        ControlProtocol.call(socket, request("shutdown"));
    }

    private static ObjectNode request(String op) {
        return ControlProtocol.JSON.createObjectNode().put("op", op);
    }
}
