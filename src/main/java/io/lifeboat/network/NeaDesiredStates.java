package io.lifeboat.network;

import io.lifeboat.appliance.DesiredState;
import io.lifeboat.appliance.NeaRole;
import io.lifeboat.appliance.TunnelConfig;
import io.lifeboat.network.NetworkExtension.Options;
import io.lifeboat.pki.TenantTunnelCredentials;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What each NEA of an extended network is told to be: its LAN interface and address, the failed-over IPs it proxies
 * (the provider NEA answers for the others), and its end of the tunnel. The provider NEA serves the tunnel; the
 * tenant NEA dials it through the Cloud Gateways' relays.
 */
final class NeaDesiredStates {

    /** Tunnel addresses inside each NEA pair; every pair has its own namespace/VM, so they may repeat. */
    static final String SERVER_TUNNEL_IP = "10.255.0.1";
    static final String CLIENT_TUNNEL_IP = "10.255.0.2";
    static final String PROVIDER_LINK_LOCAL = "169.254.0.1";

    private NeaDesiredStates() {
    }

    static DesiredState provider(TenantNetworkRef ref, Set<String> ips, TenantTunnelCredentials c, NeaPlacement p, Options options) {
        InetSocketAddress bind = p.tunnelEndpoint();
        return new DesiredState(NeaRole.PROVIDER, p.lanInterface(), ref.subnet(), PROVIDER_LINK_LOCAL, sorted(ips),
                options.arpMode(), new TunnelConfig(true, "tun0", SERVER_TUNNEL_IP, CLIENT_TUNNEL_IP, null, 0,
                bind.getAddress().getHostAddress(), bind.getPort(), c.providerSide().certPem(), c.providerSide().keyPem(),
                c.tenantSide().fingerprint(), options.tunedTunnel()));
    }

    /** The tenant NEA's tunnel goes to the first relay and, when that gateway stops answering, to the next (ADR 0007). */
    static DesiredState tenant(TenantNetworkRef ref, Set<String> ips, TenantTunnelCredentials c, NeaPlacement p,
                               List<InetSocketAddress> relays, Options options) {
        InetSocketAddress first = relays.get(0);
        List<String> alternates = relays.stream().skip(1).map(a -> a.getAddress().getHostAddress() + ":" + a.getPort()).toList();
        return new DesiredState(NeaRole.TENANT, p.lanInterface(), ref.subnet(), p.ownIp(), sorted(ips), options.arpMode(),
                new TunnelConfig(false, "tun0", CLIENT_TUNNEL_IP, SERVER_TUNNEL_IP, first.getAddress().getHostAddress(),
                        first.getPort(), null, 0, c.tenantSide().certPem(), c.tenantSide().keyPem(),
                        c.providerSide().fingerprint(), options.tunedTunnel(), alternates));
    }

    /** A copy in order: the set is changed by other threads under its own lock. */
    private static List<String> sorted(Set<String> ips) {
        synchronized (ips) {
            return new ArrayList<>(new TreeSet<>(ips));
        }
    }
}
