package io.lifeboat.lab.network;

import io.lifeboat.appliance.Commands;
import io.lifeboat.network.NetworkExtensionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code ip} commands against named network namespaces only: nothing here touches the root namespace's links. */
final class Netns {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Path NETNS_DIR = Path.of("/var/run/netns");

    private Netns() {
    }

    /** Runs {@code ip <args>}; throws with the command's output when it fails. */
    static String ip(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("ip");
        cmd.addAll(Arrays.asList(args));
        return run(cmd, true);
    }

    /** Runs {@code ip -n <ns> <args>}. */
    static String in(String ns, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", ns));
        cmd.addAll(Arrays.asList(args));
        return run(cmd, true);
    }

    /** Runs {@code commands} (one {@code ip} command a line, without "ip") in {@code ns} with a single {@code ip -batch}. */
    static String batch(String ns, String... commands) {
        return batch(List.of("ip", "-n", ns, "-batch", "-"), true, commands);
    }

    /**
     * As {@link #batch(String, String...)}, going on past commands that fail ({@code -force}): for removals, where
     * what is already gone must not keep the rest. Only an {@code ip} that cannot run throws.
     */
    static String batchForced(String ns, String... commands) {
        return batch(List.of("ip", "-force", "-n", ns, "-batch", "-"), false, commands);
    }

    /** Runs {@code commands} (e.g. {@code netns add …}) in the host's namespace with a single {@code ip -batch}. */
    static String batchAll(String... commands) {
        return batch(List.of("ip", "-batch", "-"), true, commands);
    }

    /** As {@link #batchAll}, going on past commands that fail, as {@link #batchForced}. */
    static String batchAllForced(String... commands) {
        return batch(List.of("ip", "-force", "-batch", "-"), false, commands);
    }

    private static String batch(List<String> cmd, boolean check, String... commands) {
        Commands.Result r = Commands.run(cmd, String.join("\n", commands) + "\n", TIMEOUT);
        if (!r.ran() || (check && !r.ok())) {
            throw new NetworkExtensionException("'" + String.join(" ", cmd) + "' of " + List.of(commands) + " failed: " + r.output().trim());
        }
        return r.output();
    }

    /** Runs a program inside {@code ns} ({@code ip netns exec}). */
    static String exec(String ns, boolean check, String... command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        cmd.addAll(Arrays.asList(command));
        return run(cmd, check);
    }

    static void sysctl(String ns, String key, String value) {
        exec(ns, true, "sysctl", "-qw", key + "=" + value);
    }

    static List<String> list() {
        List<String> names = new ArrayList<>();
        for (String line : run(List.of("ip", "netns", "list"), true).split("\n")) {
            String name = line.trim().split("\\s+")[0];
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    /** Whether {@code ns} exists: its name in iproute2's directory, what {@code ip netns list} reads, without a process. */
    static boolean exists(String ns) {
        return Files.exists(NETNS_DIR.resolve(ns));
    }

    static List<Long> pids(String ns) {
        List<Long> pids = new ArrayList<>();
        for (String line : run(List.of("ip", "netns", "pids", ns), false).split("\n")) {
            if (line.trim().matches("\\d+")) {
                pids.add(Long.parseLong(line.trim()));
            }
        }
        return pids;
    }

    /** Kills every process left in {@code ns} and deletes it (a namespace lives on while a process holds it). */
    static void delete(String ns) {
        killAll(ns);
        deleteLinks(ns);
        run(List.of("ip", "netns", "delete", ns), false);
    }

    /** Kills every process in the namespace (and what they spawn meanwhile) and waits for them to exit. */
    static void killAll(String ns) {
        for (int attempt = 0; attempt < 3; attempt++) {
            List<Long> pids = pids(ns);
            if (pids.isEmpty()) {
                break;
            }
            pids.forEach(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly));
            pids.forEach(p -> ProcessHandle.of(p).ifPresent(h -> h.onExit().orTimeout(2, TimeUnit.SECONDS).exceptionally(e -> h).join()));
        }
    }

    /** Its links, but loopback, deleted: nothing it sends leaves it any more, not even the FIN of a socket it closes. */
    static void unplug(String ns) {
        deleteLinks(ns);
    }

    /**
     * The kernel tears a deleted namespace down asynchronously, so its veths can answer for a moment longer; deleting
     * them first is synchronous and a "powered off" host is gone at once.
     */
    private static void deleteLinks(String ns) {
        for (String link : links(ns)) {
            run(List.of("ip", "-n", ns, "link", "del", link), false);
        }
    }

    /** The names of {@code ns}'s links, loopback aside; none when it does not exist. */
    static List<String> links(String ns) {
        List<String> links = new ArrayList<>();
        for (String line : run(List.of("ip", "-n", ns, "-o", "link", "show"), false).split("\n")) {
            String[] fields = line.split(":\\s+", 3);
            if (fields.length >= 2) {
                String name = fields[1].split("@")[0].trim();
                if (!name.isEmpty() && !name.equals("lo")) {
                    links.add(name);
                }
            }
        }
        return links;
    }

    /** Runs {@code cmd}; throws when it cannot run or time out, and when {@code check} and it fails. */
    static String run(List<String> cmd, boolean check) {
        Commands.Result r = Commands.run(cmd, null, TIMEOUT);
        if (!r.ran() || (check && !r.ok())) {
            throw new NetworkExtensionException("'" + String.join(" ", cmd) + "' failed: " + r.output().trim());
        }
        return r.output();
    }
}
