package io.lifeboat.appliance;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs short system commands ({@code ip}, {@code ping}, {@code sysctl}) and returns their output (stdout and stderr
 * together); failures are results, not exceptions. Used by the appliance and by the lab's namespaces.
 */
public final class Commands {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    /**
     * @param exitCode the command's exit code, or {@link #NOT_RUN} when it could not start, timed out or was
     *                 interrupted (the output says which)
     */
    public record Result(int exitCode, String output) {

        public static final int NOT_RUN = -1;

        public boolean ok() {
            return exitCode == 0;
        }

        public boolean ran() {
            return exitCode != NOT_RUN;
        }
    }

    private Commands() {
    }

    /** Runs {@code command} with {@code stdin} (null: none) and waits up to 20 s. */
    public static Result run(List<String> command, String stdin) {
        return run(command, stdin, DEFAULT_TIMEOUT);
    }

    public static Result run(List<String> command, String stdin, Duration timeout) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            // read beside the wait: read first, a command that hangs (nft, ip) held the caller for good, past its timeout
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> outputOf(p));
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Result(Result.NOT_RUN, out.getNow("") + " (timed out after " + timeout.toSeconds() + " s)");
            }
            return new Result(p.exitValue(), out.join());
        } catch (IOException e) {
            return new Result(Result.NOT_RUN, "cannot run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(Result.NOT_RUN, "interrupted");
        }
    }

    private static String outputOf(Process p) {
        try {
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }
}
