package io.lifeboat.lab.network;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Shared by the namespace tests and the benchmark: unique prefixes, stale-run sweeps, ping with TTL. */
public final class LabTestSupport {

    private static final Pattern TTL = Pattern.compile("ttl=(\\d+)");

    private LabTestSupport() {
    }

    /** {@code lbt-<pid>}: never collides with the running lab ({@code lb-…}) nor with a concurrent test JVM. */
    public static String uniquePrefix() {
        return "lbt-" + ProcessHandle.current().pid();
    }

    /** Removes namespaces of earlier test JVMs that died without cleaning up ({@code lbt-<pid>-…} with a dead pid). */
    public static void sweepStaleTestRuns() {
        for (String ns : Netns.list()) {
            String[] parts = ns.split("-");
            if (parts.length > 2 && parts[0].equals("lbt") && parts[1].matches("\\d+")
                    && ProcessHandle.of(Long.parseLong(parts[1])).isEmpty()) {
                Netns.delete(ns);
            }
        }
    }

    public static Path runDir(String prefix) {
        return Path.of("target", "lab-run", prefix).toAbsolutePath();
    }

    /** TTL of the first reply of up to {@code tries} one-second pings from {@code ns}, or empty. */
    public static Optional<Integer> pingTtl(String ns, String ip, int tries) {
        for (int i = 0; i < tries; i++) {
            String out = Netns.exec(ns, false, "ping", "-n", "-c", "1", "-W", "1", ip);
            Matcher m = TTL.matcher(out);
            if (m.find()) {
                return Optional.of(Integer.parseInt(m.group(1)));
            }
        }
        return Optional.empty();
    }

    public static String exec(String ns, String... command) {
        return Netns.exec(ns, false, command);
    }

    public static java.util.List<String> namespaces() {
        return Netns.list();
    }

    public static java.util.List<Long> pids(String ns) {
        return Netns.pids(ns);
    }

    /**
     * A process's whole command line, read from {@code /proc}: {@code ProcessHandle.Info} cuts it at 4,096 characters,
     * and a lab JVM started from the test class path has a longer one.
     */
    public static String commandLine(long pid) {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
        } catch (java.io.IOException processGone) {
            return "";
        }
    }

    /**
     * Waits until namespace {@code ns} exists (or is gone): the lab mirrors a VM powered on or off in a simulator as its
     * namespace host within a poll, so a test awaits that instead of assuming it happened.
     */
    public static void awaitNamespace(String ns, boolean present) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (Netns.exists(ns) != present) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("namespace " + ns + (present ? " did not appear" : " did not go") + " within 60 s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for namespace " + ns, e);
            }
        }
    }
}
