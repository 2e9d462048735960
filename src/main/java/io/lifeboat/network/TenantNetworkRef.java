package io.lifeboat.network;

import io.lifeboat.appliance.Ipv4;
import io.lifeboat.appliance.Ipv4Subnet;
import io.lifeboat.appliance.NeaRole;
import java.util.Optional;

/**
 * One tenant network that can be extended to the provider: its id (a tenant may have several networks), the tenant,
 * its subnet (e.g. {@code 192.168.60.0/24}), its default gateway and the provider VLAN of its port group. Tenants may
 * overlap in subnets.
 */
public record TenantNetworkRef(long networkId, String tenant, String subnet, String gateway, int vlan) {

    public TenantNetworkRef {
        if (tenant == null || !tenant.matches("[a-z0-9][a-z0-9-]{0,15}")) {
            throw new IllegalArgumentException("tenant must be 1-16 chars [a-z0-9-]: " + tenant);
        }
        Ipv4Subnet s = Ipv4Subnet.parse(subnet);
        if (!s.contains(Ipv4.parse(gateway))) {
            throw new IllegalArgumentException("gateway " + gateway + " is not in " + subnet);
        }
    }

    /** Network {@code network} of the tenant named {@code tenant}, as stored. */
    public static TenantNetworkRef of(String tenant, TenantNetworkInfo network) {
        return new TenantNetworkRef(network.id(), tenant, network.subnet(), network.gateway(), network.vlan());
    }

    /**
     * The name of this network's tunnel, unique across tenants ({@code <tenant>-n<networkId>}): its keys and
     * certificates are issued and kept under it, so two networks of one tenant never share a tunnel identity.
     */
    public String tunnelName() {
        return tenant + "-n" + networkId;
    }

    /** {@code <tenant>/n<network id>/<t|p>}: the id the NEA of {@code role} enrols and connects as (tenant first, ADR 0005). */
    public String applianceId(NeaRole role) {
        return applianceId(tenant, networkId, role);
    }

    /** {@link #applianceId(NeaRole)} for a network known by tenant name and id. */
    public static String applianceId(String tenant, long networkId, NeaRole role) {
        return tenant + "/n" + networkId + "/" + (role == NeaRole.TENANT ? "t" : "p");
    }

    /** The network and role an appliance id names. */
    public record ApplianceOf(long networkId, NeaRole role) {
    }

    /** What {@link #applianceId(String, long, NeaRole)} encoded; empty for an id of another form. */
    public static Optional<ApplianceOf> parseApplianceId(String applianceId) {
        String[] parts = applianceId.split("/");
        if (parts.length != 3 || !parts[1].matches("n\\d+") || !parts[2].matches("[tp]")) {
            return Optional.empty();
        }
        return Optional.of(new ApplianceOf(Long.parseLong(parts[1].substring(1)),
                parts[2].equals("t") ? NeaRole.TENANT : NeaRole.PROVIDER));
    }

    public Ipv4Subnet parsedSubnet() {
        return Ipv4Subnet.parse(subnet);
    }

    public int prefixLength() {
        return parsedSubnet().prefixLength();
    }
}
