package io.lifeboat.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lifeboat.appliance.ControlProtocol;
import io.lifeboat.appliance.ControlRpc;
import io.lifeboat.appliance.GatewayEndpoint;
import io.lifeboat.appliance.GatewayLink;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * {@code lifeboat.jar cloud-gateway --control <socket> --state <file> [--relay kernel|user|auto] [--appliance-control
 * <host:port> --appliance-control-to <host:port or socket>] [--portal … (see {@link #steeredByPortal})]}: the Cloud
 * Gateway as its own process (the lab runs it
 * inside the provider's gateway namespace). {@code --relay} (default {@code auto}) picks the {@link KernelRelay} when
 * this process can program nftables and says on standard error why it falls back to the user-space
 * {@link CloudGateway} otherwise (ADR 0009). With {@code --appliance-control} it takes the appliances' control connections on that
 * port and relays them to the portal's control server, over TCP or a Unix socket ({@link ControlForwarder}). Flows are kept in the state file, so a restarted gateway relays
 * again at once (the kernel relay's table never stopped: it is adopted). Control ops (one JSON line each): {@code open} (tenant, listen, upstream, upstreamBind as
 * {@code host:port}), {@code close} (tenant), {@code counters}, {@code shutdown}.
 */
public final class GatewayMain {

    public static final String READY_LINE = "READY";
    private static final String USAGE = "usage: cloud-gateway --control <socket> --state <file>"
            + " [--relay kernel|user|auto] [--appliance-control <host:port> --appliance-control-to <host:port or socket>]"
            + " [--portal <host:port>[,…] --portal-ca <file> --name <gateway name> --relay-address <ip>"
            + " [--upstream-address <ip>] [--enrolment-token <token>]]";
    private static final ObjectMapper JSON = ControlProtocol.JSON;

    private GatewayMain() {
    }

    public static void main(String[] args) throws Exception {
        Path control = null;
        Path state = null;
        InetSocketAddress applianceControl = null;
        String applianceControlTo = null;
        String relayMode = "auto";
        Map<String, String> steering = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--portal", "--portal-ca", "--name", "--relay-address", "--upstream-address", "--enrolment-token" ->
                        steering.put(args[i].substring(2), args[i + 1]);
                case "--control" -> control = Path.of(args[i + 1]);
                case "--state" -> state = Path.of(args[i + 1]);
                case "--appliance-control" -> applianceControl = address(args[i + 1]);
                case "--appliance-control-to" -> applianceControlTo = args[i + 1];
                case "--relay" -> relayMode = args[i + 1];
                default -> throw new IllegalArgumentException(USAGE);
            }
        }
        if (control == null || state == null || (applianceControl == null) != (applianceControlTo == null)) {
            throw new IllegalArgumentException(USAGE);
        }
        GatewayRelay gateway = relay(relayMode, KernelCommands.here());
        restore(gateway, state);
        CountDownLatch done = new CountDownLatch(1);
        Path stateFile = state;
        try (AutoCloseable server = GatewayControlSocket.serve(control, (req, reply) -> handle(gateway, stateFile, req, reply, done));
             AutoCloseable forwarder = applianceControl == null ? () -> { } : ControlForwarder.start(applianceControl, applianceControlTo);
             AutoCloseable portal = steering.isEmpty() ? () -> { } : steeredByPortal(steering, gateway, stateFile)) {
            System.out.println(READY_LINE);
            System.out.flush();
            done.await();
        }
        gateway.close();
        System.exit(0);
    }

    private static void handle(GatewayRelay gateway, Path state, JsonNode req, ObjectNode reply, CountDownLatch done)
            throws IOException {
        switch (req.path("op").asText()) {
            case "open" -> {
                gateway.open(spec(req));
                save(gateway, state);
            }
            case "close" -> {
                gateway.close(req.path("tenant").asText());
                save(gateway, state);
            }
            case "counters" -> reply.set("counters", JSON.valueToTree(gateway.counters()));
            case "shutdown" -> done.countDown();
            default -> throw new IllegalArgumentException("unknown op " + req.path("op").asText());
        }
    }

    /** Dials the portal and relays the flows it sends (ADR 0013); its certificate is kept beside the state file. */
    static AutoCloseable steeredByPortal(Map<String, String> opts, GatewayRelay gateway, Path state) throws IOException {
        for (String required : List.of("portal", "portal-ca", "name", "relay-address")) {
            if (!opts.containsKey(required) || opts.get(required).isBlank()) {
                throw new IllegalArgumentException("--portal needs --" + required + "; " + USAGE);
            }
        }
        InetAddress upstream = opts.containsKey("upstream-address") ? InetAddress.getByName(opts.get("upstream-address")) : null;
        if (gateway instanceof KernelRelay && upstream == null) {
            throw new IllegalArgumentException("the kernel relay sends to provider NEAs from a fixed address: set --upstream-address");
        }
        PortalSteering steering = new PortalSteering(gateway, InetAddress.getByName(opts.get("relay-address")), upstream,
                () -> save(gateway, state));
        String token = opts.get("enrolment-token");
        return steering.dial(new GatewayLink.Settings(
                GatewayEndpoint.parseAll(List.of(opts.get("portal"))), Files.readString(Path.of(opts.get("portal-ca"))),
                ControlRpc.gatewayHostId(opts.get("name")), token == null || token.isBlank() ? null : token,
                state.toAbsolutePath().getParent(), GatewayLink.Settings.RECONNECT));
    }

    /** The relay {@code mode} asks for; {@code auto}: the kernel's when this process can program it. */
    static GatewayRelay relay(String mode, KernelCommands kernel) {
        Optional<String> unavailable = switch (mode) {
            case "user" -> Optional.of("--relay user");
            case "kernel", "auto" -> KernelRelay.unavailableReason(kernel);
            default -> throw new IllegalArgumentException("--relay is kernel, user or auto, not " + mode);
        };
        if (unavailable.isEmpty()) {
            System.err.println("relay: kernel (nftables table ip " + NftRelayRuleset.TABLE + ")");
            return new KernelRelay(kernel);
        }
        if (mode.equals("kernel")) {
            throw new IllegalStateException("--relay kernel: " + unavailable.get());
        }
        System.err.println("relay: user space (" + unavailable.get() + ")");
        if (KernelRelay.unavailableReason(kernel).isEmpty()) {
            try {   // a table left by an earlier kernel-mode run would take this relay's datagrams before its sockets
                new KernelRelay(kernel).uninstall();
            } catch (IOException e) {
                System.err.println("cannot remove the kernel relay's table: " + e.getMessage());
            }
        }
        return new CloudGateway();
    }

    /** The flows of the state file: the kernel relay adopts them in one change, the user-space one opens each. */
    private static void restore(GatewayRelay gateway, Path state) throws IOException {
        List<CloudGateway.FlowSpec> specs = new ArrayList<>();
        if (Files.exists(state)) {
            for (JsonNode f : JSON.readTree(state.toFile())) {
                specs.add(spec(f));
            }
        }
        if (gateway instanceof KernelRelay kernel) {
            List<CloudGateway.FlowSpec> valid = new ArrayList<>();
            for (CloudGateway.FlowSpec s : specs) {
                try {
                    NftRelayRuleset.check(s);
                    valid.add(s);
                } catch (IllegalArgumentException e) {
                    System.err.println("not restoring relay of " + s.tenant() + ": " + e.getMessage());
                }
            }
            kernel.adopt(valid);   // one change: flows it already relays keep flowing, and their counts
            return;
        }
        for (CloudGateway.FlowSpec s : specs) {
            try {
                gateway.open(s);
            } catch (IOException e) {
                // its links are gone; the portal opens the flow again when it brings that network up
                System.err.println("not restoring relay of " + s.tenant() + ": " + e.getMessage());
            }
        }
    }

    static CloudGateway.FlowSpec spec(JsonNode n) {
        return new CloudGateway.FlowSpec(n.path("tenant").asText(), address(n.path("listen").asText()),
                address(n.path("upstream").asText()), address(n.path("upstreamBind").asText()));
    }

    static ObjectNode toJson(CloudGateway.FlowSpec s) {
        return JSON.createObjectNode().put("tenant", s.tenant()).put("listen", text(s.listen()))
                .put("upstream", text(s.upstream())).put("upstreamBind", text(s.upstreamBind()));
    }

    private static void save(GatewayRelay gateway, Path state) throws IOException {
        ArrayNode all = JSON.createArrayNode();
        gateway.flows().forEach(f -> all.add(toJson(f)));
        Path tmp = state.resolveSibling(state.getFileName() + ".tmp");
        Files.writeString(tmp, all.toString());
        Files.move(tmp, state, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    static String text(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }
}
