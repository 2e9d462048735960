package io.lifeboat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL from Debian's server packages ({@code /usr/lib/postgresql/<version>/bin}), initialised into
 * {@code target/postgres/} and started on a free loopback port for one test class, with a database {@code lifeboat}
 * owned by the user {@code lifeboat} (trust authentication: loopback only, test data only). PostgreSQL refuses to run as
 * root, so as root every server command runs as the {@code postgres} system user ({@code runuser}). The class is
 * skipped, saying why, when the binaries are missing. Register with {@code @ExtendWith} <em>before</em> the Spring
 * extension, so the server stops after the context has closed; {@link #start()} is idempotent for
 * {@code @DynamicPropertySource}. A JVM shutdown hook stops it too.
 */
public class Postgres implements BeforeAllCallback, AfterAllCallback {

    public static final String DATABASE = "lifeboat";
    public static final String USER = "lifeboat";
    private static final Path BASE = Paths.get("target", "postgres").toAbsolutePath();
    private static final Logger log = LoggerFactory.getLogger(Postgres.class);

    private static Path bin;
    private static Path runDir;
    private static int port;
    private static boolean running;
    private static Thread shutdownHook;

    @Override
    public void beforeAll(ExtensionContext context) {
        Assumptions.assumeTrue(binaries() != null,
                "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: apt-get install postgresql (the PostgreSQL profile test is skipped)");
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    public static synchronized void start() {
        if (running) {
            return;
        }
        bin = binaries();
        if (bin == null) {
            throw new IllegalStateException("PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: apt-get install postgresql");
        }
        long started = System.nanoTime();
        try {
            port = freePort();
            runDir = BASE.resolve("run-" + port);
            Files.createDirectories(runDir);
            if (isRoot()) {
                run(List.of("chown", "postgres:postgres", runDir.toString()));
            }
            Path data = runDir.resolve("data");
            server(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "-A", "trust", "-E", "UTF8",
                    "--locale=C", "--no-sync"));
            if (shutdownHook == null) {
                shutdownHook = new Thread(Postgres::stop, "postgres-shutdown");
                Runtime.getRuntime().addShutdownHook(shutdownHook);
            }
            running = true;
            server(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", runDir.resolve("postgres.log").toString(),
                    "-w", "-t", "60", "-o", "-p " + port + " -h 127.0.0.1 -k " + runDir + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                    "start"));
            try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER, "");
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
            }
            log.info("PostgreSQL ({}) ready at {} in {} ms", bin.getParent().getFileName(), jdbcUrl(), (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            stop();
            throw new IllegalStateException("PostgreSQL started but the database could not be created", e);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    /** Fast shutdown (rolls back open transactions, waits for the server to exit). */
    public static synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        try {
            server(List.of(bin.resolve("pg_ctl").toString(), "-D", runDir.resolve("data").toString(), "-m", "fast", "-w", "-t", "60", "stop"));
            log.info("PostgreSQL stopped");
            deleteRecursively(runDir); // a fresh cluster per run; nothing to keep
        } catch (IOException e) {
            log.warn("Could not delete {}: {}", runDir, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }

    /**
     * Stops the server process (fast shutdown: open transactions roll back, clients are disconnected) but keeps its data
     * and port, for {@link #startAgain()}: an outage of the database under a running portal.
     */
    public static synchronized void stopServerKeepingData() {
        if (!running) {
            throw new IllegalStateException("PostgreSQL is not running");
        }
        server(List.of(bin.resolve("pg_ctl").toString(), "-D", runDir.resolve("data").toString(), "-m", "fast", "-w", "-t", "60", "stop"));
        log.info("PostgreSQL stopped (data kept)");
    }

    /** Starts the server stopped by {@link #stopServerKeepingData()} again, on the same port with the same data. */
    public static synchronized void startAgain() {
        server(List.of(bin.resolve("pg_ctl").toString(), "-D", runDir.resolve("data").toString(), "-l", runDir.resolve("postgres.log").toString(),
                "-w", "-t", "60", "-o", "-p " + port + " -h 127.0.0.1 -k " + runDir + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                "start"));
        log.info("PostgreSQL started again at {}", jdbcUrl());
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    public static int port() {
        return port;
    }

    public static String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** The newest {@code /usr/lib/postgresql/<version>/bin} with initdb and pg_ctl, or null. */
    static Path binaries() {
        Path root = Paths.get("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(b -> versionOf(b.getParent()))).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static int versionOf(Path dir) {
        try {
            return Integer.parseInt(dir.getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** A server command, as the postgres user when we are root (PostgreSQL refuses root). */
    private static void server(List<String> command) {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        run(full);
    }

    private static void run(List<String> command) {
        try {
            Path output = Files.createTempFile("lifeboat-pg", ".out");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("Timed out: " + String.join(" ", command));
            }
            String text = Files.readString(output);
            Files.deleteIfExists(output);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue() + ":\n" + text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: " + String.join(" ", command), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
