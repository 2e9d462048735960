package io.lifeboat.packaging;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The two Debian packages as the README's command ({@code mvn -Pdebian package}) builds them: the tests run the same
 * executions of pom.xml's {@code debian} profile by id (slim jars from target/classes, their libraries, jdeb), ≈ 13 s of
 * CPU, where the whole package phase takes 47–57 s (it recompiles every source) and would rewrite target/classes under
 * the running suite. And what the tests do with the packages through dpkg-deb, as a provider's machine would.
 */
final class DebianPackages {

    static final String APPLIANCE = "lifeboat-appliance";
    static final String GATEWAY = "lifeboat-gateway";
    /** The debian profile's executions bound to {@code package}, in order, as goal@id. */
    static final List<String> EXECUTIONS = List.of("jar:jar@appliance-jar", "jar:jar@gateway-jar",
            "dependency:copy-dependencies@appliance-libs", "dependency:copy-dependencies@gateway-libs",
            "org.vafer:jdeb:jdeb@appliance-deb", "org.vafer:jdeb:jdeb@gateway-deb");
    static final String README_SECTION = "### The appliance agent and the Cloud Gateway as Debian packages";
    private static Duration buildTime;

    private DebianPackages() {
    }

    /** Builds both packages once per JVM and returns the one named {@code name}. */
    static synchronized Path deb(String name) {
        if (buildTime == null) {
            deleteOldPackages();
            long start = System.nanoTime();
            List<String> command = new java.util.ArrayList<>(List.of("mvn", "-B", "-q", "-Pdebian"));
            command.addAll(EXECUTIONS);
            run(Path.of("."), Duration.ofMinutes(10), command.toArray(String[]::new));
            buildTime = Duration.ofNanos(System.nanoTime() - start);
            System.out.println("[debian packages] built in " + buildTime.toMillis() + " ms");
        }
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(f -> f.getFileName().toString().matches(name + "_.+_all\\.deb")).findFirst()
                    .orElseThrow(() -> new AssertionError("no target/" + name + "_<version>_all.deb after the build"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteOldPackages() {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            for (Path f : files.filter(f -> f.getFileName().toString().matches("lifeboat-(appliance|gateway)_.+\\.deb")).toList()) {
                Files.delete(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code dpkg-deb -c}: path (without the leading dot) → mode string such as {@code -rwxr-xr-x}. */
    static Map<String, String> contents(Path deb) {
        Map<String, String> files = new LinkedHashMap<>();
        for (String line : run(Path.of("."), Duration.ofSeconds(30), "dpkg-deb", "-c", deb.toString()).split("\n")) {
            String[] cols = line.trim().split("\\s+");
            files.put(cols[cols.length - 1].replaceFirst("^\\.", ""), cols[0]);
        }
        return files;
    }

    /** {@code dpkg-deb -f}: one control field. */
    static String field(Path deb, String field) {
        return run(Path.of("."), Duration.ofSeconds(30), "dpkg-deb", "-f", deb.toString(), field).trim();
    }

    /** {@code dpkg-deb -e}: the control files (control, conffiles, maintainer scripts) into {@code dir}. */
    static Path control(Path deb, Path dir) {
        run(Path.of("."), Duration.ofSeconds(30), "dpkg-deb", "-e", deb.toString(), dir.toString());
        return dir;
    }

    /** {@code dpkg-deb -x}: the files, as installed, below {@code root}. */
    static Path extract(Path deb, Path root) {
        run(Path.of("."), Duration.ofSeconds(60), "dpkg-deb", "-x", deb.toString(), root.toString());
        return root;
    }

    static String run(Path dir, Duration timeout, String... command) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            StringBuilder out = new StringBuilder();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    r.lines().forEach(l -> out.append(l).append('\n'));
                } catch (IOException ignored) {
                    // the process ended
                }
            });
            reader.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + timeout);
            }
            reader.join();
            if (p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed (" + p.exitValue() + "):\n" + out);
            }
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
