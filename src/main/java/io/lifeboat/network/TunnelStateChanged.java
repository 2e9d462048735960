package io.lifeboat.network;

/** The VPN tunnel of a tenant network came up (the first VM failed over) or went down (the last one left). */
public record TunnelStateChanged(long tenantId, String network, boolean up) {
}
