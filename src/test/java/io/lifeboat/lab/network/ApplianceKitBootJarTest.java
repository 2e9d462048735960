package io.lifeboat.lab.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./lifeboat run} starts the portal from its Spring Boot jar: the lab's agents must start from a kit made out of
 * that jar (the agent's classes, its libraries, a class archive), not through the Boot launcher and every nested jar.
 * The jar here has the Boot layout, made from this build's classes and libraries, so the test needs no packaging.
 */
class ApplianceKitBootJarTest {

    @TempDir
    Path dir;
    private ApplianceKit kit;

    @Test
    void a_kit_made_from_a_boot_jar_starts_the_agent_from_its_class_archive() throws Exception {
        Path bootJar = bootJar(dir.resolve("lifeboat.jar"));
        String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> options = List.of("-XX:+UseSerialGC", "-Xmx96m", "-XX:TieredStopAtLevel=1");

        kit = ApplianceKit.forBootJar(javaBinary, options, bootJar).orElseThrow();

        assertThat(kit.archive()).exists();
        assertThat(kit.classpath().split(File.pathSeparator)).hasSize(1 + ApplianceKit.LIBRARIES.size())
                .noneMatch(entry -> entry.contains("BOOT-INF") || entry.equals(bootJar.toString()));
        // -Xshare:on refuses to start unless the archive maps: a kit whose jars changed after training fails here
        List<String> cmd = new ArrayList<>(List.of(javaBinary));
        cmd.addAll(options);
        cmd.addAll(List.of("-XX:SharedArchiveFile=" + kit.archive(), "-Xshare:on", "-Xlog:class+load=info",
                "-cp", kit.classpath(), "io.lifeboat.appliance.ApplianceMain", "--train"));   // the start path, dial included
        Process agent = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(agent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(agent.exitValue()).as(output).isZero();
        assertThat(output).containsPattern("io\\.lifeboat\\.appliance\\.ApplianceMain source: shared objects file")
                .containsPattern("io\\.grpc\\.netty\\.shaded\\.io\\.netty\\.channel\\.\\S+ source: shared objects file");

        assertThat(ApplianceKit.forBootJar(javaBinary, options, bootJar)).as("made once, then reused").contains(kit);
    }

    @AfterEach
    void removeKit() throws IOException {
        if (kit != null) {
            try (Stream<Path> files = Files.walk(kit.archive().getParent())) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /**
     * The layout {@code spring-boot-maven-plugin} packs: the application's classes and its libraries as nested jars
     * (the agent's and one of the portal's, which the kit must leave out; not all of the portal's hundreds).
     */
    private static Path bootJar(Path jar) throws IOException {
        Path classes = Path.of("target", "classes");
        List<Path> libs = ApplianceKit.expand(System.getProperty("java.class.path")).stream()
                .filter(entry -> ApplianceKit.isAgentLibrary(entry) || entry.getFileName().toString().startsWith("spring-core-")).toList();
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
            zip.putNextEntry(new JarEntry("BOOT-INF/"));
            zip.closeEntry();
            try (Stream<Path> files = Files.walk(classes.resolve("io/lifeboat"))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    add(zip, "BOOT-INF/classes/" + classes.relativize(file), file);
                }
            }
            for (Path lib : libs) {
                add(zip, "BOOT-INF/lib/" + lib.getFileName(), lib);
            }
        }
        return jar;
    }

    private static void add(JarOutputStream zip, String name, Path file) throws IOException {
        zip.putNextEntry(new JarEntry(name));
        Files.copy(file, zip);
        zip.closeEntry();
    }
}
