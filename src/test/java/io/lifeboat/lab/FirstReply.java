package io.lifeboat.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The benchmarks' stopwatch on the lab's LAN: pings an address from a namespace (the tenant LAN's client) and completes
 * with the {@link System#nanoTime()} of the first reply line holding a marker such as {@code ttl=62}. A thread per
 * pinger, so many addresses are watched at once whatever the machine's core count.
 */
final class FirstReply {

    private static final ExecutorService PINGERS = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "bench-pinger");
        thread.setDaemon(true);
        return thread;
    });

    private FirstReply() {
    }

    /**
     * Pings {@code ip} from {@code ns} every {@code interval} seconds (e.g. "0.005") until a line holds {@code marker}. A
     * ping whose ARP fails gives up after a few seconds, so it is started again until {@code wait} is over.
     */
    static CompletableFuture<Long> nanos(String ns, String ip, String marker, String interval, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        return CompletableFuture.supplyAsync(() -> {
            String said = "";
            while (System.nanoTime() < deadline) {
                Outcome outcome = ping(ns, ip, marker, interval);
                if (outcome.replyNanos() != null) {
                    return outcome.replyNanos();
                }
                said = outcome.lastLines();
            }
            throw new IllegalStateException("no reply with " + marker + " from " + ip + " within " + wait.toSeconds() + " s; ping said: " + said);
        }, PINGERS);
    }

    private record Outcome(Long replyNanos, String lastLines) {
    }

    private static Outcome ping(String ns, String ip, String marker, String interval) {
        Deque<String> lastLines = new ArrayDeque<>();
        Process ping = null;
        try {
            ping = new ProcessBuilder("ip", "netns", "exec", ns, "ping", "-n", "-i", interval, "-W", "1", "-w", "60", ip)
                    .redirectErrorStream(true).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(ping.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.contains(marker)) {
                        return new Outcome(System.nanoTime(), null);
                    }
                    lastLines.addLast(line);
                    if (lastLines.size() > 3) {
                        lastLines.removeFirst();
                    }
                }
            }
            return new Outcome(null, String.join(" | ", lastLines));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            if (ping != null) {
                ping.destroyForcibly();
            }
        }
    }
}
