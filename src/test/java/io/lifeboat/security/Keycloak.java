package io.lifeboat.security;

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
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Keycloak (the {@code keycloak-quarkus-dist} zip that Maven unpacks into {@code target/keycloak}) in dev mode on
 * free loopback ports, with the realm of {@code docker/keycloak/} imported into an in-memory database, so every start
 * imports the realm afresh. One per test class: register it with {@code @ExtendWith} <em>before</em> the Spring
 * extension, so it starts before the portal's context (issuer discovery) and stops after the context closed; call
 * {@link #start()} from {@code @DynamicPropertySource} too (it is idempotent). Stopped and its process tree reaped in
 * {@code afterAll}, and by a JVM shutdown hook if the JVM ends first.
 */
public class Keycloak implements BeforeAllCallback, AfterAllCallback {

    public static final String REALM = "lifeboat";
    public static final String CLIENT_ID = "lifeboat-portal";
    public static final String CLIENT_SECRET = "lifeboat-demo-secret";
    private static final Path REALM_DIR = Paths.get("docker", "keycloak");
    private static final Path TEMURIN_25 = Paths.get("/usr/lib/jvm/temurin-25-jdk-amd64");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(300); // 11 s alone, minutes on a loaded 2-core machine
    private static final Logger log = LoggerFactory.getLogger(Keycloak.class);

    private static Process process;
    private static int port;
    private static Duration startTime;
    private static Thread shutdownHook;

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    /** Starts Keycloak unless it runs, and returns once the realm's discovery document answers. */
    public static void start() {
        start(false);
    }

    /**
     * As {@link #start()}; {@code inBackground}: ahead of the tests that need it, at a lower CPU priority so that the
     * tests running meanwhile keep the cores they need, and back at the normal priority once it is ready.
     */
    static synchronized void start(boolean inBackground) {
        if (process != null && process.isAlive()) {
            return;
        }
        Path home = home();
        try {
            Path importDir = home.resolve("data/import");
            Files.createDirectories(importDir);
            try (Stream<Path> realms = Files.list(REALM_DIR)) {
                for (Path realm : realms.filter(p -> p.toString().endsWith(".json")).toList()) {
                    Files.copy(realm, importDir.resolve(realm.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            port = freePort();
            int managementPort = freePort();
            List<String> command = new ArrayList<>(inBackground ? List.of("nice", "-n", "10") : List.of());
            command.addAll(List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-host", "127.0.0.1", "--http-port", String.valueOf(port), "--http-management-port", String.valueOf(managementPort),
                    "--hostname", "http://localhost:" + port, "--db", "dev-mem", "--import-realm"));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(home.resolve("keycloak.log").toFile());
            Map<String, String> env = builder.environment();
            env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
            env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
            env.put("JAVA_HOME", Files.isExecutable(TEMURIN_25.resolve("bin/java")) ? TEMURIN_25.toString() : System.getProperty("java.home"));
            env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
            long started = System.nanoTime();
            process = builder.start();
            if (shutdownHook == null) {
                shutdownHook = new Thread(Keycloak::stop, "keycloak-shutdown");
                Runtime.getRuntime().addShutdownHook(shutdownHook);
            }
            awaitReady(home);
            startTime = Duration.ofNanos(System.nanoTime() - started);
            if (inBackground) {
                normalPriority();
            }
            log.info("Keycloak {} ready at {} in {} ms (log: {})", home.getFileName(), issuer(), startTime.toMillis(), home.resolve("keycloak.log"));
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    /** Stops Keycloak (TERM, then KILL after 20 s) with its whole process tree, and waits until it is gone. */
    public static synchronized void stop() {
        Process p = process;
        if (p == null) {
            return;
        }
        process = null;
        List<ProcessHandle> tree = new ArrayList<>(p.toHandle().descendants().toList());
        tree.add(p.toHandle());
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("Keycloak stopped");
    }

    /**
     * Every thread of Keycloak's processes (a priority is a thread's on Linux). Raising a priority needs root; without
     * it Keycloak stays at the lower one, which only makes it slower.
     */
    private static void normalPriority() {
        List<String> renice = new ArrayList<>(List.of("renice", "-n", "0", "-p"));
        Stream.concat(Stream.of(process.toHandle()), process.toHandle().descendants()).forEach(p -> renice.addAll(threadsOf(p.pid())));
        try {
            Process reniced = new ProcessBuilder(renice).redirectErrorStream(true).start();
            String output = new String(reniced.getInputStream().readAllBytes());
            if (reniced.waitFor() != 0) {
                log.info("Keycloak keeps its lower CPU priority: {}", output.trim());
            }
        } catch (IOException e) {
            log.info("Keycloak keeps its lower CPU priority: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> threadsOf(long pid) {
        try (Stream<Path> tasks = Files.list(Paths.get("/proc", String.valueOf(pid), "task"))) {
            return tasks.map(task -> task.getFileName().toString()).toList();
        } catch (IOException gone) {
            return List.of();
        }
    }

    public static String issuer() {
        return baseUrl() + "/realms/" + REALM;
    }

    public static String baseUrl() {
        return "http://localhost:" + port;
    }

    /** From process start to the realm's discovery document answering (realm import included). */
    public static Duration startTime() {
        return startTime;
    }

    private static void awaitReady(Path home) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI discovery = URI.create("http://127.0.0.1:" + port + "/realms/" + REALM + "/.well-known/openid-configuration");
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + " before it was ready; see " + home.resolve("keycloak.log"));
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Keycloak", e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Keycloak", e);
            }
        }
        throw new IllegalStateException("Keycloak was not ready within " + READY_TIMEOUT.toSeconds() + " s; see " + home.resolve("keycloak.log"));
    }

    private static Path home() {
        String configured = System.getProperty("lifeboat.keycloak.home");
        Path home = configured != null ? Paths.get(configured) : findUnpacked();
        if (home == null || !Files.isExecutable(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("No Keycloak distribution at " + home + ". Run the tests through Maven (mvn test): "
                    + "the keycloak-for-tests profile unpacks org.keycloak:keycloak-quarkus-dist into target/keycloak.");
        }
        return home.toAbsolutePath();
    }

    private static Path findUnpacked() {
        try (Stream<Path> dirs = Files.list(Paths.get("target", "keycloak"))) {
            return dirs.filter(Files::isDirectory).max(Comparator.naturalOrder()).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
