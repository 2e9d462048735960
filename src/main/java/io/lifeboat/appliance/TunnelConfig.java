package io.lifeboat.appliance;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.ArrayList;
import java.util.List;

/**
 * One end of the OpenVPN tunnel (TUN, UDP, TLS with a per-tenant EC key and the peer's certificate fingerprint,
 * no CA). The provider NEA is the server ({@code server = true}): it binds {@code bindHost:bindPort}; the tenant
 * NEA connects to {@code remoteHost:remotePort} (the cloud gateway's relay for this tenant).
 *
 * @param peerFingerprint SHA-256 fingerprint of the peer certificate, {@code AB:CD:…}
 * @param tuned           socket buffers, queue length and fast-io for throughput (false = OpenVPN defaults)
 * @param alternateRemotes the client's further relays ({@code host:port}, other Cloud Gateways), tried in order after
 *                        {@code remoteHost} when it stops answering (ADR 0007); empty for the server or one gateway
 */
public record TunnelConfig(boolean server, String device, String localTunnelIp, String peerTunnelIp,
                           String remoteHost, int remotePort, String bindHost, int bindPort,
                           String certPem, String keyPem, String peerFingerprint, boolean tuned,
                           List<String> alternateRemotes) {

    @JsonCreator
    public TunnelConfig {
        alternateRemotes = alternateRemotes == null ? List.of() : List.copyOf(alternateRemotes);
    }

    /** One relay (or the server end). */
    public TunnelConfig(boolean server, String device, String localTunnelIp, String peerTunnelIp,
                        String remoteHost, int remotePort, String bindHost, int bindPort,
                        String certPem, String keyPem, String peerFingerprint, boolean tuned) {
        this(server, device, localTunnelIp, peerTunnelIp, remoteHost, remotePort, bindHost, bindPort, certPem, keyPem,
                peerFingerprint, tuned, List.of());
    }

    /** The client's relays in the order given ({@code host:port}); empty for the server. */
    public List<String> remotes() {
        if (server) {
            return List.of();
        }
        List<String> all = new ArrayList<>();
        all.add(remoteHost + ":" + remotePort);
        all.addAll(alternateRemotes);
        return all;
    }

    /** This end with its relays rotated so that relay {@code first} (an index into {@link #remotes}) is tried first. */
    public TunnelConfig startingAtRemote(int first) {
        List<String> all = remotes();
        if (all.size() < 2 || first % all.size() == 0) {
            return this;
        }
        List<String> rotated = new ArrayList<>(all.subList(first % all.size(), all.size()));
        rotated.addAll(all.subList(0, first % all.size()));
        GatewayEndpoint head = GatewayEndpoint.parse(rotated.get(0));
        return new TunnelConfig(server, device, localTunnelIp, peerTunnelIp, head.host(), head.port(), bindHost, bindPort,
                certPem, keyPem, peerFingerprint, tuned, rotated.subList(1, rotated.size()));
    }
}
