package io.lifeboat.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lifeboat.appliance.ApplianceClient;
import io.lifeboat.appliance.ApplianceStatus;
import io.lifeboat.appliance.ControlProtocol;
import io.lifeboat.appliance.DesiredState;
import io.lifeboat.appliance.ProbeResult;
import java.io.IOException;

/**
 * The portal's {@link ApplianceClient} for one appliance: each call is one {@link ControlProtocol} request sent as a
 * command on the appliance's current {@code Connect} stream ({@link ApplianceControlServer#client}). It looks the stream
 * up at every call, so it outlives reconnections, and keeps no session of its own.
 */
final class StreamApplianceClient implements ApplianceClient {

    /** Sends one request on the appliance's current stream; an IOException when it is not connected or does not answer. */
    @FunctionalInterface
    interface Transport {
        JsonNode call(ObjectNode request) throws IOException;
    }

    private final Transport transport;

    StreamApplianceClient(Transport transport) {
        this.transport = transport;
    }

    private JsonNode call(ObjectNode request) throws IOException {
        return ControlProtocol.checked(transport.call(request));
    }

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
    public void announce(String ip, String mac) throws IOException {
        ObjectNode req = request("announce").put("ip", ip);
        if (mac != null) {
            req.put("mac", mac);
        }
        call(req);
    }

    @Override
    public void shutdown() throws IOException {
        call(request("shutdown"));
    }

    private static ObjectNode request(String op) {
        return ControlProtocol.JSON.createObjectNode().put("op", op);
    }
}
