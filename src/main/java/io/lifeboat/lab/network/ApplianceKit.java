package io.lifeboat.lab.network;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The lab's agent started as the package starts it (ADR 0006 amendment): the appliance's own classes in one jar, only
 * the libraries it loads (the package's {@code appliance-libs}), and a class archive (AppCDS) the JVM maps instead of
 * loading those classes one by one. Without it, an agent JVM of the lab searched the portal's whole test classpath
 * (hundreds of jars) and loaded every class from scratch: the largest part of a cold failover.
 *
 * <p>Made at first use from the running classpath, or from the Spring Boot jar {@code ./lifeboat run} starts (its
 * {@code BOOT-INF/classes} and {@code BOOT-INF/lib}: without a kit, a lab agent started from that jar went through the
 * Boot launcher and all of the portal's nested jars, about 10 s to its first connection on 2 cores). Never committed:
 * {@code <tmp>/lifeboat-lab-agent/<key>}, the key a hash of the Java version and of every input file's path, size and
 * time, so a rebuild or another worktree gets a kit of its own. The archive comes from {@code appliance --train} run with {@code -XX:ArchiveClassesAtExit} (as the
 * package's postinst does). Made in a temporary directory and moved into place, so JVMs making it at once do not
 * meet half-written files.
 */
record ApplianceKit(String classpath, Path archive) {

    private static final Logger LOG = Logger.getLogger(ApplianceKit.class.getName());
    /** As the pom's {@code appliance-libs}: what the packaged agent ships in {@code lib/}. */
    static final List<String> LIBRARIES = List.of("grpc-api", "grpc-core", "grpc-context", "grpc-util", "grpc-netty-shaded",
            "grpc-stub", "guava", "failureaccess", "perfmark-api", "gson", "bcprov-jdk18on", "bcutil-jdk18on", "bcpkix-jdk18on",
            "jackson-core", "jackson-databind", "jackson-annotations", "pcap4j-core", "pcap4j-packetfactory-static", "jna", "slf4j-api");
    private static final String AGENT_PACKAGE = "io/lifeboat/appliance/";
    private static final String BOOT_CLASSES = "BOOT-INF/classes/";
    private static final String BOOT_LIB = "BOOT-INF/lib/";
    private static final long TRAINING_SECONDS = 120;
    private static final Duration STALE_AFTER = Duration.ofDays(1);

    /**
     * The kit for {@code classpath} (a plain classpath or a manifest-only jar naming one), made if missing; empty when
     * the appliance's classes are not in a directory of it (a Spring Boot jar: the agent then starts as before) or
     * making it failed (logged; the agent only starts slower).
     */
    static Optional<ApplianceKit> forClasspath(String javaBinary, List<String> jvmOptions, String classpath) {
        return orNone("the lab's agents start from the whole classpath without a class archive", () -> {
            List<Path> entries = expand(classpath);
            List<Path> classDirs = entries.stream().filter(e -> Files.isDirectory(e.resolve(AGENT_PACKAGE))).toList();
            List<Path> libs = entries.stream().filter(ApplianceKit::isAgentLibrary).toList();
            if (classDirs.isEmpty()) {
                return null;
            }
            List<Path> inputs = new ArrayList<>(libs);
            for (Path classes : classDirs) {
                inputs.addAll(agentFiles(classes));
            }
            return ready(kitDir(inputs), libs, jar -> writeAgentJar(jar, classDirs), javaBinary, jvmOptions);
        });
    }

    /**
     * The kit for the Spring Boot jar {@code bootJar}: the agent's classes from its {@code BOOT-INF/classes}, the
     * libraries from its {@code BOOT-INF/lib} copied out beside them; empty when making it failed (logged; the agent
     * then starts through the Boot launcher, only slower).
     */
    static Optional<ApplianceKit> forBootJar(String javaBinary, List<String> jvmOptions, Path bootJar) {
        return orNone("the lab's agents start through the Spring Boot jar without a class archive", () -> {
            Path dir = kitDir(List.of(bootJar));
            return ready(dir, libsOutOf(bootJar, dir.resolve("lib")), jar -> copyAgentClasses(bootJar, jar), javaBinary, jvmOptions);
        });
    }

    private interface KitMaking {
        /** The kit, or null when there is none to make. */
        ApplianceKit make() throws IOException, InterruptedException;
    }

    /** The kit {@code making} gives; empty, with {@code withoutIt} logged, when it failed: the agents only start slower. */
    private static Optional<ApplianceKit> orNone(String withoutIt, KitMaking making) {
        try {
            return Optional.ofNullable(making.make());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, withoutIt + ": " + e.getMessage(), e);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private interface AgentJarWriter {
        void write(Path jar) throws IOException;
    }

    /** The kit in {@code dir}, made first when its archive is missing, and marked as in use. */
    private static ApplianceKit ready(Path dir, List<Path> libs, AgentJarWriter agentJar, String javaBinary, List<String> jvmOptions)
            throws IOException, InterruptedException {
        ApplianceKit kit = new ApplianceKit(kitClasspath(dir, libs), dir.resolve("classes.jsa"));
        if (!Files.exists(kit.archive())) {
            make(dir, agentJar, libs, javaBinary, jvmOptions);
            removeStaleKits(dir.getParent(), dir, Instant.now().minus(STALE_AFTER));
        }
        Files.setLastModifiedTime(dir, FileTime.from(Instant.now()));   // in use: not stale
        return kit;
    }

    private static Path kitDir(List<Path> inputs) throws IOException {
        return Path.of(System.getProperty("java.io.tmpdir"), "lifeboat-lab-agent", key(inputs));
    }

    /**
     * Deletes the kits under {@code kitsDir} other than {@code keep} that were last used before {@code usedBefore}: every
     * rebuild and every clone makes a kit of about 30 MB, and nothing else ever removes them. A kit in use (by a build
     * or clone run within that time) stays; an agent still running from a deleted one keeps its open files.
     */
    static void removeStaleKits(Path kitsDir, Path keep, Instant usedBefore) {
        try (Stream<Path> kits = Files.list(kitsDir)) {
            for (Path kit : kits.filter(k -> !k.equals(keep) && Files.isDirectory(k)).toList()) {
                if (Files.getLastModifiedTime(kit).toInstant().isBefore(usedBefore)) {
                    deleteTree(kit);
                    LOG.info("stale lab agent kit removed: " + kit);
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "stale lab agent kits under " + kitsDir + " not removed: " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** The JVM options that map the archive. */
    List<String> archiveOptions() {
        return List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto");
    }

    private static String kitClasspath(Path dir, List<Path> libs) {
        List<String> cp = new ArrayList<>(List.of(dir.resolve("lifeboat-appliance.jar").toString()));
        libs.forEach(lib -> cp.add(lib.toString()));
        return String.join(File.pathSeparator, cp);
    }

    private static void make(Path dir, AgentJarWriter agentJar, List<Path> libs, String javaBinary, List<String> jvmOptions)
            throws IOException, InterruptedException {
        Files.createDirectories(dir.getParent());
        Path work = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".making-");
        try {
            Path jar = work.resolve("lifeboat-appliance.jar");
            agentJar.write(jar);
            // the archive names the classpath it was made with: train with the kit's final paths, in place
            // (never replaced once there: the archive records the jar's size and time, and another JVM may be training)
            Files.createDirectories(dir);
            if (!Files.exists(dir.resolve("lifeboat-appliance.jar"))) {
                Files.move(jar, dir.resolve("lifeboat-appliance.jar"), StandardCopyOption.ATOMIC_MOVE);
            }
            Path archive = work.resolve("classes.jsa");
            List<String> cmd = new ArrayList<>(List.of(javaBinary));
            cmd.addAll(jvmOptions);
            cmd.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-cp", kitClasspath(dir, libs),
                    "io.lifeboat.appliance.ApplianceMain", "--train"));
            Process training = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(work.resolve("training.log").toFile()).start();
            if (!training.waitFor(TRAINING_SECONDS, TimeUnit.SECONDS)) {
                training.destroyForcibly();
                throw new IOException("training the class archive took over " + TRAINING_SECONDS + " s");
            }
            if (!Files.exists(archive)) {
                throw new IOException("no class archive written: " + Files.readString(work.resolve("training.log"), StandardCharsets.UTF_8));
            }
            try {
                Files.move(archive, dir.resolve("classes.jsa"), StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                // another JVM made it meanwhile: theirs is as good
            }
            LOG.info("lab agent kit made in " + dir);
        } finally {
            deleteTree(work);
        }
    }

    private static void writeAgentJar(Path jar, List<Path> classDirs) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
            for (Path classes : classDirs) {
                for (Path file : agentFiles(classes)) {
                    zip.putNextEntry(new JarEntry(classes.relativize(file).toString().replace(File.separatorChar, '/')));
                    Files.copy(file, zip);
                    zip.closeEntry();
                }
            }
        }
    }

    private static List<Path> agentFiles(Path classes) throws IOException {
        try (Stream<Path> walk = Files.walk(classes.resolve(AGENT_PACKAGE))) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** The agent's classes of a Boot jar, as {@code writeAgentJar} writes them from a classes directory. */
    private static void copyAgentClasses(Path bootJar, Path jar) throws IOException {
        try (JarFile boot = new JarFile(bootJar.toFile()); OutputStream out = Files.newOutputStream(jar);
             JarOutputStream zip = new JarOutputStream(out)) {
            List<JarEntry> classes = boot.stream().filter(e -> !e.isDirectory() && e.getName().startsWith(BOOT_CLASSES + AGENT_PACKAGE))
                    .sorted(Comparator.comparing(JarEntry::getName)).toList();
            if (classes.isEmpty()) {
                throw new IOException(bootJar + " holds no " + BOOT_CLASSES + AGENT_PACKAGE);
            }
            for (JarEntry entry : classes) {
                zip.putNextEntry(new JarEntry(entry.getName().substring(BOOT_CLASSES.length())));
                try (var in = boot.getInputStream(entry)) {
                    in.transferTo(zip);
                }
                zip.closeEntry();
            }
        }
    }

    /**
     * The agent's libraries of a Boot jar, copied into {@code libDir} unless there already (each written aside and moved
     * into place: JVMs making the kit at once never meet half a jar).
     */
    private static List<Path> libsOutOf(Path bootJar, Path libDir) throws IOException {
        Files.createDirectories(libDir);
        List<Path> libs = new ArrayList<>();
        try (JarFile boot = new JarFile(bootJar.toFile())) {
            for (JarEntry entry : boot.stream().filter(e -> e.getName().startsWith(BOOT_LIB)).toList()) {
                Path lib = libDir.resolve(entry.getName().substring(BOOT_LIB.length()));
                if (!isAgentLibrary(lib)) {
                    continue;
                }
                if (!Files.exists(lib)) {
                    Path part = Files.createTempFile(libDir, lib.getFileName().toString(), ".part");
                    try (var in = boot.getInputStream(entry)) {
                        Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                    }
                    try {
                        Files.move(part, lib);   // never over another's copy: an archive made with it names its time
                    } catch (FileAlreadyExistsException e) {
                        Files.delete(part);
                    }
                }
                libs.add(lib);
            }
        }
        return libs;
    }

    /** {@code name-1.2.3.jar} of one of {@link #LIBRARIES}. */
    static boolean isAgentLibrary(Path entry) {
        String name = entry.getFileName().toString();
        return name.endsWith(".jar") && LIBRARIES.stream().anyMatch(lib -> name.startsWith(lib + "-") && Character.isDigit(name.charAt(lib.length() + 1)));
    }

    /** The entries of {@code classpath}; a lone jar whose manifest names a Class-Path (Surefire's booter) stands for those. */
    static List<Path> expand(String classpath) throws IOException {
        List<Path> entries = Stream.of(classpath.split(File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of).toList();
        if (entries.size() == 1 && entries.get(0).toString().endsWith(".jar")) {
            try (JarFile jar = new JarFile(entries.get(0).toFile())) {
                String named = jar.getManifest() == null ? null : jar.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
                if (named != null) {
                    Path base = entries.get(0).toAbsolutePath().getParent();
                    return Stream.of(named.trim().split("\\s+")).map(u -> u.startsWith("file:") ? Path.of(URI.create(u)) : base.resolve(u)).toList();
                }
            }
        }
        return entries;
    }

    private static String key(List<Path> inputs) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(Runtime.version().toString().getBytes(StandardCharsets.UTF_8));
            sha.update(System.getProperty("java.home").getBytes(StandardCharsets.UTF_8));
            for (Path input : inputs) {
                sha.update((input.toAbsolutePath() + "|" + Files.size(input) + "|" + Files.getLastModifiedTime(input).toMillis() + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
