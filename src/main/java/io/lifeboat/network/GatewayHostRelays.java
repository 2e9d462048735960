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
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
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
 * <p>A node calls each of its hosts on a line of that host's own ({@link GatewayHostLine}): a host that hangs holds up
 * neither the others nor a failover. Of the hosts connected to this node, a tenant NEA is sent only to those that took
 * its flow within {@code lifeboat.network.gateway-host-answer} (3 s); hosts connected to other nodes get it from their
 * node within half a second. A host that answers no heartbeat goes unseen.
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
    private final Duration answerWithin;
    /** The version of the set this node last sent to its hosts. */
    private volatile long sentVersion = -1;
    private final ScheduledExecutorService heartbeats = DaemonThreads.scheduler("gateway-host-heartbeat");
    private final ScheduledExecutorService changes = DaemonThreads.scheduler("gateway-host-changes");
    /** Per host connected here, by control identity. */
    private final Map<String, GatewayHostLine> lines = new ConcurrentHashMap<>();

    GatewayHostRelays(PortalApplianceRuntime runtime, ApplianceCertificates certificates, ApplianceControlProperties properties,
                      GatewayHostRecords records, Clock clock, @Value("${lifeboat.network.connection-heartbeat:PT10S}") Duration heartbeat,
                      @Value("${lifeboat.network.gateway-flow-poll:PT0.5S}") Duration flowPoll,
                      @Value("${lifeboat.network.gateway-host-answer:PT3S}") Duration answerWithin) {
        this.server = runtime.controlServer();
        this.certificates = certificates;
        this.properties = properties;
        this.records = records;
        this.clock = clock;
        this.heartbeat = heartbeat;
        this.flowPoll = flowPoll;
        this.answerWithin = answerWithin;
    }

    @PostConstruct
    void start() {
        server.onConnected(id -> {
            if (ControlRpc.isGatewayHost(id)) {
                newLine(id).describe(() -> welcome(id));   // maybe another process with the name: it is asked afresh
            }
        });
        heartbeats.scheduleWithFixedDelay(this::heartbeat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        changes.scheduleWithFixedDelay(this::followChanges, flowPoll.toMillis(), flowPoll.toMillis(), TimeUnit.MILLISECONDS);
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

    /**
     * Adds the network's flow to the set, sends it, and returns every gateway host seen lately, by name, but those
     * connected here that did not take the set in time: a tenant NEA is not sent to a host that may not relay its tunnel.
     */
    @Override
    public List<InetSocketAddress> openAll(TenantNetworkRef ref, InetSocketAddress providerNea) {
        List<GatewayHostRecords.Host> seen = records.hosts().stream().filter(GatewayHostRecords.Host::current).toList();
        if (seen.isEmpty()) {
            throw new NetworkExtensionException("No Cloud Gateway host is connected to relay the tunnel of " + ref.tunnelName()
                    + ". Start lifeboat-cloud-gateway with LIFEBOAT_PORTAL set on the gateway hosts (see docs/network.md),"
                    + " or let the portal relay tunnels itself: lifeboat.appliance-control.tunnel-relay=portal.");
        }
        int port = properties.relayPortBase() + (int) ref.networkId();
        records.putFlow(new GatewayHostRecords.Flow(ref.tunnelName(), port,
                providerNea.getAddress().getHostAddress() + ":" + providerNea.getPort()), clock.instant());
        Set<String> late = sendToConnected().stream().map(GatewayHostRelays::nameOf).collect(Collectors.toSet());
        List<InetSocketAddress> relays = seen.stream().filter(h -> !late.contains(h.name()))
                .map(h -> new InetSocketAddress(h.relayAddress(), port)).toList();
        if (relays.isEmpty()) {
            throw new NetworkExtensionException("No Cloud Gateway host took the flow of " + ref.tunnelName() + " within "
                    + answerWithin.toMillis() + " ms (" + String.join(", ", late.stream().sorted().toList()) + " did not answer)."
                    + " Check lifeboat-cloud-gateway on them; the failover can be started again once one answers.");
        }
        if (!late.isEmpty()) {
            log.warn("The tunnel of {} goes through {} only: {} did not take its flow within {} ms", ref.tunnelName(), relays,
                    late, answerWithin.toMillis());
        }
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

    /**
     * Stores what {@code host} relayed per flow, replacing its previous reading. A host that answers is seen now: one
     * that is connected but answers nothing (hung, or its relay failing) goes unseen after three heartbeats, so the
     * provider is told and tenant NEAs are no longer sent to it.
     */
    private void readCounters(String host) {
        try {
            List<GatewayHostRecords.TunnelCounters> reading = new ArrayList<>();
            for (JsonNode c : ControlProtocol.checked(server.call(host, request("counters"))).path("counters")) {
                reading.add(new GatewayHostRecords.TunnelCounters(c.path("tenant").asText(), new RelayCounters(c.path("packetsIn").asLong(),
                        c.path("bytesIn").asLong(), c.path("packetsOut").asLong(), c.path("bytesOut").asLong(), c.path("dropped").asLong())));
            }
            Instant now = clock.instant();
            Instant expires = server.certificateOf(host).orElseThrow(() -> new IOException("it is no longer connected")).getNotAfter().toInstant();
            records.touchHost(nameOf(host), now, expires);
            records.replaceCounters(nameOf(host), reading, now);
        } catch (IOException e) {
            log.info("Gateway host {} gave no counters: {}", host, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Cannot record the counters of gateway host {}: {}", host, e.getMessage(), e);
        }
    }

    @Override
    public void destroy() {
        heartbeats.shutdownNow();
        changes.shutdownNow();
        lines.values().forEach(GatewayHostLine::close);
    }

    /**
     * A host connected to this node: where tenant NEAs reach it is recorded for every node, then it gets the set.
     * Whether it answered: one that did not is asked again at the next heartbeat, since until then no tenant NEA is
     * sent to it and the provider does not see it.
     */
    private boolean welcome(String host) {
        try {
            String address = ControlProtocol.checked(server.call(host, request("describe"))).path("relayAddress").asText();
            String name = nameOf(host);
            records.recordHost(name, address, clock.instant());
            log.info("Cloud Gateway host {} connected; it relays tunnels on {}", name, address);
            changes.execute(this::sendToConnected);
            return true;
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot set up Cloud Gateway host {}: {}. It is asked again at the next heartbeat.", host, e.getMessage(), e);
            return false;
        }
    }

    private void heartbeat() {
        try {
            dismissRemoved();
            List<String> connected = connectedHosts();
            lines.keySet().stream().filter(host -> !connected.contains(host)).toList()
                    .forEach(gone -> lines.remove(gone).close());
            for (String host : connected) {
                GatewayHostLine line = line(host);
                line.describe(() -> welcome(host));
                line.readCounters(() -> readCounters(host));
            }
            recordCopies();
            sendToConnected();
        } catch (RuntimeException e) {
            log.warn("Cannot refresh the Cloud Gateway hosts' flows: {}", e.getMessage(), e);
        }
    }

    private GatewayHostLine line(String host) {
        return lines.computeIfAbsent(host, this::openLine);
    }

    /** A line for a stream that just connected; the one the identity had before closes once its queued calls are done. */
    private GatewayHostLine newLine(String host) {
        GatewayHostLine line = openLine(host);
        GatewayHostLine before = lines.put(host, line);
        if (before != null) {
            before.closeWhenDone();
        }
        return line;
    }

    private GatewayHostLine openLine(String host) {
        return new GatewayHostLine(nameOf(host), relay -> send(host, relay));
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
        Map<String, CompletableFuture<Boolean>> answers;
        synchronized (this) {   // after any full set queued before: a host that is let go is left with nothing to relay
            answers = removed.stream().collect(Collectors.toMap(host -> host, host -> line(host).send(nothing)));
        }
        awaitAnswers(answers);
        server.enforceRevocations();
        removed.forEach(host -> log.info("Cloud Gateway host {} let go: its certificate is revoked (removed, or enrolled again)"
                + " and it relays no tunnel now", nameOf(host)));
    }

    /**
     * Sends the set as the database holds it to every host connected here, each on its line, and waits for their
     * answers, at most {@code answerWithin}; the hosts that did not take it by then. Sets are queued under this node's
     * lock in the order they were read, so an older set never overtakes a newer one.
     */
    private Set<String> sendToConnected() {
        Map<String, CompletableFuture<Boolean>> answers;
        synchronized (this) {
            long version = records.setVersion();   // before the flows: a change in between is sent again at the next poll
            ObjectNode relay = request("relay");
            ArrayNode flows = relay.putArray("flows");
            records.flows().forEach(f -> flows.addObject().put("tenant", f.tunnelName()).put("port", f.relayPort()).put("upstream", f.upstream()));
            answers = connectedHosts().stream().collect(Collectors.toMap(host -> host, host -> line(host).send(relay)));
            sentVersion = version;
        }
        return awaitAnswers(answers);
    }

    /** Waits at most {@code answerWithin} for the hosts' answers; the hosts that did not take what was sent. */
    private Set<String> awaitAnswers(Map<String, CompletableFuture<Boolean>> answers) {
        try {
            CompletableFuture.allOf(answers.values().toArray(CompletableFuture[]::new)).get(answerWithin.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // the late ones are named below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return answers.entrySet().stream().filter(a -> !Boolean.TRUE.equals(a.getValue().getNow(false)))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    private boolean send(String host, ObjectNode relay) {
        try {
            ControlProtocol.checked(server.call(host, relay));
            return true;
        } catch (IOException e) {
            log.warn("Cloud Gateway host {} did not take the {} tunnel flows: {}. They are sent again at the next heartbeat.",
                    host, relay.path("flows").size(), e.getMessage());
            return false;
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
