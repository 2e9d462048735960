package io.lifeboat.network;

import io.lifeboat.appliance.Ipv4;
import io.lifeboat.appliance.Ipv4Subnet;
import java.net.InetSocketAddress;

/**
 * Where an NEA sits, as its runtime built it: the interface on the tenant LAN / provider segment, its address
 * there (tenant side; the provider side always uses the link-local {@code 169.254.0.1}), and for the provider NEA
 * the UDP endpoint its OpenVPN server binds (what the relay forwards to).
 */
public record NeaPlacement(String lanInterface, String ownIp, InetSocketAddress tunnelEndpoint) {

    /** The provider NEA's address on its segment: link-local, as no address of the tenant's subnet is free there. */
    public static final String PROVIDER_NEA_IP = "169.254.0.1";

    /** The tenant NEA's address on its LAN: the subnet's last host, the address tenants keep free for it. */
    public static String tenantNeaIp(Ipv4Subnet lan) {
        return Ipv4.format(lan.broadcast() - 1);
    }
}
