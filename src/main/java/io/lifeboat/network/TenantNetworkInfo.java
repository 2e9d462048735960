package io.lifeboat.network;

import io.lifeboat.appliance.Ipv4;
import io.lifeboat.appliance.Ipv4Subnet;

/**
 * A tenant network: {@code subnet} in CIDR form, {@code providerPortGroup} like {@code tenant.acme.vlan3001};
 * {@code drillPortGroup} the isolated port group test failovers use (null when the provider declared none);
 * {@code tenantPortGroup} the network's port group at the tenant's own site, where the tenant NEA VM joins (null: not declared);
 * {@code tenantNeaKeptRunning} whether the tenant keeps its NEA running between failovers.
 */
public record TenantNetworkInfo(long id, long tenantId, String name, String subnet, String gateway, int vlan,
                                String providerPortGroup, String drillPortGroup, String tenantPortGroup, boolean tenantNeaKeptRunning) {

    /** Whether the IPv4 address lies in this network's subnet. */
    public boolean contains(String ipAddress) {
        if (ipAddress == null || ipAddress.isBlank()) {
            return false;
        }
        try {
            return Ipv4Subnet.parse(subnet).contains(Ipv4.parse(ipAddress));
        } catch (IllegalArgumentException notIpv4) {
            return false;
        }
    }

    public String label() {
        return name + " (" + subnet + ", VLAN " + vlan + ")";
    }
}
