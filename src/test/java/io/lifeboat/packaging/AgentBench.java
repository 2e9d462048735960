package io.lifeboat.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lifeboat.appliance.ApplianceMain;
import io.lifeboat.appliance.ApplianceStatus;
import io.lifeboat.appliance.ArpMode;
import io.lifeboat.appliance.DesiredState;
import io.lifeboat.appliance.NeaRole;
import io.lifeboat.bench.BenchReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./lifeboat bench agent}: the agent as its Debian package installs it, started from its unit. (a) Time from
 * process start to its READY line (and on to connected through the packaged gateway), with the launcher's JVM settings
 * and with the JVM's defaults; (b) its resident memory while it answers a stream of ARP requests for failed-over IPs
 * on a veth pair in a namespace of its own (the IP forwarding itself is the kernel's). Goals: ready ≤ 0.5 s, RSS ≤ 64 MB.
 * Writes target/bench/agent.json. Needs root; not part of {@code mvn test}.
 */
public class AgentBench {

    private static final int STARTS = Integer.getInteger("lifeboat.bench.trials", 5);
    private static final Duration LOAD = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void agent_start_and_memory_figures() throws Exception {
        assumeTrue(Boolean.getBoolean("lifeboat.bench"), "benchmarks run only with -Dlifeboat.bench=true (./lifeboat bench agent)");
        assumeTrue("root".equals(System.getProperty("user.name")), "the agent benchmark needs root (capture, namespaces)");
        BenchReport report = new BenchReport("agent");
        String ns = "lbagent-" + ProcessHandle.current().pid();
        List<String> inNs = List.of("ip", "netns", "exec", ns);
        sh("ip", "netns", "add", ns);
        try {
            sh("ip", "-n", ns, "link", "set", "lo", "up");
            sh("ip", "-n", ns, "link", "add", "lan0", "type", "veth", "peer", "name", "peer0");
            sh("ip", "-n", ns, "link", "set", "lan0", "up");
            sh("ip", "-n", ns, "link", "set", "peer0", "up");
            sh("ip", "-n", ns, "addr", "add", "192.168.60.10/24", "dev", "peer0");
            try (InstalledPackages installed = new InstalledPackages(dir, inNs)) {
                startTimes(installed, inNs, "launcher settings", null, null, report);
                startTimes(installed, inNs, "JVM defaults", "-Xshare:auto", null, report);
                startTimes(installed, inNs, "launcher settings + class archive", null, installed.writeClassArchive(), report);
                memoryUnderArpLoad(installed, inNs, report);
            }
        } finally {
            new ProcessBuilder("ip", "netns", "del", ns).start().waitFor(10, TimeUnit.SECONDS);
        }
        report.fact("goals", "ready <= 500 ms after start; RSS <= 64 MB while serving");
        report.fact("machine load (1 min) at the end", Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        report.write();
    }

    private void startTimes(InstalledPackages installed, List<String> inNs, String label, String javaOpts, Path classArchive,
                            BenchReport report) throws Exception {
        List<Long> ready = new ArrayList<>();
        List<Long> connected = new ArrayList<>();
        for (int i = 0; i < STARTS; i++) {
            String id = "acme/lan/t" + label.hashCode() + "-" + i;
            SystemdUnit unit = installed.applianceUnit(id, "lan0");
            Path conf = unit.inRoot(unit.get("EnvironmentFile"));
            Files.writeString(conf, Files.readString(conf).replaceAll("(?m)^#?LIFEBOAT_JAVA_OPTS=.*$",
                    "LIFEBOAT_JAVA_OPTS=" + (javaOpts == null ? "" : javaOpts))
                    + "LIFEBOAT_CLASS_ARCHIVE=" + (classArchive == null ? "/nonexistent" : classArchive) + "\n");
            long start = System.nanoTime();
            Process agent = unit.start(Map.of("STATE_DIRECTORY", installed.dir("state-" + label.hashCode() + "-" + i)), inNs);
            try {
                new InstalledPackages.Lines(agent).await(ApplianceMain.READY_LINE, Duration.ofSeconds(60));
                ready.add((System.nanoTime() - start) / 1_000_000);
                assertThat(installed.awaitConnected(id, Duration.ofSeconds(60))).isTrue();
                connected.add((System.nanoTime() - start) / 1_000_000);
                stop(installed, id, agent);
            } finally {
                agent.destroyForcibly();
            }
        }
        report.row("jvm", label, "starts", STARTS, "ready_ms_median", median(ready), "ready_ms_min", min(ready),
                "connected_ms_median", median(connected), "rss_mb_peak", "", "arp_per_s", "");
    }

    private void memoryUnderArpLoad(InstalledPackages installed, List<String> inNs, BenchReport report) throws Exception {
        String id = "acme/lan/load";
        Process agent = installed.applianceUnit(id, "lan0").start(Map.of("STATE_DIRECTORY", installed.dir("state-load")), inNs);
        List<Process> arping = new ArrayList<>();
        try {
            new InstalledPackages.Lines(agent).await(ApplianceMain.READY_LINE, Duration.ofSeconds(60));
            assertThat(installed.awaitConnected(id, Duration.ofSeconds(60))).isTrue();
            List<String> failedOver = List.of("192.168.60.11", "192.168.60.12", "192.168.60.13", "192.168.60.14");
            installed.portal.client(id).apply(new DesiredState(NeaRole.TENANT, "lan0", "192.168.60.0/24", "192.168.60.254",
                    failedOver, ArpMode.PCAP, null));
            long jvm = agent.pid();   // ip netns exec and the launcher both exec: this is the JVM
            long before = rssKb(jvm);
            long peak = before;
            for (String ip : failedOver) {
                List<String> cmd = new ArrayList<>(inNs);
                cmd.addAll(Arrays.asList("arping", "-q", "-i", "peer0", "-S", "192.168.60.10", "-W", "0.002",
                        "-w", Long.toString(LOAD.toSeconds()), "-c", "1000000", ip));
                arping.add(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
            }
            long answeredBefore = installed.portal.client(id).status().arpAnswered();
            long start = System.nanoTime();
            long deadline = start + LOAD.toNanos();
            while (System.nanoTime() < deadline) {
                peak = Math.max(peak, rssKb(jvm));
                installed.portal.client(id).status();   // the control stream busy too
                Thread.sleep(200);
            }
            ApplianceStatus after = installed.portal.client(id).status();
            double seconds = (System.nanoTime() - start) / 1e9;
            long arpPerS = Math.round((after.arpAnswered() - answeredBefore) / seconds);
            report.row("jvm", "launcher settings", "starts", 1, "ready_ms_median", "", "ready_ms_min", "",
                    "connected_ms_median", "", "rss_mb_peak", peak / 1024, "arp_per_s", arpPerS);
            report.fact("rss_mb_ready_idle", before / 1024);
            report.fact("rss_mb_peak_under_load", peak / 1024);
            report.fact("arp_answered_per_s", arpPerS);
            report.fact("heap and metaspace", "see the launcher: -Xmx32m, MaxMetaspaceSize 48m, SerialGC, C1 only");
            stop(installed, id, agent);
        } finally {
            arping.forEach(Process::destroyForcibly);
            agent.destroyForcibly();
        }
    }

    private static void stop(InstalledPackages installed, String id, Process agent) throws InterruptedException {
        try {
            installed.portal.client(id).shutdown();
        } catch (IOException e) {
            // it may exit before its reply leaves
        }
        if (!agent.waitFor(20, TimeUnit.SECONDS)) {
            agent.destroyForcibly();
        }
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    private static void sh(String... command) throws Exception {
        DebianPackages.run(Path.of("."), Duration.ofSeconds(30), command);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static long min(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).min().orElseThrow();
    }
}
