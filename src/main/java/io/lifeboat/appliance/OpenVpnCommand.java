package io.lifeboat.appliance;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code openvpn} command line for one tunnel end. Pure: tested without OpenVPN.
 * P2P TLS mode (no {@code --server}/{@code --client} pull): {@code --tls-server}/{@code --tls-client} with
 * {@code --peer-fingerprint} and {@code --dh none}; static keys are deprecated in 2.6 and gone in 2.7.
 */
public final class OpenVpnCommand {

    /** Printed by both ends when the data channel is up. */
    public static final String READY = "Initialization Sequence Completed";
    /** Printed by the server once its UDP socket is bound: it can accept the client. */
    public static final String SERVER_BOUND = "link local (bound)";
    /** Seconds without a packet from the peer after which an end restarts its session (pings go every second). */
    static final int PING_RESTART_SECONDS = 3;
    /** How long the client waits for a relay to answer before it tries the next (ADR 0007). */
    static final Duration SERVER_POLL = Duration.ofSeconds(1);

    private OpenVpnCommand() {
    }

    public static List<String> build(TunnelConfig t, Path certFile, Path keyFile) {
        return build(t, certFile, keyFile, SERVER_POLL);
    }

    /** As {@link #build(TunnelConfig, Path, Path)}, the client waiting {@code serverPoll} for each relay to answer. */
    public static List<String> build(TunnelConfig t, Path certFile, Path keyFile, Duration serverPoll) {
        List<String> c = new ArrayList<>(List.of("openvpn", "--dev", t.device(), "--dev-type", "tun",
                "--proto", "udp", "--ifconfig", t.localTunnelIp(), t.peerTunnelIp(),
                "--cert", certFile.toString(), "--key", keyFile.toString(),
                "--peer-fingerprint", t.peerFingerprint(),
                "--disable-dco", "--verb", "3", "--mute-replay-warnings",
                // dead peer detection: a lost gateway or peer restarts the session within 3 s (ADR 0007), at once
                // (no restart pause; OpenVPN itself backs off after 5 failed rounds), and the client then tries its
                // next remote; a handshake packet lost meanwhile is resent after 1 s, not 2
                "--ping", "1", "--ping-restart", Integer.toString(PING_RESTART_SECONDS),
                "--connect-retry", "0", "1", "--tls-timeout", "1"));
        if (t.server()) {
            c.addAll(List.of("--tls-server", "--dh", "none", "--float",
                    "--local", t.bindHost(), "--lport", Integer.toString(t.bindPort())));
        } else {
            c.addAll(List.of("--tls-client", "--nobind", "--remote", t.remoteHost(), Integer.toString(t.remotePort())));
            for (String alternate : t.alternateRemotes()) {
                GatewayEndpoint relay = GatewayEndpoint.parse(alternate);
                c.addAll(List.of("--remote", relay.host(), Integer.toString(relay.port())));
            }
            // remotes in the order given (no --remote-random). After a session that was up, OpenVPN retries the same
            // remote first ("preserving recently used remote address"): a relay that does not answer within 1 s is
            // left for the next. Any relay will do (all lead to the same provider NEA), so a slow one skipped costs nothing.
            c.addAll(List.of("--server-poll-timeout", Long.toString(serverPoll.toSeconds())));
        }
        if (t.tuned()) {
            // Socket buffers: the default ones overflow at a few hundred Mbit/s on this kind of host (~97k drops).
            c.addAll(List.of("--sndbuf", "4194304", "--rcvbuf", "4194304", "--txqueuelen", "1000", "--fast-io",
                    "--data-ciphers", "AES-128-GCM:AES-256-GCM:CHACHA20-POLY1305"));
        }
        return c;
    }
}
