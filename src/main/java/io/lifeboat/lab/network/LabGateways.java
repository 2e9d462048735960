package io.lifeboat.lab.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lifeboat.appliance.ControlProtocol;
import io.lifeboat.appliance.NeaRole;
import io.lifeboat.gateway.GatewayControlSocket;
import io.lifeboat.network.NetworkExtensionException;
import io.lifeboat.network.TunnelRelay.RelayCounters;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The lab's two Cloud Gateways ({@link LabGateway}, ADR 0007) as processes: started with the relay flows they had,
 * told to open and close each site's relay through their control socket, read for counters, and crashed or powered
 * off (their whole host) on a test's demand. Callers serialise (the lab's relay methods are synchronized).
 */
final class LabGateways {

    private static final Logger LOG = Logger.getLogger(LabNetwork.class.getName());
    private static final ObjectMapper JSON = ControlProtocol.JSON;
    /** A gateway JVM's cold start; seen above 15 s on 2 cores at a load of 20. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final String prefix;
    private final Path runDir;
    private final LabProcesses processes;
    private final Path controlSocket;
    /** {@code cloud-gateway --relay}: the kernel's, as a provider's gateway host runs it (ADR 0009); the bench compares. */
    private volatile String relayMode = "kernel";
    /** Gateways whose whole host {@link #kill} took away: links down, ruleset gone, until started again. */
    private final Set<Integer> poweredOff = ConcurrentHashMap.newKeySet();

    LabGateways(String prefix, Path runDir, LabProcesses processes) {
        this.prefix = prefix;
        this.runDir = runDir;
        this.processes = processes;
        this.controlSocket = runDir.resolve(all().get(0).namespace() + "-appliances.sock");
    }

    /** Where the portal's appliance control server listens: each gateway relays its control port there. */
    Path controlSocket() {
        return controlSocket;
    }

    /** The lab's Cloud Gateways, the one appliances prefer first (ADR 0007). */
    List<LabGateway> all() {
        return LabGateway.of(prefix);
    }

    /** The provider NEA's tunnel address of site number {@code site}, on its link to the first gateway. */
    String providerTunnelIp(int site) {
        return all().get(0).providerNet(site) + ".2";
    }

    /**
     * The links to each gateway from a site's {@code role} side (the provider NEA, by its uplink NIC; or the tenant
     * site's router, which the tenant NEA goes out through) and its host route to that gateway's control address. The
     * second gateway reaches the provider NEA's tunnel endpoint (on its first link) by a host route over its own link.
     */
    void links(IpBatches wiring, NeaRole role, int site) {
        for (LabGateway g : all()) {
            String net = role == NeaRole.TENANT ? g.tenantNet(site) : g.providerNet(site);
            String peer = (role == NeaRole.TENANT ? "t" : "p") + site;
            LabWiring.uplink(wiring, g.namespace(), g.neaInterface(), peer, net + ".2/24", net + ".1/24");
            wiring.setUp("route add " + g.controlAddress() + "/32 via " + net + ".1 dev " + g.neaInterface());
            if (role == NeaRole.PROVIDER && g.number() > 0) {
                wiring.setUp(g.namespace(), "route add " + providerTunnelIp(site) + "/32 dev " + peer);
            }
        }
    }

    /** After a teardown: the gateways' hosts went with their namespaces, so none waits to be powered on again. */
    void forgetPowerOffs() {
        poweredOff.clear();
    }

    /**
     * Opens site {@code siteKey}'s relay (site number {@code i}) on every gateway that runs (a killed one gets it back
     * from its flow file).
     */
    List<InetSocketAddress> openAll(String siteKey, int i, InetSocketAddress providerNea) {
        startAll();
        List<InetSocketAddress> relays = new ArrayList<>();
        for (LabGateway g : all()) {
            InetSocketAddress listen = g.relayListen(i);
            gatewayCall(g, gatewayRequest("open").put("tenant", siteKey)
                    .put("listen", listen.getAddress().getHostAddress() + ":" + listen.getPort())
                    .put("upstream", providerNea.getAddress().getHostAddress() + ":" + providerNea.getPort())
                    .put("upstreamBind", g.upstreamBind(i)));
            relays.add(listen);
        }
        return relays;
    }

    /**
     * A flow of its own on the first gateway, beside site number {@code i}'s: from its relay address at {@code port} to
     * {@code upstream}, sent from the gateway's address towards its provider NEA.
     */
    InetSocketAddress openBesideFlow(int i, String name, int port, InetSocketAddress upstream) {
        LabGateway g = all().get(0);
        InetSocketAddress listen = new InetSocketAddress(g.relayListen(i).getAddress(), port);
        gatewayCall(g, gatewayRequest("open").put("tenant", name).put("listen", listen.getAddress().getHostAddress() + ":" + port)
                .put("upstream", upstream.getAddress().getHostAddress() + ":" + upstream.getPort())
                .put("upstreamBind", g.providerNet(i) + ".1:" + port));
        return listen;
    }

    void close(String siteKey) {
        for (LabGateway g : all()) {
            if (Files.exists(socket(g))) {
                try {
                    gatewayCall(g, gatewayRequest("close").put("tenant", siteKey));
                } catch (NetworkExtensionException e) {
                    LOG.warning("closing relay of " + siteKey + " on " + g.namespace() + ": " + e.getMessage());
                }
            }
        }
    }

    /** What the gateways carried for site {@code siteKey}, summed over those that answer. */
    Optional<RelayCounters> counters(String siteKey) {
        RelayCounters sum = null;
        for (LabGateway g : all()) {
            Optional<RelayCounters> one = counters(g, siteKey);
            if (one.isPresent()) {
                RelayCounters c = one.get();
                sum = sum == null ? c : new RelayCounters(sum.packetsIn() + c.packetsIn(), sum.bytesIn() + c.bytesIn(),
                        sum.packetsOut() + c.packetsOut(), sum.bytesOut() + c.bytesOut(), sum.dropped() + c.dropped());
            }
        }
        return Optional.ofNullable(sum);
    }

    private Optional<RelayCounters> counters(LabGateway g, String siteKey) {
        JsonNode reply;
        try {
            reply = GatewayControlSocket.call(socket(g), gatewayRequest("counters"));
        } catch (IOException notRunning) {
            return Optional.empty();
        }
        for (JsonNode c : reply.path("counters")) {
            if (c.path("tenant").asText().equals(siteKey)) {
                return Optional.of(JSON.convertValue(c, RelayCounters.class));
            }
        }
        return Optional.empty();
    }

    /** SIGKILLs gateway {@code number}'s process only (a crash of the process; its host and kernel rules stay). */
    void killProcess(int number) {
        Process p = processes.remove(all().get(number).namespace());
        if (p != null) {
            p.destroyForcibly();   // SIGKILL
            try {
                p.waitFor(3, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Takes gateway {@code number}'s whole host away (0 or 1), as a power failure would: its links go down first (so
     * nothing, not even a reset or an ICMP error, leaves it), then its process is killed with SIGKILL and its kernel
     * relay's table and forwarding vanish as on a reboot. Its appliances and tunnels move to the other gateway
     * (ADR 0007); {@link #startAll} powers it on again.
     */
    void kill(int number) {
        LabGateway g = all().get(number);
        poweredOff.add(number);
        for (String link : hostLinks(g)) {
            Netns.run(List.of("ip", "-n", g.namespace(), "link", "set", link, "down"), false);
        }
        killProcess(number);
        Netns.exec(g.namespace(), false, "nft", "delete", "table", "ip", "lifeboat_relay");
        Netns.exec(g.namespace(), false, "sysctl", "-qw", "net.ipv4.ip_forward=0");
    }

    /**
     * Runs the gateways' processes with {@code cloud-gateway --relay mode} ({@code kernel} or {@code user}) from now on,
     * restarting those that run: for the benchmark's before/after.
     */
    void useRelay(String mode) {
        if (!mode.equals("kernel") && !mode.equals("user")) {
            throw new IllegalArgumentException("relay mode is kernel or user, not " + mode);
        }
        relayMode = mode;
        for (LabGateway g : all()) {
            killProcess(g.number());
        }
        startAll();
    }

    /** The interfaces of gateway {@code g}'s host, loopback aside (its control address stays on it). */
    private static List<String> hostLinks(LabGateway g) {
        return Netns.links(g.namespace());
    }

    /** Its links up again and the host routes a link going down took with it (the second gateway's to the provider NEAs). */
    private void powerOn(LabGateway g) {
        for (String link : hostLinks(g)) {
            Netns.in(g.namespace(), "link", "set", link, "up");
            if (g.number() > 0 && link.matches("p\\d+")) {
                Netns.in(g.namespace(), "route", "replace", providerTunnelIp(Integer.parseInt(link.substring(1))) + "/32", "dev", link);
            }
        }
        poweredOff.remove(g.number());
    }

    /** Starts every gateway process that is not running (side by side), each with the relay flows it had. */
    void startAll() {
        Map<LabGateway, Process> started = new java.util.LinkedHashMap<>();
        for (LabGateway g : all()) {
            if (poweredOff.contains(g.number())) {
                powerOn(g);
            }
            spawnGatewayIfDown(g).ifPresent(p -> started.put(g, p));
        }
        started.forEach((g, p) -> processes.awaitReady(g.namespace(), "cloud-gateway", p, START_TIMEOUT));
    }

    /** Gateway {@code number}'s process id while it runs. */
    Optional<Long> pid(int number) {
        Process p = processes.get(all().get(number).namespace());
        return p != null && p.isAlive() ? Optional.of(p.pid()) : Optional.empty();
    }

    boolean hasLink(LabGateway g, String name) {
        String out = Netns.run(List.of("ip", "-n", g.namespace(), "link", "show", "dev", name), false);
        return !out.contains("does not exist") && !out.contains("Cannot open");
    }

    private Path socket(LabGateway g) {
        return runDir.resolve(g.namespace() + ".sock");
    }

    private Optional<Process> spawnGatewayIfDown(LabGateway g) {
        try {
            GatewayControlSocket.call(socket(g), gatewayRequest("counters"));
            return Optional.empty();
        } catch (IOException notRunning) {
            // start it
        }
        Process running = processes.get(g.namespace());
        if (running != null && running.isAlive()) {
            return Optional.empty();   // alive but slow to answer (load): never start a second one beside it
        }
        return Optional.of(processes.spawn(g.namespace(), "cloud-gateway", List.of("--control", socket(g).toString(),
                "--state", runDir.resolve(g.namespace() + "-flows.json").toString(), "--relay", relayMode,
                "--appliance-control", "0.0.0.0:" + LabGateway.CONTROL_PORT, "--appliance-control-to", controlSocket.toString())));
    }

    private static ObjectNode gatewayRequest(String op) {
        return JSON.createObjectNode().put("op", op);
    }

    private JsonNode gatewayCall(LabGateway g, ObjectNode request) {
        try {
            return GatewayControlSocket.call(socket(g), request);
        } catch (ControlProtocol.RefusedException e) {
            throw new NetworkExtensionException("cloud gateway: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new NetworkExtensionException("cloud gateway does not answer: " + e.getMessage(), e);
        }
    }
}
