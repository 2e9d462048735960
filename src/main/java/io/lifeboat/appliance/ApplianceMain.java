package io.lifeboat.appliance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.logging.Level;

/**
 * Entry point of the NEA agent: {@code java -jar lifeboat.jar appliance --iface lan0 --gateway host:port
 * [--gateway host2:port …] --gateway-ca ca.pem --appliance-id tenant/network/role [--enrolment-token t] [--state-dir dir]}
 * ({@code --gateways a:p,b:p} is the same list in one option, as guestinfo carries it). No Spring. Opens the
 * capture, loads what its first frames and commands use, resumes a saved desired state, prints {@code READY} and
 * runs until {@code shutdown} or SIGTERM. Meanwhile it dials the Cloud Gateway (the only control channel, ADR 0005).
 */
public final class ApplianceMain {

    public static final String READY_LINE = "READY";
    private static final String USAGE = "usage: appliance --iface <dev> --gateway <host:port> [--gateway <host:port> …]"
            + " --gateway-ca <pem file>"
            + " --appliance-id <tenant/network/role> [--enrolment-token <token>] [--state-dir <dir>]";

    private static final int WARM_UP_FRAMES = 50;
    private static final int WARM_UP_ROUND_TRIPS = 3;
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(ApplianceMain.class.getName());

    private ApplianceMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--train")) {
            ClassArchiveTraining.run();
            System.exit(0);
        }
        LOG.info("agent started");   // when the JVM reached the agent: how long the JVM itself took to start
        Map<String, String> opts = parse(args);
        String iface = require(opts, "iface");
        Path stateDir = Path.of(opts.getOrDefault("state-dir", "/var/lib/lifeboat-appliance"));

        CompletableFuture<Appliance> ready = new CompletableFuture<>();
        CountDownLatch done = new CountDownLatch(1);
        // Dial and enrol while the capture opens and the JIT warms up (seconds of a cold start on a loaded machine);
        // a command that arrives before the appliance is ready waits for it.
        ControlProtocol.Handler handler = (req, reply) -> handle(ready.get(), req, reply, done);
        // a copy of this appliance (its VM or disk cloned) must not proxy the original's IPs nor fight over its tunnel
        Consumer<GatewayLink.Refusal> standDownIfCopy = refusal -> {
            if (refusal.copy()) {
                ready.thenAccept(Appliance::standDown);
            }
        };
        try (GatewayLink link = new GatewayLink(gatewaySettings(opts, stateDir), handler, standDownIfCopy).start()) {
            PcapArpPort port = new PcapArpPort(iface);
            // beside the first commands, not before them: the appliance answers from the start, its first apply only
            // takes longer until this has run
            Thread warmUp = new Thread(ApplianceMain::warmUp, "warm-up");
            warmUp.setDaemon(true);
            warmUp.start();
            Appliance appliance = resume(port, stateDir);
            ready.complete(appliance);
            LOG.info("ready on " + iface);
            System.out.println(READY_LINE + " " + port.mac());
            System.out.flush();
            done.await();
        }
        ready.join().close();
        System.exit(0);
    }

    /**
     * The appliance on {@code port}, with the desired state it saved before taken up again. A process that ends without
     * the portal's {@code shutdown} (a guest shut down or rebooted, the service restarted, a crash) stops its tunnel
     * but keeps that state, so the replicas it extended are extended again when it is back, whether or not the portal
     * is there to say so. A saved state that fails to apply is logged and the appliance serves on: the portal sends the
     * state again when it connects.
     */
    static Appliance resume(PcapArpPort port, Path stateDir) {
        Appliance appliance = new Appliance(port, stateDir);
        Runtime.getRuntime().addShutdownHook(new Thread(appliance::halt, "appliance-shutdown"));
        DesiredState saved = Appliance.loadSaved(stateDir);
        if (saved != null) {
            try {
                appliance.apply(saved);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "could not take up the saved state again; waiting for the portal to send it", e);
            }
        }
        return appliance;
    }

    static void handle(Appliance appliance, JsonNode req, ObjectNode reply, CountDownLatch done) throws Exception {
        switch (req.path("op").asText()) {
            case "apply" -> reply.set("status", ControlProtocol.JSON.valueToTree(
                    appliance.apply(ControlProtocol.JSON.treeToValue(req.get("desired"), DesiredState.class))));
            case "status" -> reply.set("status", ControlProtocol.JSON.valueToTree(appliance.status()));
            case "probe" -> reply.set("probe", ControlProtocol.JSON.valueToTree(appliance.probe(
                    List.of(Ipv4.parse(req.path("ip").asText())), probeWindow(req)).get(0)));
            case "probe-many" -> reply.set("probes", ControlProtocol.JSON.valueToTree(appliance.probe(
                    addresses(req.path("ips")), probeWindow(req))));
            case "announce" -> announce(appliance, req);
            case "tunnel-pid" -> reply.put("pid", appliance.tunnelPid());
            case "shutdown" -> done.countDown();
            default -> throw new IllegalArgumentException("unknown op: " + req.path("op").asText());
        }
    }

    private static Duration probeWindow(JsonNode req) {
        return Duration.ofMillis(req.path("timeoutMs").asLong(300));
    }

    /** The {@code "ips"} of a {@code probe-many}: an array of dotted quads, at least one. */
    private static List<Integer> addresses(JsonNode ips) {
        if (!ips.isArray() || ips.isEmpty()) {
            throw new IllegalArgumentException("probe-many needs \"ips\": a non-empty array of IPv4 addresses");
        }
        List<Integer> parsed = new ArrayList<>(ips.size());
        for (JsonNode ip : ips) {
            parsed.add(Ipv4.parse(ip.asText()));
        }
        return parsed;
    }

    /** {@code {"op":"announce","ip":"…"}} at the NEA's own MAC, or with {@code "mac"} on behalf of that station. */
    private static void announce(Appliance appliance, JsonNode req) {
        int ip = Ipv4.parse(req.path("ip").asText());
        JsonNode mac = req.get("mac");
        if (mac == null || mac.isNull()) {
            appliance.announce(ip);
        } else {
            appliance.announce(ip, MacAddress.parse(mac.asText()));
        }
    }

    /**
     * Loads and initialises what the first frames and commands use, beside the dial: Jackson builds its (de)serialisers
     * on first use (≈ 100 ms for the first round trip of a desired state). It no longer runs the ARP path thousands of
     * times to have it compiled: since the agent starts from a class archive, a first reply without that took 40 µs
     * (10 µs with it), while the loop cost 180 ms of CPU, which a cold start on 2 cores took from the dial.
     */
    static void warmUp() {
        ArpResponder r = new ArpResponder(MacAddress.parse("02:00:00:00:00:fe"));
        r.setProxied(ProxiedSet.providerSide(Ipv4Subnet.parse("10.0.0.0/16"), java.util.Set.of(), 1));
        MacAddress asker = MacAddress.parse("02:00:00:00:00:01");
        ConflictWatch watch = new ConflictWatch(MacAddress.parse("02:00:00:00:00:fe"), System::currentTimeMillis);
        watch.watch(java.util.Set.of(0x0a000002));   // the askers' IP: the recording path warms up too
        long sink = 0;
        for (int i = 0; i < WARM_UP_FRAMES; i++) {
            int target = 0x0a000000 | (i + 16);
            byte[] req = new ArpFrame(MacAddress.BROADCAST, asker, ArpFrame.REQUEST, asker, 0x0a000002,
                    MacAddress.ZERO, target).toBytes();
            sink += r.handle(req).map(b -> b.length).orElse(0);
            sink += ArpProbe.conflictIn(req, target, asker).isPresent() ? 1 : 0;
            watch.observe(req);
        }
        DesiredState sample = new DesiredState(NeaRole.TENANT, "lan0", "192.168.60.0/24", "192.168.60.254",
                java.util.List.of("192.168.60.11"), ArpMode.PCAP, new TunnelConfig(false, "tun0", "10.255.0.2", "10.255.0.1",
                "100.64.1.1", 1194, null, 0, "cert", "key", "AA:BB", true));
        try {
            for (int i = 0; i < WARM_UP_ROUND_TRIPS; i++) {
                String json = ControlProtocol.JSON.writeValueAsString(sample);
                DesiredState back = ControlProtocol.JSON.treeToValue(ControlProtocol.JSON.readTree(json), DesiredState.class);
                sink += NetConfig.routesFor(back).size();
                sink += ControlProtocol.JSON.writeValueAsString(new ApplianceStatus(NeaRole.TENANT, true, 0.3, i, i, 0, 1L,
                        back.failedOver(), 0, 0, 0, null, false, watch.conflicts())).length();
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("JSON warm-up failed", e);
        }
        if (sink == 42) {
            System.out.print("");
        }
    }

    static GatewayLink.Settings gatewaySettings(Map<String, String> opts, Path stateDir) throws java.io.IOException {
        List<String> named = new ArrayList<>();
        for (String key : List.of("gateway", "gateways")) {
            if (opts.containsKey(key)) {
                named.add(opts.get(key));
            }
        }
        if (named.isEmpty()) {
            throw new IllegalArgumentException("missing --gateway; " + USAGE);
        }
        return new GatewayLink.Settings(GatewayEndpoint.parseAll(named),
                java.nio.file.Files.readString(Path.of(require(opts, "gateway-ca"))), require(opts, "appliance-id"),
                opts.get("enrolment-token"), stateDir, GatewayLink.Settings.RECONNECT, macOf(require(opts, "iface")));
    }

    /**
     * The NIC's MAC as this process finds it (its VM's, which a copied VM does not share), or null when the interface is
     * not there yet: the capture then fails with the reason, and the portal checks nothing.
     */
    static String macOf(String iface) throws java.net.SocketException {
        java.net.NetworkInterface nic = java.net.NetworkInterface.getByName(iface);
        byte[] mac = nic == null ? null : nic.getHardwareAddress();
        return mac == null || mac.length != 6 ? null : MacAddress.of(mac).toString();
    }

    /** {@code --name value} pairs; a repeated {@code --gateway} collects its values (comma-joined, in order). */
    static Map<String, String> parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException(USAGE);
            }
            String key = args[i].substring(2);
            String value = args[++i];
            m.merge(key, value, (a, b) -> key.equals("gateway") ? a + "," + b : b);
        }
        return m;
    }

    private static String require(Map<String, String> opts, String key) {
        String v = opts.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing --" + key + "; " + USAGE);
        }
        return v;
    }
}
