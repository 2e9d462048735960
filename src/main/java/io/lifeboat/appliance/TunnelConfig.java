package io.lifeboat.appliance;

/**
 * One end of the OpenVPN tunnel (TUN, UDP, TLS with a per-tenant EC key and the peer's certificate fingerprint,
 * no CA). The provider NEA is the server ({@code server = true}): it binds {@code bindHost:bindPort}; the tenant
 * NEA connects to {@code remoteHost:remotePort} (the cloud gateway's relay for this tenant).
 *
 * @param peerFingerprint SHA-256 fingerprint of the peer certificate, {@code AB:CD:…}
 * @param tuned           socket buffers, queue length and fast-io for throughput (false = OpenVPN defaults)
 */
public record TunnelConfig(boolean server, String device, String localTunnelIp, String peerTunnelIp,
                           String remoteHost, int remotePort, String bindHost, int bindPort,
                           String certPem, String keyPem, String peerFingerprint, boolean tuned) {
}
