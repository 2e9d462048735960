package io.lifeboat.network;

import java.net.InetSocketAddress;

/**
 * Where an NEA sits, as its runtime built it: the interface on the tenant LAN / provider segment, its address
 * there (tenant side; the provider side always uses the link-local {@code 169.254.0.1}), and for the provider NEA
 * the UDP endpoint its OpenVPN server binds (what the relay forwards to).
 */
public record NeaPlacement(String lanInterface, String ownIp, InetSocketAddress tunnelEndpoint) {
}
