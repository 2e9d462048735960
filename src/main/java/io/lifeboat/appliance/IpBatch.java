package io.lifeboat.appliance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * One long-lived {@code ip -force -batch -} per NEA: route changes on the failover path cost a pipe write instead
 * of a process start (several ms on a busy 2-core host, twice per failover). {@code ip} flushes after every
 * command, so a read-only sentinel command ({@code link show dev lo}) marks the end of each batch. Its answer is
 * awaited for a bounded time: an {@code ip} that hangs held the appliance's lock, so every later command, status and
 * tunnel restart waited for good; it is replaced and the batch runs again, at last in a process of its own.
 */
final class IpBatch implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(IpBatch.class.getName());
    private static final String SENTINEL = "link show dev lo";
    private static final Pattern SENTINEL_OUTPUT = Pattern.compile("^\\d+: lo: .*");
    /** What the reader hands over when {@code ip} ended: no line of its output is ever this object. */
    private static final String ENDED = new String("ended");

    private final List<String> command;
    private final Duration answerWithin;
    private Process process;
    private OutputStream in;
    private BlockingQueue<String> out;

    IpBatch() {
        this(List.of("ip", "-force", "-batch", "-"), Duration.ofSeconds(10));
    }

    IpBatch(List<String> command, Duration answerWithin) {
        this.command = command;
        this.answerWithin = answerWithin;
    }

    /** Runs the lines; returns the error lines (missing routes on delete, tun0 not there yet, …). */
    synchronized List<String> run(List<String> lines) {
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                ensureStarted();
                in.write((String.join("\n", lines) + "\n" + SENTINEL + "\n").getBytes(StandardCharsets.UTF_8));
                in.flush();
                return errorsUntilSentinel(System.nanoTime() + answerWithin.toNanos());
            } catch (IOException e) {
                LOG.warning("ip -batch failed, restarting it: " + e.getMessage());
                close();
            }
        }
        // last resort: one process per batch, ended when it hangs
        Commands.Result r = Commands.run(command, String.join("\n", lines) + "\n", answerWithin);
        return r.ok() ? List.of() : List.of(r.output());
    }

    private List<String> errorsUntilSentinel(long deadline) throws IOException {
        List<String> errors = new ArrayList<>();
        while (true) {
            String line = next(deadline);
            if (SENTINEL_OUTPUT.matcher(line).matches()) {
                next(deadline);   // the sentinel's second line (link/loopback …)
                return errors;
            }
            errors.add(line);
        }
    }

    private String next(long deadline) throws IOException {
        try {
            String line = out.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new IOException("ip -batch did not answer within " + answerWithin.toMillis() + " ms");
            }
            if (line == ENDED) {
                throw new IOException("ip -batch exited");
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for ip -batch", e);
        }
    }

    private void ensureStarted() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        Process started = new ProcessBuilder(command).redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> readInto(started, lines), "ip-batch-output");
        reader.setDaemon(true);
        reader.start();
        process = started;
        in = started.getOutputStream();
        out = lines;
    }

    private static void readInto(Process p, BlockingQueue<String> lines) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lines.add(line);
            }
        } catch (IOException ended) {
            // destroyed by close(): the queue's reader is told below
        }
        lines.add(ENDED);
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            process.destroyForcibly();
            process = null;
        }
    }
}
