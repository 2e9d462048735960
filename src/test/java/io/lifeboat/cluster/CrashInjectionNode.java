package io.lifeboat.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One portal node in a JVM of its own, so that {@link #kill()} is a real {@code SIGKILL} of a real process: no shutdown
 * hook, no Spring close, no Quartz clean-up, connections dropped mid-transaction. Its Quartz instance id names the node
 * and its generation ({@code crash-a-3}), so the harness can tell from {@code qrtz_fired_triggers} which node runs a
 * job. Output goes to {@code target/crash/<instance>.log}.
 */
final class CrashInjectionNode {

    private static final Path LOGS = Paths.get("target", "crash").toAbsolutePath();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int generation;
    private final int port;
    private final Process process;
    private final long startedNanos = System.nanoTime();

    private CrashInjectionNode(String name, int generation, int port, Process process) {
        this.name = name;
        this.generation = generation;
        this.port = port;
        this.process = process;
    }

    /** Starts generation {@code generation} of node {@code name}; {@code settings} join it to the cluster. */
    static CrashInjectionNode start(String name, int generation, List<String> settings) {
        try {
            Files.createDirectories(LOGS);
            int port = freePort();
            String instance = instanceId(name, generation);
            List<String> command = new ArrayList<>(List.of(
                    Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                    // Small and quick to start: the node serves a few API calls and runs jobs against the simulators.
                    "-Xmx448m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
                    "-cp", System.getProperty("java.class.path"),
                    "io.lifeboat.Lifeboat"));
            command.addAll(settings);
            command.addAll(List.of(
                    "--server.port=" + port,
                    "--spring.application.name=lifeboat-" + instance,
                    "--spring.quartz.properties.org.quartz.scheduler.instanceId=" + instance,
                    "--lifeboat.lab.run-dir=" + LOGS.resolve(instance)));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(LOGS.resolve(instance + ".log").toFile()).start();
            return new CrashInjectionNode(name, generation, port, process);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start portal node " + name, e);
        }
    }

    static String instanceId(String name, int generation) {
        return "crash-" + name + "-" + generation;
    }

    /** Waits until the node answers its health check with UP (lab seeded, scheduler started). */
    CrashInjectionNode awaitReady(Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(instance() + " exited with " + process.exitValue() + " while starting; see " + log());
            }
            try {
                HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(uri("/actuator/health")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("UP")) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + instance(), e);
            }
            sleep(250);
        }
        throw new IllegalStateException(instance() + " not ready after " + patience + "; see " + log());
    }

    /** SIGKILL ({@link Process#destroyForcibly()} on Linux), then waits for the process to be gone. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(instance() + " (pid " + process.pid() + ") survived SIGKILL for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while killing " + instance(), e);
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    String name() {
        return name;
    }

    String instance() {
        return instanceId(name, generation);
    }

    int generation() {
        return generation;
    }

    long millisSinceStart() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    Path log() {
        return LOGS.resolve(instance() + ".log");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
