package io.lifeboat.lab.network;

import io.lifeboat.network.NetworkExtensionException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** When a lab namespace first reaches an address: a ping's first reply (of a kind), or a TCP connection accepted. */
final class LabPings {

    private LabPings() {
    }

    /** The first TCP connection to {@code ip:port} accepted from namespace {@code fromNs}; empty if none within the timeout. */
    static Optional<Instant> firstTcpConnect(String fromNs, String ip, int port, Duration timeout) {
        if (!ip.matches("[0-9.]+")) {
            throw new IllegalArgumentException("not an IPv4 address: " + ip);
        }
        double seconds = Math.max(0.2, timeout.toMillis() / 1000.0);
        String attempt = "until timeout 1 bash -c 'exec 3<>/dev/tcp/" + ip + "/" + port + "' 2>/dev/null; do sleep 0.05; done; echo CONNECTED";
        return firstLineWith("CONNECTED", "connect from " + fromNs, List.of("ip", "netns", "exec", fromNs,
                "timeout", String.format(java.util.Locale.ROOT, "%.1f", seconds), "bash", "-c", attempt));
    }

    /** Ping gives up early when its own ARP fails (nobody has the IP yet), so it is started again until the timeout. */
    static Optional<Instant> firstReply(String fromNs, String ip, Duration timeout, String marker) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<Instant> reply = Optional.empty();
        for (long left = timeout.toMillis(); reply.isEmpty() && left > 0; left = (deadline - System.nanoTime()) / 1_000_000) {
            reply = pingUntil(fromNs, ip, Duration.ofMillis(left), marker);
        }
        return reply;
    }

    private static Optional<Instant> pingUntil(String fromNs, String ip, Duration timeout, String marker) {
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        return firstLineWith(marker, "ping from " + fromNs, List.of("ip", "netns", "exec", fromNs,
                "ping", "-n", "-i", "0.005", "-W", "1", "-w", Long.toString(seconds), ip));
    }

    /** Runs {@code cmd} and returns when it first prints a line containing {@code marker}; empty if it ends before. */
    private static Optional<Instant> firstLineWith(String marker, String what, List<String> cmd) {
        Process p = null;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.contains(marker)) {
                        return Optional.of(Instant.now());
                    }
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new NetworkExtensionException("cannot " + what + ": " + e.getMessage(), e);
        } finally {
            if (p != null) {
                p.destroyForcibly();
            }
        }
    }
}
