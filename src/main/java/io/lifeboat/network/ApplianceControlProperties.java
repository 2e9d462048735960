package io.lifeboat.network;

import io.lifeboat.appliance.Ipv4;
import io.lifeboat.appliance.Ipv4Subnet;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The portal's own appliance control plane outside the lab ({@code lifeboat.appliance-control.*}, ADR 0008): where the
 * portal takes the appliances' control connections (directly, or relayed byte for byte by packaged Cloud Gateways),
 * where it relays tunnels, and how the NEA VMs are addressed.
 *
 * @param listen               {@code host:port} of the control server (mutual TLS 1.3); empty: no control plane here
 * @param names                names and addresses in its server certificate: those the appliances dial (the Cloud
 *                             Gateways' control endpoints); empty: the hosts of {@code lifeboat.network.cloud-gateways}
 * @param relayAddress         the address tenant NEAs reach the portal's tunnel relay on
 * @param relayPortBase        network {@code n}'s relay listens on UDP port {@code relayPortBase + n}
 * @param lanInterface         the NEA's LAN interface as the appliance image names it
 * @param providerUplinkSubnet the provider site's uplink network; network {@code n}'s provider NEA gets its host
 *                             {@code 10 + n} there (its OpenVPN endpoint); empty: the template configures the uplink
 * @param providerUplinkRoutes routes the provider NEA adds on its uplink ({@code "<destination> via <router>"}, comma-separated)
 * @param commandTimeout       how long a portal call waits for an appliance's reply
 */
@ConfigurationProperties("lifeboat.appliance-control")
public record ApplianceControlProperties(@DefaultValue("") String listen, @DefaultValue List<String> names,
                                         @DefaultValue("") String relayAddress, @DefaultValue("41000") int relayPortBase,
                                         @DefaultValue("eth0") String lanInterface, @DefaultValue("") String providerUplinkSubnet,
                                         @DefaultValue("") String providerUplinkRoutes,
                                         @DefaultValue("30s") Duration commandTimeout) {

    /** UDP port the provider NEA's OpenVPN server listens on (as in the lab). */
    public static final int TUNNEL_PORT = 1194;
    private static final int FIRST_PROVIDER_HOST = 10;

    public InetSocketAddress listenAddress() {
        return hostPort(listen);
    }

    /** Network {@code networkId}'s provider NEA on the uplink, {@code a.b.c.d/prefix}; null when not configured. */
    public String providerUplinkAddress(long networkId) {
        if (providerUplinkSubnet.isBlank()) {
            return null;
        }
        Ipv4Subnet subnet = Ipv4Subnet.parse(providerUplinkSubnet);
        long host = Integer.toUnsignedLong(subnet.network()) + FIRST_PROVIDER_HOST + networkId;
        if (host >= Integer.toUnsignedLong(subnet.broadcast())) {
            throw new NetworkExtensionException("The provider uplink network " + providerUplinkSubnet + " has no address left for network "
                    + networkId + ": configure a larger lifeboat.appliance-control.provider-uplink-subnet.");
        }
        return Ipv4.format((int) host) + "/" + subnet.prefixLength();
    }

    static InetSocketAddress hostPort(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("not host:port: " + hostPort);
        }
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }
}
