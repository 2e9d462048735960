package io.lifeboat.vcsim;

import io.lifeboat.hypervisor.SiteEndpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One running vSphere simulator (govmomi's vcsim behind Lifeboat's XML-fixing proxy, {@code tools/vcsim}).
 *
 * <p>{@link #start(Options)} builds the Go launcher into {@code target/vcsim/lifeboat-vcsim} when it is missing or
 * older than its sources, starts it on a loopback port and returns once it reports ready. {@link #close()} stops it;
 * a JVM shutdown hook does the same, and the simulator also exits when its stdin closes, so a killed JVM leaves no
 * orphan. {@link #kill()} and {@link #restart()} let tests simulate a vCenter that goes away and comes back (on the
 * same port, with an empty inventory: the simulator keeps nothing); {@link #disconnect()} and {@link #reconnect()}
 * make it unreachable for a while and keep its inventory.
 */
public final class SimulatorProcess implements AutoCloseable {

    /** How to start a simulator. {@code extraArgs} go to the launcher as they are (e.g. {@code -bench-vms 5000}). */
    public record Options(String username, String password, int port, Duration readyTimeout, List<String> extraArgs) {

        public static Options defaults() {
            return new Options("lifeboat", "lifeboat-lab", 0, Duration.ofSeconds(60), List.of());
        }

        public Options withExtraArgs(List<String> args) {
            return new Options(username, password, port, readyTimeout, List.copyOf(args));
        }
    }

    private static final String READY = "LIFEBOAT-VCSIM READY url=";
    private static final String TLS = "LIFEBOAT-VCSIM TLS url=";
    private static final String CERT = "LIFEBOAT-VCSIM CERT sha256=";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SimulatorProcess.class);
    private static final String EXITED = new String("exited"); // identity marker: the process closed stdout
    private static final Object BUILD_LOCK = new Object();

    private final Options options;
    private final Path binary;
    private volatile Process process;
    private volatile OutputStream stdin;
    private volatile SiteEndpoint endpoint;
    private volatile String tlsUrl;
    private volatile String certificateSha256;
    private volatile Path dataDir;
    private volatile BlockingQueue<String> stdout;
    private final Thread shutdownHook = new Thread(this::kill, "vcsim-shutdown");

    private SimulatorProcess(Options options, Path binary) {
        this.options = options;
        this.binary = binary;
    }

    public static SimulatorProcess start() {
        return start(Options.defaults());
    }

    public static SimulatorProcess start(Options options) {
        SimulatorProcess sim = new SimulatorProcess(options, ensureBinary());
        Runtime.getRuntime().addShutdownHook(sim.shutdownHook);
        if (options.port() != 0) {
            sim.launch(options.port());
        } else {
            sim.launchOnAFreePort();
        }
        return sim;
    }

    /**
     * A port found free can be taken by another process (a parallel build) before the simulator binds it; the simulator
     * then exits at once, and a second port is tried rather than failing the whole lab.
     */
    private void launchOnAFreePort() {
        for (int attempt = 1; ; attempt++) {
            try {
                launch(freePort());
                return;
            } catch (ExitedAtStart e) {
                if (attempt == 3) {
                    throw e;
                }
                LOG.warn("{}; trying another port", e.getMessage());
            }
        }
    }

    /** Where to log in: {@code http://127.0.0.1:<port>/sdk} with the simulator's credentials. */
    public SiteEndpoint endpoint() {
        return endpoint;
    }

    /**
     * The same simulator over HTTPS ({@code https://127.0.0.1:<port>/sdk}) with its own self-signed certificate, like a
     * vCenter out of the box; the endpoint carries no pin, so a client must fetch and trust the certificate first.
     */
    public SiteEndpoint tlsEndpoint() {
        return new SiteEndpoint(tlsUrl, options.username(), options.password(), false);
    }

    /** The SHA-256 thumbprint of the certificate the HTTPS endpoint presents now (upper-case hex pairs, colons). */
    public String certificateSha256() {
        return certificateSha256;
    }

    /** Replaces the HTTPS endpoint's certificate with a new self-signed one (a re-installed vCenter) and returns its thumbprint. */
    public String renewCertificate() {
        certificateSha256 = command("newcert", CERT).substring(CERT.length()).trim();
        return certificateSha256;
    }

    public int port() {
        return URI.create(endpoint.url()).getPort();
    }

    public boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** Stops the simulator abruptly (SIGKILL) and waits until it is gone; the port stays reserved for {@link #restart()}. */
    public void kill() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteDatastores();
    }

    /**
     * On a stop by signal the shutdown hook ({@link #kill}) and the portal's own close both get here at once: one walk
     * then met a file the other had deleted, and its NoSuchFileException escaped the close as a WARN. So one at a time,
     * and a walk that meets a vanished file walks again.
     */
    private synchronized void deleteDatastores() {
        Path dir = dataDir;
        if (dir == null) {
            return;
        }
        for (int walk = 0; walk < 3 && Files.exists(dir); walk++) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException | UncheckedIOException vanished) {
                LOG.debug("vcsim's datastores at {}: a file went while they were deleted ({}); again", dir, vanished.getMessage());
            }
        }
        dataDir = null;
    }

    /** Starts a fresh simulator on the same port (kills the running one first); its inventory is empty again. */
    public void restart() {
        int port = port();
        kill();
        launch(port);
    }

    /** Stops the simulator (closing stdin asks it to exit; it is killed if it does not within 5 s). */
    @Override
    public void close() {
        Process p = process;
        if (p != null) {
            try {
                stdin.close();
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (IOException e) {
                kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
            }
            deleteDatastores();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: nothing to undo
        }
    }

    private void launch(int port) {
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "-listen", "127.0.0.1:" + port, "-username", options.username(), "-password", options.password()));
        command.addAll(options.extraArgs());
        Path log = binary.getParent().resolve("logs").resolve("vcsim-" + port + ".log");
        Process p;
        try {
            Files.createDirectories(log.getParent());
            deleteDatastores();
            // vcsim keeps its datastores in TMPDIR: a private one lets us remove them even after a SIGKILL
            dataDir = Files.createTempDirectory(binary.getParent(), "data-" + port + "-");
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.to(log.toFile()));
            pb.environment().put("TMPDIR", dataDir.toString());
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the vSphere simulator " + binary, e);
        }
        process = p;
        stdin = p.getOutputStream();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        stdout = lines;
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // process gone
            }
            lines.add(EXITED);
        }, "vcsim-stdout-" + port);
        reader.setDaemon(true);
        reader.start();
        String tls = awaitLine(TLS, options.readyTimeout());
        String ready = tls == null ? null : awaitLine(READY, options.readyTimeout());
        if (ready == null && hasExited(p)) {
            throw new ExitedAtStart("The vSphere simulator exited at start (exit code " + p.exitValue() + "); see " + log);
        }
        if (ready == null) {
            kill();
            throw new IllegalStateException("The vSphere simulator did not report ready within "
                    + options.readyTimeout().toSeconds() + " s; see " + log);
        }
        endpoint = new SiteEndpoint(ready.substring(READY.length()).trim(), options.username(), options.password(), false);
        String[] tlsParts = tls.substring(TLS.length()).trim().split(" sha256=");
        tlsUrl = tlsParts[0];
        certificateSha256 = tlsParts[1];
    }

    /**
     * Makes the endpoint unreachable (connection refused) while the simulator keeps its inventory and sessions, like a
     * vCenter behind a broken network; {@link #reconnect()} brings it back on the same port.
     */
    public void disconnect() {
        command("down", "LIFEBOAT-VCSIM DOWN");
    }

    /**
     * Stops the simulator's process (SIGSTOP) like a vCenter that hangs: the kernel still accepts connections, nothing
     * answers, and a client waits for its read timeout. {@link #thaw()} lets it go on where it stopped.
     */
    public void freeze() {
        signal("-STOP");
    }

    /** Continues the process {@link #freeze()} stopped (SIGCONT). */
    public void thaw() {
        signal("-CONT");
    }

    private void signal(String signal) {
        Process p = process;
        if (p == null) {
            throw new IllegalStateException("The vSphere simulator is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(p.pid())).redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill " + signal + " " + p.pid() + " failed: " + new String(kill.getInputStream().readAllBytes(),
                        StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while signalling the vSphere simulator", e);
        }
    }

    /** Reopens the endpoint closed by {@link #disconnect()}; existing sessions are still valid. */
    public void reconnect() {
        command("up", "LIFEBOAT-VCSIM UP");
    }

    private synchronized String command(String command, String ack) {
        try {
            stdin.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("The vSphere simulator is not running", e);
        }
        String line = awaitLine(ack, Duration.ofSeconds(10));
        if (line == null) {
            throw new IllegalStateException("The vSphere simulator did not confirm '" + command + "'");
        }
        return line;
    }

    /** The next stdout line starting with {@code prefix}, or null on timeout or exit. */
    private String awaitLine(String prefix, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                String line = left <= 0 ? null : stdout.poll(left, TimeUnit.NANOSECONDS);
                if (line == null || line == EXITED) {
                    return null;
                }
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static boolean hasExited(Process p) {
        try {
            return p.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Builds {@code target/vcsim/lifeboat-vcsim} from {@code tools/vcsim} unless it is newer than every source. */
    public static Path ensureBinary() {
        Path root = projectRoot();
        Path sources = root.resolve("tools/vcsim");
        Path dir = root.resolve("target/vcsim");
        Path binary = dir.resolve("lifeboat-vcsim");
        synchronized (BUILD_LOCK) {
            try {
                Files.createDirectories(dir);
                // another JVM (a parallel build) may be building too
                try (FileChannel ch = FileChannel.open(dir.resolve(".build.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock ignored = ch.lock()) {
                    if (!upToDate(binary, sources)) {
                        build(sources, binary);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return binary;
    }

    private static boolean upToDate(Path binary, Path sources) throws IOException {
        if (!Files.isExecutable(binary)) {
            return false;
        }
        FileTime built = Files.getLastModifiedTime(binary);
        try (Stream<Path> files = Files.list(sources)) {
            return files.filter(f -> f.toString().endsWith(".go"))
                    .allMatch(f -> lastModified(f).compareTo(built) <= 0);
        }
    }

    private static FileTime lastModified(Path f) {
        try {
            return Files.getLastModifiedTime(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void build(Path sources, Path binary) throws IOException {
        Path tmp = binary.resolveSibling(binary.getFileName() + ".tmp");
        ProcessBuilder pb = new ProcessBuilder("go", "build", "-o", tmp.toString(), ".")
                .directory(sources.toFile())
                .redirectErrorStream(true);
        pb.environment().put("GO111MODULE", "off");
        pb.environment().put("GOPATH", "/usr/share/gocode");
        if (System.getenv("GOCACHE") == null && System.getenv("HOME") == null) {
            pb.environment().put("GOCACHE", binary.resolveSibling("gocache").toString());
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot build the vSphere simulator: the Go toolchain ('go') is not installed. "
                    + "Install the Debian packages golang-go and golang-github-vmware-govmomi-dev "
                    + "(apt-get install golang-go golang-github-vmware-govmomi-dev).", e);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                String hint = output.contains("cannot find package")
                        ? " govmomi's sources are missing: install the Debian package golang-github-vmware-govmomi-dev."
                        : "";
                throw new IllegalStateException("Building the vSphere simulator failed." + hint + "\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException("Interrupted while building the vSphere simulator", e);
        }
        Files.move(tmp, binary, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The directory holding {@code tools/vcsim}: {@code -Dlifeboat.root}, else the working directory or a parent. */
    static Path projectRoot() {
        String configured = System.getProperty("lifeboat.root");
        if (configured != null) {
            return Paths.get(configured).toAbsolutePath();
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("tools/vcsim/main.go"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find tools/vcsim/main.go from " + Paths.get("").toAbsolutePath()
                + "; run from the project directory or set -Dlifeboat.root");
    }

    /** The simulator process ended before it was ready (typically: its port was taken). */
    private static final class ExitedAtStart extends IllegalStateException {

        ExitedAtStart(String message) {
            super(message);
        }
    }
}
