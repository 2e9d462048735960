package io.lifeboat.lab.network;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/**
 * How the lab starts the appliance and gateway JVMs: {@code java -jar lifeboat.jar appliance …} when the portal
 * runs from the Spring Boot jar, {@code java -cp <classpath> io.lifeboat.appliance.ApplianceMain …} when it runs
 * from classes (tests, IDE) — so namespace tests work before the jar is packaged.
 * Small heap, serial GC and C1 only: the NEAs are latency-bound, tiny, and two of them share 2 cores with OpenVPN.
 * Either way the appliance starts as the package starts it: its own jar, its libraries and a class archive
 * ({@link ApplianceKit}, made at first use; {@code applianceKit} null: from the whole classpath or the Boot jar).
 */
public record JavaLauncher(String javaBinary, List<String> jvmOptions, String classpath, boolean bootJar, ApplianceKit applianceKit) {

    /** The subcommand of a lab VM host's services ({@code io.lifeboat.lab.PortListenerMain}). */
    public static final String PORT_LISTENER = "lab-port-listener";
    /** Millisecond timestamps in the logs: the cold-start breakdown reads when each agent booted, enrolled and connected. */
    static final String LOG_FORMAT = "-Djava.util.logging.SimpleFormatter.format=%1$tF %1$tT.%1$tL %4$s %3$s: %5$s%6$s%n";
    static final List<String> DEFAULT_OPTIONS = List.of("-XX:+UseSerialGC", "-Xmx96m", "-Xss512k", LOG_FORMAT);
    /**
     * The NEA's work is tiny and latency-bound: C1 compiles the warmed ARP path at once. The agent logs through
     * java.util.logging; pcap4j's own SLF4J lines (traces of its native calls; its failures reach the agent as
     * exceptions) go nowhere, said so instead of SLF4J's warning at every start that no provider was found.
     */
    static final List<String> APPLIANCE_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
            "-Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider", "-Dslf4j.internal.verbosity=WARN");
    // The relay moves every tunnel packet: it gets C2 (C1-only code cost ~10 % throughput on 2 cores).


    public static JavaLauncher current() {
        String bin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        boolean bootJar = isBootJar(cp);
        List<String> options = applianceOptions(DEFAULT_OPTIONS);
        ApplianceKit kit = (bootJar ? ApplianceKit.forBootJar(bin, options, Path.of(cp)) : ApplianceKit.forClasspath(bin, options, cp))
                .orElse(null);
        return new JavaLauncher(bin, DEFAULT_OPTIONS, cp, bootJar, kit);
    }

    private static List<String> applianceOptions(List<String> jvmOptions) {
        List<String> options = new ArrayList<>(jvmOptions);
        options.addAll(APPLIANCE_OPTIONS);
        return options;
    }

    private static boolean isBootJar(String cp) {
        if (cp.contains(java.io.File.pathSeparator) || !cp.endsWith(".jar") || !Files.isRegularFile(Path.of(cp))) {
            return false;
        }
        try (JarFile jar = new JarFile(cp)) {
            return jar.getEntry("BOOT-INF/") != null || jar.getEntry("BOOT-INF/classes/") != null;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** {@code subcommand} is {@code appliance}, {@code cloud-gateway} or {@code lab-port-listener}. */
    List<String> command(String subcommand, List<String> args) {
        List<String> c = new ArrayList<>();
        c.add(javaBinary);
        if (subcommand.equals("appliance")) {
            c.addAll(applianceOptions(jvmOptions));
            if (applianceKit != null) {
                c.addAll(applianceKit.archiveOptions());
                c.addAll(List.of("-cp", applianceKit.classpath(), "io.lifeboat.appliance.ApplianceMain"));
                c.addAll(args);
                return c;
            }
        } else {
            c.addAll(jvmOptions);
        }
        if (bootJar) {
            c.addAll(List.of("-jar", classpath, subcommand));
        } else {
            c.addAll(List.of("-cp", classpath, switch (subcommand) {
                case "appliance" -> "io.lifeboat.appliance.ApplianceMain";
                case PORT_LISTENER -> "io.lifeboat.lab.PortListenerMain";
                default -> "io.lifeboat.gateway.GatewayMain";
            }));
        }
        c.addAll(args);
        return c;
    }
}
