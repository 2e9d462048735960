package io.lifeboat.lab.network;

import io.lifeboat.network.NetworkExtensionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lab's own processes (appliance agents, gateways, VM hosts' port listeners), one per namespace, each started from
 * the portal's jar under {@code ip netns exec} with its output in {@code <namespace>.log} in the lab's run directory.
 */
final class LabProcesses {

    private final Path runDir;
    private final JavaLauncher launcher;
    private final Map<String, Process> running = new ConcurrentHashMap<>();

    LabProcesses(Path runDir, JavaLauncher launcher) {
        this.runDir = runDir;
        this.launcher = launcher;
    }

    /** The process started in {@code ns}; null when none was. */
    Process get(String ns) {
        return running.get(ns);
    }

    /** Forgets the process of {@code ns} (its caller ends it); null when none was started. */
    Process remove(String ns) {
        return running.remove(ns);
    }

    /** Kills every process it started, as a teardown does. */
    void destroyAll() {
        running.values().forEach(Process::destroyForcibly);
        running.clear();
    }

    /** The last lines {@code ns}'s process wrote, for an error message. */
    String tailOf(String ns) {
        return tail(runDir.resolve(ns + ".log"));
    }

    Process spawn(String ns, String subcommand, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        cmd.addAll(launcher.command(subcommand, args));
        Path log = runDir.resolve(ns + ".log");
        try {
            Files.deleteIfExists(log);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            running.put(ns, p);
            return p;
        } catch (IOException e) {
            throw new NetworkExtensionException("cannot start " + subcommand + " in " + ns + ": " + e.getMessage(), e);
        }
    }

    void awaitReady(String ns, String subcommand, Process p, Duration timeout) {
        Path log = runDir.resolve(ns + ".log");
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (Files.exists(log) && Files.readString(log).contains("READY")) {
                    return;
                }
                if (!p.isAlive()) {
                    throw new NetworkExtensionException(subcommand + " in " + ns + " exited with " + p.exitValue()
                            + ": " + tail(log));
                }
                Thread.sleep(10);
            }
            throw new NetworkExtensionException(subcommand + " in " + ns + " not ready within " + timeout.toMillis()
                    + " ms: " + tail(log));
        } catch (IOException e) {
            throw new NetworkExtensionException("cannot read the output of " + subcommand + " in " + ns + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetworkExtensionException("interrupted while starting " + subcommand, e);
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no output)";
        }
    }
}
