package io.lifeboat.appliance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Test harness: a LAN of namespaces {@code <prefix>-<host>} on one bridge ({@code <prefix>-sw}), and JVMs running
 * in them. Only traffic inside these namespaces; {@link #close} removes processes and namespaces, also after a
 * failure.
 */
final class TestLan implements AutoCloseable {

    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(15);

    private final String prefix;
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private int ports;

    TestLan(String prefix) {
        this.prefix = prefix;
        String sw = namespace("sw");
        run("ip", "netns", "add", sw);
        namespaces.add(sw);
        run("ip", "-n", sw, "link", "add", "br0", "type", "bridge");
        run("ip", "-n", sw, "link", "set", "br0", "up");
    }

    String namespace(String host) {
        return prefix + "-" + host;
    }

    /** A host on the LAN: interface {@code ifName} with {@code mac} and, unless null, {@code cidr}; up when this returns. */
    String host(String name, String ifName, String mac, String cidr) {
        String ns = namespace(name);
        run("ip", "netns", "add", ns);
        namespaces.add(ns);
        String port = "v" + (++ports);
        run("ip", "-n", ns, "link", "add", ifName, "address", mac, "type", "veth", "peer", "name", port, "netns", namespace("sw"));
        run("ip", "-n", namespace("sw"), "link", "set", port, "master", "br0", "up");
        if (cidr != null) {
            run("ip", "-n", ns, "addr", "add", cidr, "dev", ifName);
        }
        run("ip", "-n", ns, "link", "set", ifName, "up");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!run("ip", "-n", ns, "-o", "link", "show", ifName).contains("state UP")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(ifName + " in " + ns + " did not come up");
            }
            sleep(10);
        }
        return ns;
    }

    /** Runs {@code command} in host {@code name}'s namespace; the output, whatever the exit code. */
    String in(String name, String... command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", namespace(name)));
        cmd.addAll(Arrays.asList(command));
        Commands.Result r = Commands.run(cmd, null);
        if (!r.ran()) {
            throw new IllegalStateException("could not run " + cmd + ": " + r.output());
        }
        return r.output();
    }

    /** {@code ip neigh show <ip>} in host {@code name}. */
    String neighbour(String name, String ip) {
        return run("ip", "-n", namespace(name), "neigh", "show", ip).trim();
    }

    /** Starts {@code main} of the test class path in host {@code name}'s namespace; waits for its first stdout line. */
    Jvm java(String name, Class<?> main, Path log, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", namespace(name),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xmx96m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        processes.add(p);
        Jvm jvm = new Jvm(p);
        String first = jvm.line(Duration.ofSeconds(60));
        while (first != null && !first.startsWith("READY")) {   // a log line on stdout
            first = jvm.line(Duration.ofSeconds(60));
        }
        if (first == null) {
            throw new IllegalStateException(main.getSimpleName() + " in " + namespace(name) + " did not start (" + first + "), see " + log);
        }
        jvm.ready = first;
        return jvm;
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroyForcibly();
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (int i = namespaces.size() - 1; i >= 0; i--) {
            Commands.run(List.of("ip", "netns", "delete", namespaces.get(i)), null);
        }
    }

    private static String run(String... command) {
        Commands.Result r = Commands.run(List.of(command), null);
        if (!r.ok()) {
            throw new IllegalStateException("'" + String.join(" ", command) + "' failed: " + r.output().trim());
        }
        return r.output();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A JVM in a namespace: its stdout as lines, its stdin for requests. */
    static final class Jvm {
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        String ready;

        Jvm(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l = r.readLine(); l != null; l = r.readLine()) {
                        lines.add(l);
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "test-lan-reader");
            reader.setDaemon(true);
            reader.start();
        }

        String line(Duration timeout) throws InterruptedException {
            return lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** Ends the JVM as a service manager stopping it would: SIGTERM, so its shutdown hooks run; waits until it ended. */
        void terminate() throws InterruptedException, IOException {
            // not Process.destroy(): that also closes stdin, which StdioAppliance takes for a deliberate stop
            new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).inheritIO().start().waitFor();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the JVM did not end within 20 s of SIGTERM");
            }
        }

        /** Every line received so far. */
        List<String> drain() {
            List<String> all = new ArrayList<>();
            lines.drainTo(all);
            return all;
        }

        /** One request to {@link StdioAppliance} and its checked reply. */
        synchronized JsonNode call(ObjectNode request) throws IOException {
            OutputStream in = process.getOutputStream();
            in.write((ControlProtocol.JSON.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            try {
                String reply = line(REPLY_TIMEOUT);
                if (reply == null) {
                    throw new IOException("the appliance did not answer " + request + " within " + REPLY_TIMEOUT);
                }
                return ControlProtocol.checked(ControlProtocol.JSON.readTree(reply));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }

        /** The appliance's side of {@link StdioAppliance} as the portal's port. */
        ApplianceClient client() {
            return new ApplianceClient() {
                private ObjectNode op(String op) {
                    return ControlProtocol.JSON.createObjectNode().put("op", op);
                }

                @Override
                public ApplianceStatus apply(DesiredState desired) throws IOException {
                    ObjectNode r = op("apply");
                    r.set("desired", ControlProtocol.JSON.valueToTree(desired));
                    return ControlProtocol.JSON.treeToValue(call(r).get("status"), ApplianceStatus.class);
                }

                @Override
                public ApplianceStatus status() throws IOException {
                    return ControlProtocol.JSON.treeToValue(call(op("status")).get("status"), ApplianceStatus.class);
                }

                @Override
                public ProbeResult probe(String ip, long windowMs) throws IOException {
                    return ControlProtocol.JSON.treeToValue(call(op("probe").put("ip", ip).put("timeoutMs", windowMs)).get("probe"),
                            ProbeResult.class);
                }

                @Override
                public void announce(String ip) throws IOException {
                    call(op("announce").put("ip", ip));
                }

                @Override
                public void announce(String ip, String mac) throws IOException {
                    call(op("announce").put("ip", ip).put("mac", mac));
                }

                @Override
                public void shutdown() throws IOException {
                    call(op("shutdown"));
                }
            };
        }
    }
}
