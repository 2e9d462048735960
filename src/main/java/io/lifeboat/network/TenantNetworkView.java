package io.lifeboat.network;

/** A tenant network: {@code subnet} in CIDR form, {@code providerPortGroup} like {@code tenant.acme.vlan3001}. */
public record TenantNetworkView(long id, long tenantId, String name, String subnet, String gateway, int vlan,
                                String providerPortGroup) {

    /** Whether the IPv4 address lies in this network's subnet. */
    public boolean contains(String ipAddress) {
        return Ipv4Subnet.parse(subnet).contains(ipAddress);
    }

    public String label() {
        return name + " (" + subnet + ", VLAN " + vlan + ")";
    }
}
