package io.lifeboat.appliance;

import java.nio.file.Path;
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

    private OpenVpnCommand() {
    }

    public static List<String> build(TunnelConfig t, Path certFile, Path keyFile) {
        List<String> c = new ArrayList<>(List.of("openvpn", "--dev", t.device(), "--dev-type", "tun",
                "--proto", "udp", "--ifconfig", t.localTunnelIp(), t.peerTunnelIp(),
                "--cert", certFile.toString(), "--key", keyFile.toString(),
                "--peer-fingerprint", t.peerFingerprint(),
                "--disable-dco", "--verb", "3", "--mute-replay-warnings",
                // dead peer detection: a lost gateway or peer restarts the session in seconds
                "--ping", "1", "--ping-restart", "6"));
        if (t.server()) {
            c.addAll(List.of("--tls-server", "--dh", "none", "--float",
                    "--local", t.bindHost(), "--lport", Integer.toString(t.bindPort())));
        } else {
            c.addAll(List.of("--tls-client", "--nobind", "--remote", t.remoteHost(), Integer.toString(t.remotePort()),
                    "--connect-retry", "1", "1"));
        }
        if (t.tuned()) {
            // Socket buffers: the default ones overflow at a few hundred Mbit/s on this kind of host (~97k drops).
            c.addAll(List.of("--sndbuf", "4194304", "--rcvbuf", "4194304", "--txqueuelen", "1000", "--fast-io",
                    "--data-ciphers", "AES-128-GCM:AES-256-GCM:CHACHA20-POLY1305"));
        }
        return c;
    }
}
