package io.lifeboat.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lifeboat.appliance.ControlProtocol;
import io.lifeboat.appliance.ControlRpc;
import io.lifeboat.gateway.ApplianceControlServer;
import io.lifeboat.pki.ApplianceCertificates;
import io.lifeboat.shared.DaemonThreads;
import jakarta.annotation.PostConstruct;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

/**
 * The tunnel relay of a real installation whose Cloud Gateway hosts relay the tunnels (ADR 0013,
 * {@code lifeboat.appliance-control.tunnel-relay=gateway-hosts}): each host dials the portal's control server under its
 * own identity and relays, in its process or its kernel, exactly the flows of {@code gateway_relay_flow}. Opening or
 * closing a network's flow changes that table and sends the whole set to every host connected to this node. Every node
 * polls the set's version twice a second and sends a changed set to its own hosts: that is how hosts connected to
 * another node learn of a change. A node also sends the set when a host connects and at every heartbeat, which is why a
 * restarted portal takes nothing away. Tunnels keep flowing while no portal runs. A host the provider
 * removed (its certificate revoked) is told to relay nothing and let go by the node it is connected to. Each node reads
 * its hosts' counters at every heartbeat into {@code gateway_relay_counter}, so any node answers for any network.
 */
@Component
@ConditionalOnExpression(GatewayHostRelays.ACTIVE)
class GatewayHostRelays implements TunnelRelay, DisposableBean {

    static final String ACTIVE = PortalApplianceRuntime.ACTIVE
            + " and '${lifeboat.appliance-control.tunnel-relay:portal}' == 'gateway-hosts'";

    private static final Logger log = LoggerFactory.getLogger(GatewayHostRelays.class);

    private final ApplianceControlServer server;
    private final ApplianceCertificates certificates;
    private final ApplianceControlProperties properties;
    private final GatewayHostRecords records;
    private final Clock clock;
    private final Duration heartbeat;
    private final Duration flowPoll;
    /** The version of the set this node last sent to its hosts. */
    private volatile long sentVersion = -1;
    private final ScheduledExecutorService heartbeats = DaemonThreads.scheduler("gateway-host-relays");
    private final ExecutorService sends = DaemonThreads.cachedPool("gateway-host-send");

    GatewayHostRelays(PortalApplianceRuntime runtime, ApplianceCertificates certificates, ApplianceControlProperties properties,
                      GatewayHostRecords records, Clock clock, @Value("${lifeboat.network.connection-heartbeat:PT10S}") Duration heartbeat,
                      @Value("${lifeboat.network.gateway-flow-poll:PT0.5S}") Duration flowPoll) {
        this.server = runtime.controlServer();
        this.certificates = certificates;
        this.properties = properties;
        this.records = records;
        this.clock = clock;
        this.heartbeat = heartbeat;
        this.flowPoll = flowPoll;
    }

    @PostConstruct
    void start() {
        server.onConnected(id -> {
            if (ControlRpc.isGatewayHost(id)) {
                welcome(id);
            }
        });
        heartbeats.scheduleWithFixedDelay(this::heartbeat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        heartbeats.scheduleWithFixedDelay(this::followChanges, flowPoll.toMillis(), flowPoll.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Another node changed the flows (or this one did and a send failed): the hosts connected here get the new set. */
    private void followChanges() {
        try {
            if (records.setVersion() != sentVersion) {
                sendToConnected();
            }
        } catch (RuntimeException e) {
            log.warn("Cannot read the Cloud Gateway hosts' flows: {}", e.getMessage(), e);
        }
    }

    @Override
    public InetSocketAddress open(TenantNetworkRef ref, InetSocketAddress providerNea) {
        return openAll(ref, providerNea).get(0);
    }

    /** Adds the network's flow to the set, sends it, and returns every gateway host seen lately, by name. */
    @Override
    public List<InetSocketAddress> openAll(TenantNetworkRef ref, InetSocketAddress providerNea) {
        int port = properties.relayPortBase() + (int) ref.networkId();
        List<InetSocketAddress> relays = records.hosts().stream().filter(GatewayHostRecords.Host::current)
                .map(h -> new InetSocketAddress(h.relayAddress(), port)).toList();
        if (relays.isEmpty()) {
            throw new NetworkExtensionException("No Cloud Gateway host is connected to relay the tunnel of " + ref.tunnelName()
                    + ". Start lifeboat-cloud-gateway with LIFEBOAT_PORTAL set on the gateway hosts (see docs/network.md),"
                    + " or let the portal relay tunnels itself: lifeboat.appliance-control.tunnel-relay=portal.");
        }
        records.putFlow(new GatewayHostRecords.Flow(ref.tunnelName(), port,
                providerNea.getAddress().getHostAddress() + ":" + providerNea.getPort()), clock.instant());
        sendToConnected();
        return relays;
    }

    @Override
    public void close(TenantNetworkRef ref) {
        records.deleteFlow(ref.tunnelName());
        sendToConnected();
    }

    /**
     * The flow's counters summed over the gateway hosts that relay it, as their nodes read them at the last heartbeat;
     * empty when no host read within three heartbeats relays it.
     */
    @Override
    public Optional<RelayCounters> counters(TenantNetworkRef ref) {
        return records.counters(ref.tunnelName());
    }

    /** Stores what {@code host} relayed per flow, replacing its previous reading. */
    private void readCounters(String host, Instant now) {
        try {
            List<GatewayHostRecords.TunnelCounters> reading = new ArrayList<>();
            for (JsonNode c : ControlProtocol.checked(server.call(host, request("counters"))).path("counters")) {
                reading.add(new GatewayHostRecords.TunnelCounters(c.path("tenant").asText(), new RelayCounters(c.path("packetsIn").asLong(),
                        c.path("bytesIn").asLong(), c.path("packetsOut").asLong(), c.path("bytesOut").asLong(), c.path("dropped").asLong())));
            }
            records.replaceCounters(nameOf(host), reading, now);
        } catch (IOException e) {
            log.info("Gateway host {} gave no counters: {}", host, e.getMessage());
        }
    }

    @Override
    public void destroy() {
        heartbeats.shutdownNow();
        sends.shutdownNow();
    }

    /** A host connected to this node: where tenant NEAs reach it is recorded for every node, then it gets the set. */
    private void welcome(String host) {
        try {
            String address = ControlProtocol.checked(server.call(host, request("describe"))).path("relayAddress").asText();
            String name = nameOf(host);
            records.recordHost(name, address, clock.instant());
            log.info("Cloud Gateway host {} connected; it relays tunnels on {}", name, address);
            sendToConnected();
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot set up Cloud Gateway host {}: {}. It is asked again when it reconnects.", host, e.getMessage(), e);
        }
    }

    private void heartbeat() {
        try {
            dismissRemoved();
            Instant now = clock.instant();
            for (String host : connectedHosts()) {
                records.touchHost(nameOf(host), now);
                readCounters(host, now);
            }
            recordCopies();
            sendToConnected();
        } catch (RuntimeException e) {
            log.warn("Cannot refresh the Cloud Gateway hosts' flows: {}", e.getMessage(), e);
        }
    }

    /** Copies of a host refused here (a second process with its certificate) are recorded for the provider, on any node. */
    private void recordCopies() {
        server.sharedIdentities().stream().filter(clash -> ControlRpc.isGatewayHost(clash.id()))
                .forEach(clash -> records.recordCopy(nameOf(clash.id()), clash.refusedFrom(), clash.lastRefused()));
    }

    /**
     * Hosts connected here whose certificate was revoked (the provider removed them, or enrolled the name again, on any
     * node) are told to relay nothing, then their stream is closed; they are refused when they dial again.
     */
    void dismissRemoved() {
        List<String> removed = server.connectedIds().stream().filter(ControlRpc::isGatewayHost).filter(this::revoked).toList();
        if (removed.isEmpty()) {
            return;
        }
        ObjectNode nothing = request("relay");
        nothing.putArray("flows");
        removed.forEach(host -> send(host, nothing));
        server.enforceRevocations();
        removed.forEach(host -> log.info("Cloud Gateway host {} let go: its certificate is revoked (removed, or enrolled again)"
                + " and it relays no tunnel now", nameOf(host)));
    }

    /**
     * Sends the set as the database holds it to every host connected here, in parallel, and waits for their answers.
     * One node's sends are serial, so an older set never overtakes a newer one.
     */
    private synchronized void sendToConnected() {
        long version = records.setVersion();   // before the flows: a change in between is sent again at the next poll
        ObjectNode relay = request("relay");
        ArrayNode flows = relay.putArray("flows");
        records.flows().forEach(f -> flows.addObject().put("tenant", f.tunnelName()).put("port", f.relayPort()).put("upstream", f.upstream()));
        CompletableFuture.allOf(connectedHosts().stream()
                .map(host -> CompletableFuture.runAsync(() -> send(host, relay), sends))
                .toArray(CompletableFuture[]::new)).join();
        sentVersion = version;
    }

    private void send(String host, ObjectNode relay) {
        try {
            ControlProtocol.checked(server.call(host, relay));
        } catch (IOException e) {
            log.warn("Cloud Gateway host {} did not take the {} tunnel flows: {}. They are sent again at the next heartbeat.",
                    host, relay.path("flows").size(), e.getMessage());
        }
    }

    /** The hosts connected here that may relay: not removed. */
    private List<String> connectedHosts() {
        return server.connectedIds().stream().filter(ControlRpc::isGatewayHost).filter(h -> !revoked(h)).sorted().toList();
    }

    private boolean revoked(String host) {
        return server.certificateOf(host).map(certificates::isRevoked).orElse(false);
    }

    private static String nameOf(String host) {
        return host.substring(ControlRpc.GATEWAY_HOST_PREFIX.length());
    }

    private static ObjectNode request(String op) {
        return ControlProtocol.JSON.createObjectNode().put("op", op);
    }
}
