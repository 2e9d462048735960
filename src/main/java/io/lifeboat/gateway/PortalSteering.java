package io.lifeboat.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lifeboat.appliance.ControlProtocol;
import io.lifeboat.appliance.GatewayLink;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A Cloud Gateway host steered by the portal (ADR 0013): it dials the portal's control server as an appliance does
 * ({@link GatewayLink}, enrolled once as {@code gateway:<name>}) and relays exactly the flows the portal sends. The
 * portal names each flow's tenant tunnel, relay port and provider NEA endpoint; this host adds its own addresses: the
 * one tenant NEAs reach ({@code relayAddress}) and, for the kernel relay, the one it sends to provider NEAs from.
 *
 * <p>Ops: {@code describe} (answers {@code relayAddress}), {@code relay} ({@code flows: [{tenant, port, upstream}]}),
 * {@code counters} (as on the control socket).
 */
final class PortalSteering {

    private static final Logger LOG = Logger.getLogger(PortalSteering.class.getName());

    /** The flows changed: the gateway process saves them, so a restart relays again before the portal is back. */
    interface Saved {
        void flowsChanged() throws IOException;
    }

    private final GatewayRelay relay;
    private final InetAddress relayAddress;
    private final InetAddress upstreamAddress;
    private final Saved saved;

    /** @param upstreamAddress where datagrams to provider NEAs leave from; null: any (the user-space relay only) */
    PortalSteering(GatewayRelay relay, InetAddress relayAddress, InetAddress upstreamAddress, Saved saved) {
        this.relay = relay;
        this.relayAddress = relayAddress;
        this.upstreamAddress = upstreamAddress;
        this.saved = saved;
    }

    GatewayLink dial(GatewayLink.Settings settings) {
        return new GatewayLink(settings, this::handle, refusal -> refused(refusal.reason())).start();
    }

    /**
     * The portal refused this host (removed, or its name enrolled again elsewhere): it relays nothing, saved too, so a
     * copy of a retired host's identity carries no tenant's traffic, not even after a restart. While it stays
     * connected, the portal tells it the same with an empty set. Serial with {@link #handle}: a set the portal sends at
     * the same moment is not half applied.
     */
    synchronized void refused(String reason) {
        if (relay.flows().isEmpty()) {
            return;   // refused at every retry: said once
        }
        LOG.warning("the portal refused this gateway host (" + reason + "): it relays no tunnel until the portal lets it in again");
        try {
            relay.relayExactly(List.of());
            saved.flowsChanged();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot stop relaying after the portal's refusal: " + e.getMessage(), e);
        }
    }

    synchronized void handle(JsonNode request, ObjectNode reply) throws IOException {
        switch (request.path("op").asText()) {
            case "describe" -> reply.put("relayAddress", relayAddress.getHostAddress());
            case "relay" -> {
                try {
                    relay.relayExactly(specs(request.path("flows")));
                } finally {
                    saved.flowsChanged();   // what did change is saved, also when one flow could not be opened
                }
            }
            case "counters" -> reply.set("counters", ControlProtocol.JSON.valueToTree(relay.counters()));
            default -> throw new IllegalArgumentException("unknown op " + request.path("op").asText());
        }
    }

    List<CloudGateway.FlowSpec> specs(JsonNode flows) {
        List<CloudGateway.FlowSpec> specs = new ArrayList<>();
        for (JsonNode f : flows) {
            int port = f.path("port").asInt();
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("flow " + f.path("tenant").asText() + " has no valid port: " + f.path("port"));
            }
            InetSocketAddress bind = upstreamAddress == null ? new InetSocketAddress(0) : new InetSocketAddress(upstreamAddress, port);
            specs.add(new CloudGateway.FlowSpec(f.path("tenant").asText(), new InetSocketAddress(relayAddress, port),
                    GatewayMain.address(f.path("upstream").asText()), bind));
        }
        return specs;
    }
}
