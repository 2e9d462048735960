package io.lifeboat.appliance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * One long-lived {@code ip -force -batch -} per NEA: route changes on the failover path cost a pipe write instead
 * of a process start (several ms on a busy 2-core host, twice per failover). {@code ip} flushes after every
 * command, so a read-only sentinel command ({@code link show dev lo}) marks the end of each batch.
 */
final class IpBatch implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(IpBatch.class.getName());
    private static final String SENTINEL = "link show dev lo";
    private static final Pattern SENTINEL_OUTPUT = Pattern.compile("^\\d+: lo: .*");

    private Process process;
    private OutputStream in;
    private BufferedReader out;

    /** Runs the lines; returns the error lines (missing routes on delete, tun0 not there yet, …). */
    synchronized List<String> run(List<String> lines) {
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                ensureStarted();
                in.write((String.join("\n", lines) + "\n" + SENTINEL + "\n").getBytes(StandardCharsets.UTF_8));
                in.flush();
                List<String> errors = new ArrayList<>();
                String line;
                while ((line = out.readLine()) != null) {
                    if (SENTINEL_OUTPUT.matcher(line).matches()) {
                        out.readLine();   // the sentinel's second line (link/loopback …)
                        return errors;
                    }
                    errors.add(line);
                }
                throw new IOException("ip -batch exited");
            } catch (IOException e) {
                LOG.warning("ip -batch failed, restarting it: " + e.getMessage());
                close();
            }
        }
        // last resort: one process per batch
        Commands.Result r = Commands.run(List.of("ip", "-force", "-batch", "-"), String.join("\n", lines) + "\n");
        return r.ok() ? List.of() : List.of(r.output());
    }

    private void ensureStarted() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        process = new ProcessBuilder("ip", "-force", "-batch", "-").redirectErrorStream(true).start();
        in = process.getOutputStream();
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            process.destroyForcibly();
            process = null;
        }
    }
}
