package io.lifeboat.appliance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;

/**
 * Keeps one OpenVPN process running: starts it, watches its output for {@link OpenVpnCommand#READY}, restarts it
 * with {@link Backoff} when it exits, and calls {@code onUp} each time its tun device comes up (routes through tun0
 * vanish with the device, so they are re-added there). The tunnel is up while a session is: the client's from
 * {@code READY} on; the server's from its client's {@link OpenVpnCommand#PEER_UP} until that session ends.
 */
final class TunnelSupervisor {

    private static final Logger LOG = Logger.getLogger(TunnelSupervisor.class.getName());

    private final Supplier<List<String>> command;
    private final Backoff backoff;
    private final Runnable onUp;
    private final boolean server;
    /** The server's client session ({@code cn/address:port}) while one is up: a replaced session's end is not ours. */
    private volatile String peer;
    private final AtomicInteger restarts = new AtomicInteger();
    private volatile boolean up;
    private volatile boolean listening;
    private volatile Instant upSince;
    private volatile boolean stopping;
    private volatile Process process;
    private volatile String lastError;
    private volatile boolean restartRequested;
    private volatile Consumer<String> outputListener = line -> { };
    private Thread thread;

    TunnelSupervisor(Supplier<List<String>> command, Backoff backoff, Runnable onUp, boolean server) {
        this.command = command;
        this.backoff = backoff;
        this.onUp = onUp;
        this.server = server;
    }

    synchronized void start() {
        if (thread != null) {
            return;
        }
        stopping = false;
        thread = new Thread(this::superviseLoop, "tunnel-supervisor");
        thread.setDaemon(true);
        thread.start();
    }

    private void superviseLoop() {
        int failures = 0;
        boolean first = true;
        while (!stopping) {
            if (!first) {
                restarts.incrementAndGet();
            }
            first = false;
            Instant started = Instant.now();
            try {
                runOnce();
            } catch (IOException e) {
                if (!stopping) {   // else our own stop closed openvpn's output under the reader ("Stream closed")
                    lastError = "openvpn: " + e.getMessage();
                    LOG.warning("openvpn failed: " + e.getMessage());
                }
            } catch (RuntimeException e) {   // e.g. a relay address that does not parse: retried, not a dead thread
                lastError = "openvpn could not be started: " + e.getMessage();
                LOG.log(java.util.logging.Level.WARNING, "openvpn could not be started", e);
            }
            listening = false;
            markDown();
            if (stopping) {
                break;
            }
            if (restartRequested) {
                restartRequested = false;   // asked for: no failure, no pause
                continue;
            }
            failures = backoff.failuresAfterRun(failures, Duration.between(started, Instant.now()));
            Duration delay = backoff.delayAfter(failures);
            LOG.info("openvpn exited; restarting in " + delay.toMillis() + " ms");
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    private void runOnce() throws IOException {
        Process p = new ProcessBuilder(command.get()).redirectErrorStream(true).start();
        process = p;
        if (stopping) {   // a stop that came while it was being started did not see it: end it here
            p.destroy();
        }
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.contains(OpenVpnCommand.SERVER_BOUND)) {
                    listening = true;
                }
                if (line.contains(OpenVpnCommand.READY)) {
                    lastError = null;
                    if (!server) {
                        markUp();
                    }
                    safeOnUp();
                } else if (server) {
                    followSessions(line);
                } else if (line.contains("SIGUSR1") || line.contains("Inactivity timeout")) {
                    markDown();   // soft restart inside openvpn: tun0 stays, but the peer is gone
                }
                if (line.contains("ERROR") || line.contains("Exiting due to fatal error")) {
                    lastError = line;
                }
                outputListener.accept(line);
                if (LOG.isLoggable(Level.FINE)) {
                    LOG.fine(line);
                }
            }
        } finally {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void safeOnUp() {
        try {
            onUp.run();
        } catch (RuntimeException e) {
            lastError = "re-adding routes failed: " + e.getMessage();
            LOG.log(Level.WARNING, lastError, e);
        }
    }

    /** The server's client session coming and going; a whole-server soft restart ends it too. */
    private void followSessions(String line) {
        Matcher started = OpenVpnCommand.PEER_UP.matcher(line);
        if (started.find()) {
            peer = started.group(1);
            markUp();
            return;
        }
        Matcher ended = OpenVpnCommand.PEER_GONE.matcher(line);
        if ((ended.find() && ended.group(1).equals(peer)) || line.contains("process restarting")) {
            markDown();
        }
    }

    private void markUp() {
        up = true;
        upSince = Instant.now();
    }

    private void markDown() {
        up = false;
        upSince = null;
        peer = null;
    }

    /** Hands every line OpenVPN prints to {@code listener} too, on the supervisor's thread (it must return at once). */
    void onOutput(Consumer<String> listener) {
        outputListener = listener;
    }

    /** Ends the running OpenVPN and starts it again at once (its command is asked for again), not as a failure. */
    void restartNow() {
        Process p = process;
        if (p != null && p.isAlive() && !stopping) {
            restartRequested = true;
            p.destroy();
        }
    }

    void stop() {
        stopping = true;
        Process p = process;
        if (p != null) {
            p.destroy();
            try {
                if (!p.waitFor(3, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Thread t;
        synchronized (this) {
            t = thread;
            thread = null;
        }
        if (t != null) {
            t.interrupt();
        }
        markDown();
    }

    boolean isUp() {
        return up;
    }

    /** The server end has bound its UDP socket: a client may connect now. */
    boolean isListening() {
        return listening;
    }

    Instant upSince() {
        return upSince;
    }

    int restarts() {
        return restarts.get();
    }

    String lastError() {
        return lastError;
    }

    Long pid() {
        Process p = process;
        return p != null && p.isAlive() ? p.pid() : null;
    }
}
