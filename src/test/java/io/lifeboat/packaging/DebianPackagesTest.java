package io.lifeboat.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.Readme;
import io.lifeboat.SecondLane;
import io.lifeboat.appliance.ApplianceMain;
import io.lifeboat.appliance.ApplianceStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deliverables a provider installs, built by pom.xml's {@code debian} profile: their contents and control data as
 * dpkg-deb shows them, slim class paths (no Spring, no Vaadin, nothing missing), and the agent's unit starting the agent,
 * which enrols through a gateway started from the gateway's unit.
 */
@SecondLane
class DebianPackagesTest {

    @TempDir
    Path dir;

    /** The suite runs the profile's package executions by id; this says they are all of them, in the README's build. */
    @Test
    void the_readme_command_runs_the_debian_profile_whose_package_executions_the_tests_run() throws Exception {
        assertThat(Readme.commandsIn(DebianPackages.README_SECTION)).containsExactly("mvn -B -Pdebian -DskipTests package");
        org.w3c.dom.Document pom = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Path.of("pom.xml").toFile());
        javax.xml.xpath.XPath xpath = javax.xml.xpath.XPathFactory.newInstance().newXPath();
        org.w3c.dom.NodeList executions = (org.w3c.dom.NodeList) xpath.evaluate(
                "//*[local-name()='profile'][*[local-name()='id']='debian']//*[local-name()='execution'][*[local-name()='phase']='package']",
                pom, javax.xml.xpath.XPathConstants.NODESET);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < executions.getLength(); i++) {
            ids.add(xpath.evaluate("*[local-name()='id']", executions.item(i)));
        }
        assertThat(ids).containsExactlyElementsOf(DebianPackages.EXECUTIONS.stream().map(e -> e.substring(e.indexOf('@') + 1)).toList());
        assertThat(DebianPackages.deb(DebianPackages.APPLIANCE)).exists();
        assertThat(DebianPackages.deb(DebianPackages.GATEWAY)).exists();
    }

    @Test
    void the_appliance_package_installs_the_agent_its_launcher_a_conffile_and_a_confined_unit() throws IOException {
        Path deb = DebianPackages.deb(DebianPackages.APPLIANCE);
        assertThat(deb.getFileName().toString()).matches("lifeboat-appliance_[0-9][^_]*_all\\.deb");
        Map<String, String> files = DebianPackages.contents(deb);
        assertThat(files).containsKeys("/usr/share/lifeboat-appliance/lifeboat-appliance.jar",
                "/usr/share/lifeboat-appliance/lib/pcap4j-core-1.8.2.jar", "/etc/lifeboat/appliance.conf",
                "/lib/systemd/system/lifeboat-appliance.service");
        assertThat(files.get("/usr/bin/lifeboat-appliance")).isEqualTo("-rwxr-xr-x");
        assertThat(files.get("/etc/lifeboat/appliance.conf")).as("it will hold an enrolment token").isEqualTo("-rw-r-----");
        assertThat(DebianPackages.field(deb, "Package")).isEqualTo("lifeboat-appliance");
        assertThat(DebianPackages.field(deb, "Architecture")).isEqualTo("all");
        assertThat(DebianPackages.field(deb, "Depends"))
                .isEqualTo("openjdk-17-jre-headless | java17-runtime-headless, libpcap0.8, openvpn, iproute2");
        Path control = DebianPackages.control(deb, dir.resolve("control"));
        assertThat(Files.readString(control.resolve("conffiles")).trim()).isEqualTo("/etc/lifeboat/appliance.conf");

        SystemdUnit unit = SystemdUnit.of(DebianPackages.extract(deb, dir.resolve("root")), "lifeboat-appliance.service");
        assertThat(unit.get("ExecStart")).isEqualTo("/usr/bin/lifeboat-appliance");
        assertThat(unit.get("EnvironmentFile")).isEqualTo("/etc/lifeboat/appliance.conf");
        assertThat(unit.get("Restart")).as("an agent the portal shut down dials in again if its VM stays on").isEqualTo("always");
        assertThat(unit.get("Unit", "StartLimitIntervalSec")).as("never given up on").isEqualTo("0");
        assertThat(unit.get("DynamicUser")).as("its own unprivileged user").isEqualTo("yes");
        assertThat(unit.get("AmbientCapabilities")).isEqualTo("CAP_NET_RAW CAP_NET_ADMIN");
        assertThat(unit.get("CapabilityBoundingSet")).isEqualTo("CAP_NET_RAW CAP_NET_ADMIN");
        assertThat(unit.get("StateDirectory")).isEqualTo("lifeboat-appliance");
    }

    @Test
    void the_gateway_package_installs_the_gateway_its_launcher_a_conffile_and_an_unprivileged_unit() throws IOException {
        Path deb = DebianPackages.deb(DebianPackages.GATEWAY);
        assertThat(deb.getFileName().toString()).matches("lifeboat-gateway_[0-9][^_]*_all\\.deb");
        Map<String, String> files = DebianPackages.contents(deb);
        assertThat(files).containsKeys("/usr/share/lifeboat-gateway/lifeboat-gateway.jar", "/etc/lifeboat/cloud-gateway.conf",
                "/lib/systemd/system/lifeboat-cloud-gateway.service",
                "/usr/share/lifeboat-gateway/kernel-relay.conf");   // a drop-in the provider installs, not active by itself
        assertThat(files.get("/usr/bin/lifeboat-cloud-gateway")).isEqualTo("-rwxr-xr-x");
        assertThat(files.keySet()).as("no capture library in the gateway").noneMatch(f -> f.contains("pcap4j") || f.contains("/jna-"));
        assertThat(DebianPackages.field(deb, "Package")).isEqualTo("lifeboat-gateway");
        assertThat(DebianPackages.field(deb, "Depends")).isEqualTo("openjdk-17-jre-headless | java17-runtime-headless");
        Path control = DebianPackages.control(deb, dir.resolve("control"));
        assertThat(Files.readString(control.resolve("conffiles")).trim()).isEqualTo("/etc/lifeboat/cloud-gateway.conf");

        SystemdUnit unit = SystemdUnit.of(DebianPackages.extract(deb, dir.resolve("root")), "lifeboat-cloud-gateway.service");
        assertThat(unit.get("ExecStart")).isEqualTo("/usr/bin/lifeboat-cloud-gateway");
        assertThat(unit.get("Restart")).isEqualTo("on-failure");
        assertThat(unit.get("DynamicUser")).isEqualTo("yes");
        assertThat(unit.get("CapabilityBoundingSet")).as("no capabilities at all").isEmpty();
    }

    @Test
    void each_slim_class_path_holds_no_spring_or_vaadin_and_misses_nothing_its_classes_use() throws IOException {
        for (String name : List.of(DebianPackages.APPLIANCE, DebianPackages.GATEWAY)) {
            Path home = DebianPackages.extract(DebianPackages.deb(name), dir.resolve(name)).resolve("usr/share/" + name);
            List<Path> jars = jarsIn(home);
            assertThat(jars).hasSizeGreaterThan(5);
            for (Path jar : jars) {
                assertThat(jar.getFileName().toString()).doesNotContain("spring").doesNotContain("vaadin");
                try (JarFile j = new JarFile(jar.toFile())) {
                    assertThat(j.stream().map(e -> e.getName()))
                            .as(jar.getFileName().toString())
                            .noneMatch(e -> e.startsWith("org/springframework/") || e.startsWith("com/vaadin/"));
                }
            }
            Path own = home.resolve(name + ".jar");
            String classPath = String.join(":", jars.stream().filter(j -> !j.equals(own)).map(Path::toString).toList());
            assertThat(jdeps("--multi-release", "17", "--missing-deps", "--class-path", classPath, own.toString()))
                    .as("classes of %s that its own class path lacks", name).isEmpty();
        }
    }

    @Test
    @Tag("netns")   // root: the agent opens a live capture (on lo, where it changes nothing)
    void the_units_start_the_gateway_and_the_agent_which_enrols_and_takes_commands() throws Exception {
        String id = "acme/lan/t";
        try (InstalledPackages installed = new InstalledPackages(dir)) {
            SystemdUnit unit = installed.applianceUnit(id, "lo");
            Path classArchive = installed.writeClassArchive();
            assertThat(Files.size(classArchive)).as("the archive of the classes a start loads").isGreaterThan(1_000_000);
            Process agent = unit.start(Map.of("STATE_DIRECTORY", installed.dir("appliance-state"),
                    "LIFEBOAT_CLASS_ARCHIVE", classArchive.toString()));
            try {
                InstalledPackages.Lines output = new InstalledPackages.Lines(agent);
                String ready = output.await(ApplianceMain.READY_LINE, Duration.ofSeconds(60));
                assertThat(ready).matches("READY ([0-9a-f]{2}:){5}[0-9a-f]{2}");
                String commandLine = Files.readString(Path.of("/proc", Long.toString(agent.pid()), "cmdline")).replace('\0', ' ');
                assertThat(commandLine).as("the launcher execs the JVM on the package's class path")
                        .contains(installed.root.resolve("usr/share/lifeboat-appliance/lifeboat-appliance.jar").toString())
                        .doesNotContain("spring").doesNotContain(System.getProperty("java.class.path"));
                assertThat(Files.readString(Path.of("/proc", Long.toString(agent.pid()), "maps")))
                        .as("the JVM mapped the class archive (it was made for this Java and class path)").contains(classArchive.toString());

                assertThat(installed.awaitConnected(id, Duration.ofSeconds(90)))
                        .as("enrolled and connected; the agent printed:\n%s\nthe gateway printed:\n%s", output.printed(), installed.gatewayOutput())
                        .isTrue();
                ApplianceStatus status = installed.portal.client(id).status();
                assertThat(status.tunnelUp()).isFalse();
                assertThat(Path.of(installed.dir("appliance-state"), "control-cert.pem")).exists();
                try {
                    installed.portal.client(id).shutdown();
                } catch (IOException e) {
                    // the agent may exit before its reply leaves; what counts is that it stops
                }
                assertThat(agent.waitFor(20, TimeUnit.SECONDS)).as("the agent stopped when told").isTrue();
                assertThat(agent.exitValue()).isZero();
            } finally {
                agent.destroyForcibly();
            }
        }
    }

    private static List<Path> jarsIn(Path home) throws IOException {
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> files = Files.walk(home)) {
            files.filter(f -> f.toString().endsWith(".jar")).sorted().forEach(jars::add);
        }
        return jars;
    }

    private static String jdeps(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int rc = ToolProvider.findFirst("jdeps").orElseThrow().run(print, print, args);
        String text = out.toString(StandardCharsets.UTF_8).trim();
        assertThat(rc).as("jdeps: " + text).isZero();
        return text;
    }
}
