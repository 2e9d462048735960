package io.lifeboat.appliance;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code openvpn} command line for one tunnel end. Pure: tested without OpenVPN.
 * Server mode with one client (ADR 0011): the provider NEA runs {@code --mode server}, the tenant NEA {@code --client},
 * both with {@code --peer-fingerprint} and no CA; static keys are deprecated in 2.6 and gone in 2.7. Not P2P TLS mode:
 * there each end switches its data channel on at its next one-second timer tick after the handshake, so a tunnel took
 * 1.0–1.3 s to carry its first packet; a 2.6 server pushes the client its settings the moment the handshake ends, and
 * the first packet crosses 70–90 ms after the client starts.
 */
public final class OpenVpnCommand {

    /**
     * Printed when the data channel is up: by the client once its session is up; by the server once its tun device
     * is up, before any client (the server's session is {@link #PEER_UP}).
     */
    public static final String READY = "Initialization Sequence Completed";
    /** Printed by the server when a client's session is up; group 1 names the session ({@code cn/address:port}). */
    static final Pattern PEER_UP = Pattern.compile("MULTI: primary virtual IP for (\\S+): ");
    /** Printed by the server when a client's session ends (dead peer, the client left, or replaced); group 1 as above. */
    static final Pattern PEER_GONE = Pattern.compile("(\\S+) \\S+\\[[^]]*] received, client-instance (restarting|exiting)");
    /** The name of the server's client config file in its client config directory: it applies to any client. */
    public static final String CLIENT_CONFIG_FILE = "DEFAULT";
    /** Printed by the server once its UDP socket is bound: it can accept the client. */
    public static final String SERVER_BOUND = "link local (bound)";
    /** Seconds without a packet from the peer after which an end restarts its session (pings go every second). */
    static final int PING_RESTART_SECONDS = 3;
    /** How long the client waits for a relay to answer before it tries the next (ADR 0007). */
    static final Duration SERVER_POLL = Duration.ofSeconds(1);

    private OpenVpnCommand() {
    }

    /**
     * The command of one end; {@code clientConfigDir} (the server's only) holds {@link #clientConfig} as
     * {@link #CLIENT_CONFIG_FILE}.
     */
    public static List<String> build(TunnelConfig t, Path certFile, Path keyFile, Path clientConfigDir) {
        return build(t, certFile, keyFile, clientConfigDir, SERVER_POLL);
    }

    /** As {@link #build(TunnelConfig, Path, Path, Path)}, the client waiting {@code serverPoll} for each relay to answer. */
    public static List<String> build(TunnelConfig t, Path certFile, Path keyFile, Path clientConfigDir, Duration serverPoll) {
        List<String> c = new ArrayList<>(List.of("openvpn", "--dev", t.device(), "--dev-type", "tun",
                "--proto", "udp",
                "--cert", certFile.toString(), "--key", keyFile.toString(),
                "--peer-fingerprint", t.peerFingerprint(),
                "--disable-dco", "--verb", "3", "--mute-replay-warnings",
                // dead peer detection: a lost gateway or peer restarts the session within 3 s (ADR 0007), at once
                // (no restart pause; OpenVPN itself backs off after 5 failed rounds), and the client then tries its
                // next remote; a handshake packet lost meanwhile is resent after 1 s, not 2
                "--ping", "1", "--ping-restart", Integer.toString(PING_RESTART_SECONDS),
                "--connect-retry", "0", "1", "--tls-timeout", "1"));
        if (t.server()) {
            c.addAll(List.of("--mode", "server", "--tls-server", "--topology", "p2p",
                    "--ifconfig", t.localTunnelIp(), t.peerTunnelIp(), "--client-config-dir", clientConfigDir.toString(),
                    "--dh", "none", "--float", "--local", t.bindHost(), "--lport", Integer.toString(t.bindPort())));
        } else {
            // its address comes from the server (clientConfig); its routes are the NEA's own, none pushed are taken
            c.addAll(List.of("--client", "--route-nopull", "--nobind", "--remote", t.remoteHost(), Integer.toString(t.remotePort())));
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

    /**
     * The server's settings for its client: the client's tunnel address, pushed to it, and every destination routed to
     * it (the tunnel carries LAN and internet traffic of the failed-over VMs, not only the client's own address).
     */
    public static String clientConfig(TunnelConfig server) {
        return "ifconfig-push " + server.peerTunnelIp() + " " + server.localTunnelIp() + "\n"
                + "iroute 0.0.0.0 0.0.0.0\n";
    }
}
