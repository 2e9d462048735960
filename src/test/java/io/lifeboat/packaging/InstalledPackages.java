package io.lifeboat.packaging;

import io.lifeboat.gateway.ApplianceControlServer;
import io.lifeboat.gateway.EnrolmentTokens;
import io.lifeboat.pki.ApplianceCertificates;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Both packages unpacked into one root as on a provider's machine and an appliance, the Cloud Gateway started from its
 * unit, and the portal's end of the appliances' control channel: the real {@link ApplianceControlServer} on the Unix
 * socket the gateway relays to, or a whole portal started elsewhere ({@link #relayingToPortal}). Appliance agents are
 * then started from their unit.
 */
final class InstalledPackages implements AutoCloseable {

    final Path root;
    final ApplianceCertificates certificates;
    final EnrolmentTokens tokens;
    /** The control server on the Unix socket; null when the gateway relays to a portal started elsewhere. */
    final ApplianceControlServer portal;
    final int gatewayPort;
    private final String gatewayHost;
    private final Path work;
    private final SystemdUnit gatewayUnit;
    private final List<String> wrapper;
    private Process gateway;
    private Lines gatewayLines;

    InstalledPackages(Path work) throws Exception {
        this(work, List.of());
    }

    /** @param wrapper what the gateway's ExecStart runs behind, e.g. {@code ip netns exec NAME} */
    InstalledPackages(Path work, List<String> wrapper) throws Exception {
        this(work, wrapper, new ApplianceCertificates(), new EnrolmentTokens(), "127.0.0.1", null);
    }

    /**
     * The gateway takes appliances' connections on {@code gatewayHost} and relays them to a portal's control server at
     * {@code controlTo} (host:port), whose {@code certificates} and {@code tokens} the appliances are configured with.
     */
    static InstalledPackages relayingToPortal(Path work, String gatewayHost, String controlTo, ApplianceCertificates certificates,
                                              EnrolmentTokens tokens) throws Exception {
        return new InstalledPackages(work, List.of(), certificates, tokens, gatewayHost, controlTo, Map.of());
    }

    /**
     * The gateway relays tunnels steered by a portal (ADR 0013) with {@code settings} in its conffile, and no appliance
     * control connections.
     */
    static InstalledPackages steeredByPortal(Path work, ApplianceCertificates certificates, EnrolmentTokens tokens,
                                             Map<String, String> settings) throws Exception {
        return new InstalledPackages(work, List.of(), certificates, tokens, "127.0.0.1", "", settings);
    }

    /**
     * As {@link #steeredByPortal(Path, ApplianceCertificates, EnrolmentTokens, Map)}, with the package's kernel relay
     * drop-in installed as its comment says, run behind {@code wrapper} (e.g. {@code ip netns exec NAME}).
     */
    static InstalledPackages steeredByPortalWithKernelRelay(Path work, List<String> wrapper, ApplianceCertificates certificates,
                                                            EnrolmentTokens tokens, Map<String, String> settings) throws Exception {
        return new InstalledPackages(work, wrapper, certificates, tokens, "127.0.0.1", "", settings, true);
    }

    private InstalledPackages(Path work, List<String> wrapper, ApplianceCertificates certificates, EnrolmentTokens tokens,
                              String gatewayHost, String controlTo) throws Exception {
        this(work, wrapper, certificates, tokens, gatewayHost, controlTo, Map.of(), false);
    }

    private InstalledPackages(Path work, List<String> wrapper, ApplianceCertificates certificates, EnrolmentTokens tokens,
                              String gatewayHost, String controlTo, Map<String, String> settings) throws Exception {
        this(work, wrapper, certificates, tokens, gatewayHost, controlTo, settings, false);
    }

    /**
     * @param controlTo   where appliance control connections go; null: a control server here; empty: none are taken
     * @param kernelRelay whether the package's kernel relay drop-in is installed into /etc/systemd/system
     */
    private InstalledPackages(Path work, List<String> wrapper, ApplianceCertificates certificates, EnrolmentTokens tokens,
                              String gatewayHost, String controlTo, Map<String, String> settings, boolean kernelRelay) throws Exception {
        this.work = work;
        this.certificates = certificates;
        this.tokens = tokens;
        this.gatewayHost = gatewayHost;
        this.root = Files.createDirectories(work.resolve("root"));
        DebianPackages.extract(DebianPackages.deb(DebianPackages.GATEWAY), root);
        DebianPackages.extract(DebianPackages.deb(DebianPackages.APPLIANCE), root);
        if (controlTo == null) {
            Path portalSocket = work.resolve("appliance-control.sock");
            portal = ApplianceControlServer.startOnUnixSocket(portalSocket,
                    certificates.issueGateway("gw-1", List.of(gatewayHost)), certificates, tokens, Duration.ofSeconds(10));
            controlTo = portalSocket.toString();
        } else {
            portal = null;
        }
        gatewayPort = freePort();
        Map<String, String> values = new HashMap<>(settings);
        values.put("LIFEBOAT_APPLIANCE_CONTROL", controlTo.isEmpty() ? "" : gatewayHost + ":" + gatewayPort);
        values.put("LIFEBOAT_APPLIANCE_CONTROL_TO", controlTo);
        if (kernelRelay) {
            Path dropIns = Files.createDirectories(root.resolve("etc/systemd/system/lifeboat-cloud-gateway.service.d"));
            Files.copy(root.resolve("usr/share/lifeboat-gateway/kernel-relay.conf"), dropIns.resolve("kernel-relay.conf"));
        }
        gatewayUnit = SystemdUnit.of(root, "lifeboat-cloud-gateway.service");
        configure(gatewayUnit, values);
        this.wrapper = wrapper;
        startGateway();
        Files.writeString(root.resolve("etc/lifeboat/gateway-ca.pem"), certificates.gatewayCaPem());
    }

    /** Writes {@code values} into the unit's EnvironmentFile, as a provider edits the package's conffile. */
    static void configure(SystemdUnit unit, Map<String, String> values) throws IOException {
        Path file = unit.inRoot(unit.get("EnvironmentFile"));
        StringBuilder out = new StringBuilder();
        for (String line : Files.readAllLines(file)) {
            String key = line.contains("=") && !line.startsWith("#") ? line.substring(0, line.indexOf('=')) : null;
            out.append(key != null && values.containsKey(key) ? key + "=" + values.get(key) : line).append('\n');
        }
        Files.writeString(file, out);
    }

    /** The agent's unit configured for {@code applianceId} on {@code iface} with a fresh enrolment token. */
    SystemdUnit applianceUnit(String applianceId, String iface) throws IOException {
        SystemdUnit unit = SystemdUnit.of(root, "lifeboat-appliance.service");
        configure(unit, Map.of("LIFEBOAT_IFACE", iface, "LIFEBOAT_GATEWAY", gatewayHost + ":" + gatewayPort,
                "LIFEBOAT_GATEWAY_CA", root.resolve("etc/lifeboat/gateway-ca.pem").toString(),
                "LIFEBOAT_APPLIANCE_ID", applianceId,
                "LIFEBOAT_ENROLMENT_TOKEN", tokens.issue(applianceId, Duration.ofMinutes(5))));
        return unit;
    }

    /**
     * Archives the agent's classes as the package's postinst does ({@code lifeboat-appliance --write-class-archive}),
     * into this installation's own file instead of /var/cache, and returns that file.
     */
    Path writeClassArchive() throws IOException, InterruptedException {
        Path archive = work.resolve("classes.jsa");
        ProcessBuilder pb = new ProcessBuilder(root.resolve("usr/bin/lifeboat-appliance").toString(), "--write-class-archive")
                .redirectErrorStream(true).redirectOutput(work.resolve("class-archive.log").toFile());
        pb.environment().put("LIFEBOAT_CLASS_ARCHIVE", archive.toString());
        Process p = pb.start();
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("--write-class-archive failed: " + Files.readString(work.resolve("class-archive.log")));
        }
        return archive;
    }

    /** Starts the gateway's unit (again), with the state it kept, and waits until it is ready. */
    void startGateway() throws IOException, InterruptedException {
        gateway = gatewayUnit.start(Map.of("STATE_DIRECTORY", dir("gateway-state"), "RUNTIME_DIRECTORY", dir("gateway-run")), wrapper);
        gatewayLines = new Lines(gateway);
        gatewayLines.await("READY", Duration.ofSeconds(60));
    }

    /** Stops the gateway as systemd does (SIGTERM, then SIGKILL after 10 s). */
    void stopGateway() throws InterruptedException {
        gateway.destroy();
        if (!gateway.waitFor(10, TimeUnit.SECONDS)) {
            gateway.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Freezes the gateway's processes (SIGSTOP): its control stream stays open and answers nothing, as a hung host's does. */
    void freezeGateway() throws IOException, InterruptedException {
        signalGateway("-STOP");
    }

    /** Lets a frozen gateway run again (SIGCONT). */
    void thawGateway() throws IOException, InterruptedException {
        signalGateway("-CONT");
    }

    private void signalGateway(String signal) throws IOException, InterruptedException {
        List<String> kill = new ArrayList<>(List.of("kill", signal, Long.toString(gateway.pid())));
        gateway.descendants().forEach(p -> kill.add(Long.toString(p.pid())));
        if (new ProcessBuilder(kill).inheritIO().start().waitFor() != 0) {
            throw new IOException(String.join(" ", kill) + " failed");
        }
    }

    String gatewayOutput() {
        return gatewayLines.printed();
    }

    String dir(String name) throws IOException {
        return Files.createDirectories(work.resolve(name)).toString();
    }

    boolean awaitConnected(String applianceId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!portal.isConnected(applianceId) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return portal.isConnected(applianceId);
    }

    @Override
    public void close() throws Exception {
        stopGateway();
        if (portal != null) {
            portal.close();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A process's output lines, read on a thread so that a line can be awaited with a timeout. */
    static final class Lines {
        private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        private final StringBuilder seen = new StringBuilder();

        Lines(Process process) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    r.lines().forEach(queue::add);
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "process-lines");
            t.setDaemon(true);
            t.start();
        }

        /** Everything the process printed so far (for a failure message). */
        String printed() {
            List<String> unread = new java.util.ArrayList<>();
            queue.drainTo(unread);
            unread.forEach(line -> seen.append(line).append('\n'));
            return seen.toString();
        }

        /** Waits for a line starting with {@code prefix} and returns it; fails naming what the process printed. */
        String await(String prefix, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                String line = queue.poll(100, TimeUnit.MILLISECONDS);
                if (line != null) {
                    seen.append(line).append('\n');
                    if (line.startsWith(prefix)) {
                        return line;
                    }
                }
            }
            throw new AssertionError("no line starting with '" + prefix + "' within " + timeout + "; output:\n" + seen);
        }
    }
}
