package io.lifeboat.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.appliance.Commands;
import io.lifeboat.appliance.OpenVpnCommand;
import io.lifeboat.appliance.TunnelConfig;
import io.lifeboat.lab.network.LabTestSupport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Three namespaces of their own for the kernel relay: a tenant NEA ({@code 100.64.9.2}), the gateway host
 * ({@code 100.64.9.1}, {@code 10.200.9.1}) and a provider NEA ({@code 10.200.9.2}), joined by veth pairs; JVMs started
 * in them, and OpenVPN ends, end with {@link #close}, and so do the namespaces.
 */
public final class RelayHosts implements AutoCloseable {

    public final String tenant;
    public final String gateway;
    public final String provider;
    private final String prefix;
    private final List<Process> processes = new ArrayList<>();

    public RelayHosts() {
        LabTestSupport.sweepStaleTestRuns();
        prefix = LabTestSupport.uniquePrefix() + "-kr";
        tenant = prefix + "t";
        gateway = prefix + "g";
        provider = prefix + "p";
        for (String ns : List.of(tenant, gateway, provider)) {
            ip("netns", "add", ns);
            ip("-n", ns, "link", "set", "lo", "up");
        }
        link(tenant, "t0", "100.64.9.2/24", gateway, "t9", "100.64.9.1/24");
        link(gateway, "p9", "10.200.9.1/24", provider, "up0", "10.200.9.2/24");
    }

    /** {@code main} as a JVM of its own inside namespace {@code ns} (a JVM cannot open sockets in another namespace). */
    public Process start(String ns, Class<?> main, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC", "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        processes.add(p);
        return p;
    }

    /**
     * A real OpenVPN end in {@code ns}, on the command line an NEA runs ({@link OpenVpnCommand}), its credentials and
     * the server's client config in {@code work}; its output goes to {@code work/openvpn.log}.
     */
    public Process openVpn(String ns, TunnelConfig tunnel, Path work) throws IOException {
        Files.createDirectories(work.resolve("clients"));
        Path cert = Files.writeString(work.resolve("tunnel.crt"), tunnel.certPem());
        Path key = Files.writeString(work.resolve("tunnel.key"), tunnel.keyPem());
        Files.writeString(work.resolve("clients").resolve(OpenVpnCommand.CLIENT_CONFIG_FILE), OpenVpnCommand.clientConfig(tunnel));
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        cmd.addAll(OpenVpnCommand.build(tunnel, cert, key, work.resolve("clients")));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(work.resolve("openvpn.log").toFile()).start();
        processes.add(p);
        return p;
    }

    /** A {@link UdpPeer} in {@code ns} ({@code echo} or {@code client}), started and ready; its lines are read as they come. */
    public Peer peer(String ns, String mode, String ip, int port) throws Exception {
        Process p = start(ns, UdpPeer.class, mode, ip, Integer.toString(port));
        Peer peer = new Peer(p, new LinkedBlockingQueue<>());
        drain(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)), peer.lines());
        assertThat(peer.nextLine()).isEqualTo("READY");
        return peer;
    }

    /** Reads {@code out} into {@code lines} on a thread of its own, until the process ends. */
    static void drain(BufferedReader out, BlockingQueue<String> lines) {
        Thread t = new Thread(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ended) {
                // process gone
            }
        }, "peer-output");
        t.setDaemon(true);
        t.start();
    }

    /** A running {@link UdpPeer}: one line out per datagram received, or per hex line sent (a client). */
    public record Peer(Process process, BlockingQueue<String> lines) {
        public String nextLine() throws InterruptedException {
            String line;
            do {
                line = lines.poll(20, TimeUnit.SECONDS);
            } while (line != null && line.startsWith("WARNING"));
            assertThat(line).as("a line from the peer").isNotNull();
            return line;
        }

        /** Sends the datagram {@code hex} (a client); "reply N" or "none". */
        public String send(String hex) throws Exception {
            OutputStream in = process.getOutputStream();
            in.write((hex + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            return nextLine();
        }

        public boolean isAlive() {
            return process.isAlive();
        }
    }

    @Override
    public void close() {
        processes.forEach(Process::destroyForcibly);
        for (String ns : List.of(tenant, gateway, provider)) {
            Commands.run(List.of("ip", "netns", "delete", ns), null);
        }
        assertThat(LabTestSupport.namespaces()).noneMatch(ns -> ns.startsWith(prefix));
    }

    private static void ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        Commands.Result r = Commands.run(cmd, null);
        assertThat(r.ok()).as(String.join(" ", cmd) + ": " + r.output()).isTrue();
    }

    private static void link(String a, String aIf, String aCidr, String b, String bIf, String bCidr) {
        ip("-n", a, "link", "add", aIf, "type", "veth", "peer", "name", bIf, "netns", b);
        ip("-n", a, "addr", "add", aCidr, "dev", aIf);
        ip("-n", b, "addr", "add", bCidr, "dev", bIf);
        ip("-n", a, "link", "set", aIf, "up");
        ip("-n", b, "link", "set", bIf, "up");
    }
}
