package io.lifeboat.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lifeboat.appliance.ApplianceClient;
import io.lifeboat.appliance.ApplianceStatus;
import io.lifeboat.appliance.ControlProtocol;
import io.lifeboat.appliance.DesiredState;
import io.lifeboat.appliance.ProbeResult;
import java.io.IOException;
import java.util.List;
import java.util.logging.Logger;

/**
 * The portal's {@link ApplianceClient} for one appliance: each call is one {@link ControlProtocol} request sent as a
 * command on the appliance's current {@code Connect} stream ({@link ApplianceControlServer#client}). It looks the stream
 * up at every call, so it outlives reconnections, and keeps no session of its own (only whether the appliance refused
 * {@code probe-many}).
 */
final class StreamApplianceClient implements ApplianceClient {

    /** Sends one request on the appliance's current stream; an IOException when it is not connected or does not answer. */
    @FunctionalInterface
    interface Transport {
        JsonNode call(ObjectNode request) throws IOException;
    }

    private static final Logger LOG = Logger.getLogger(StreamApplianceClient.class.getName());
    private static final String PROBE_MANY = "probe-many";

    private final Transport transport;
    /** Set once the appliance refused {@code probe-many} as an unknown op. */
    private volatile boolean oneByOne;

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

    /**
     * All of {@code ips} in one window ({@code probe-many}). An appliance older than that op refuses it as unknown;
     * this client then probes one address at a time, for the rest of its life (a client is had per NEA start, so an
     * upgraded appliance is asked again soon), and logs why once.
     */
    @Override
    public List<ProbeResult> probe(List<String> ips, long windowMs) throws IOException {
        if (!oneByOne) {
            ObjectNode req = request(PROBE_MANY).put("timeoutMs", windowMs);
            ips.forEach(req.putArray("ips")::add);
            try {
                List<ProbeResult> probes = ControlProtocol.JSON.readerForListOf(ProbeResult.class).readValue(call(req).get("probes"));
                if (probes == null || probes.size() != ips.size()) {
                    throw new IOException("the appliance answered " + (probes == null ? "no" : probes.size())
                            + " probe results for " + ips.size() + " addresses");
                }
                return probes;
            } catch (ControlProtocol.RefusedException e) {
                if (!e.getMessage().contains("unknown op: " + PROBE_MANY)) {
                    throw e;
                }
                oneByOne = true;
                LOG.info("The appliance predates '" + PROBE_MANY + "' (" + e.getMessage() + "): probing " + ips.size()
                        + " addresses one at a time, a window each. Upgrade the lifeboat-appliance package for one window.");
            }
        }
        return ApplianceClient.super.probe(ips, windowMs);
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
