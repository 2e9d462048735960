package io.lifeboat.appliance;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Restarts a tunnel end at once when the relay it goes through is gone (ADR 0007, amended), instead of after
 * OpenVPN's 3 s ping-restart (and, for the client, a further second retrying the dead relay first). A Cloud Gateway
 * whose process died answers both ends' packets with ICMP port unreachable, which OpenVPN reports as
 * {@code ECONNREFUSED}: on that, once its session had come up, the provider NEA's server starts a fresh session and
 * the tenant NEA's client starts again with the next relay first. Both ends restart on the same signal: a new session
 * offered to a server that still holds the old one was seen to stall until the server's own ping-restart. A gateway
 * that vanishes without a word is left to OpenVPN's ping-restart, as before.
 */
final class RelayFailover {

    private static final Logger LOG = Logger.getLogger(RelayFailover.class.getName());
    private static final Pattern LINK_REMOTE = Pattern.compile("link remote: \\[AF_INET]([0-9.]+:[0-9]+)");
    /**
     * How long the client waits for the relay it moved to: beyond the server's ping-restart, so that its handshake,
     * resent every second, meets the server's fresh session whichever end restarted first.
     */
    static final Duration SWITCHED_POLL = Duration.ofSeconds(OpenVpnCommand.PING_RESTART_SECONDS + 1);

    private final TunnelConfig tunnel;
    private final List<String> remotes;
    private final AtomicInteger first = new AtomicInteger();
    private volatile String inUse;
    private volatile boolean sessionUp;
    private volatile boolean switched;

    RelayFailover(TunnelConfig tunnel) {
        this.tunnel = tunnel;
        this.remotes = tunnel.remotes();
    }

    /** The OpenVPN command line, the relay to try first first. */
    List<String> command(Path cert, Path key, Path clientConfigDir) {
        sessionUp = false;
        return OpenVpnCommand.build(tunnel.startingAtRemote(first.get()), cert, key, clientConfigDir,
                switched ? SWITCHED_POLL : OpenVpnCommand.SERVER_POLL);
    }

    /**
     * Follows OpenVPN's output (the relay in use, the session coming up); true when the relay just went away and the
     * end should be restarted now (the client then tries the next relay first).
     */
    boolean relayGone(String line) {
        Matcher m = LINK_REMOTE.matcher(line);
        if (m.find()) {
            inUse = m.group(1);
        } else if (line.contains(OpenVpnCommand.READY)) {
            sessionUp = true;
        } else if (sessionUp && line.contains("ECONNREFUSED")) {
            sessionUp = false;   // once per session: the restart brings a new one
            moveOn();
            return true;
        }
        return false;
    }

    /** The relay tried first from the next start on (an index into the tunnel's relays). */
    int firstRelay() {
        return first.get();
    }

    private void moveOn() {
        if (remotes.size() < 2) {
            LOG.info("the tunnel's relay is gone (" + (tunnel.server() ? "the client's relay" : inUse) + "): restarting the tunnel now");
            return;
        }
        int used = remotes.indexOf(inUse);
        int next = ((used < 0 ? first.get() : used) + 1) % remotes.size();
        first.set(next);
        switched = true;
        LOG.info("the tunnel's relay " + inUse + " is gone: restarting the tunnel now through " + remotes.get(next));
    }
}
