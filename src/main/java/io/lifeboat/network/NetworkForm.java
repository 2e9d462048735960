package io.lifeboat.network;

/**
 * A tenant network as the provider enters it: {@code subnet} in CIDR form, the gateway inside it, VLAN 1-4094; the
 * drill port group (isolated, routed nowhere) is optional: without it the network offers no test failover.
 */
public record NetworkForm(String name, String subnet, String gateway, int vlan, String providerPortGroup, String drillPortGroup) {

    /** A network without a drill port group. */
    public NetworkForm(String name, String subnet, String gateway, int vlan, String providerPortGroup) {
        this(name, subnet, gateway, vlan, providerPortGroup, null);
    }

    /** The drill port group, or null when none is chosen. */
    public String drillPortGroupOrNull() {
        return drillPortGroup == null || drillPortGroup.isBlank() ? null : drillPortGroup.trim();
    }
}
