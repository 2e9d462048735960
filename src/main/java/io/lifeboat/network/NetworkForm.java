package io.lifeboat.network;

/** A tenant network as the provider enters it: {@code subnet} in CIDR form, the gateway inside it, VLAN 1-4094. */
public record NetworkForm(String name, String subnet, String gateway, int vlan, String providerPortGroup) {
}
