package io.lifeboat.appliance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The {@link ApplianceClient} calls as {@link ControlProtocol} requests; a subclass says how one request reaches the
 * appliance (a Unix socket in the lab, the appliance's gRPC stream through the Cloud Gateway).
 */
public abstract class JsonApplianceClient implements ApplianceClient {

    /**
     * Sends one request and returns the reply's fields.
     *
     * @throws ControlProtocol.RefusedException when the appliance answered with an error
     * @throws IOException when the appliance does not answer
     */
    protected abstract JsonNode call(ObjectNode request) throws IOException;

    @Override
    public ApplianceStatus apply(DesiredState desired) throws IOException {
        ObjectNode req = request("apply");
        req.set("desired", ControlProtocol.JSON.valueToTree(desired));
        return ControlProtocol.JSON.treeToValue(call(req).get("status"), ApplianceStatus.class);
    }

    @Override
    public ApplianceStatus status() throws IOException {
        return ControlProtocol.JSON.treeToValue(call(request("status")).get("status"), ApplianceStatus.class);
    }

    @Override
    public ProbeResult probe(String ip, long windowMs) throws IOException {
        JsonNode r = call(request("probe").put("ip", ip).put("timeoutMs", windowMs));
        return ControlProtocol.JSON.treeToValue(r.get("probe"), ProbeResult.class);
    }

    @Override
    public void announce(String ip) throws IOException {
        call(request("announce").put("ip", ip));
    }

    @Override
    public void shutdown() throws IOException {
        call(request("shutdown"));
    }

    private static ObjectNode request(String op) {
        return ControlProtocol.JSON.createObjectNode().put("op", op);
    }
}
