package io.lifeboat.appliance;

import java.util.List;

/**
 * What the portal wants an NEA to do; sent whole every time (idempotent), the appliance reconciles.
 *
 * @param lanInterface the interface on the tenant LAN (tenant side) or provider segment (provider side)
 * @param subnet       the tenant network, e.g. {@code 192.168.60.0/24}
 * @param ownIp        the NEA's address on that interface: its LAN address (tenant side) or the link-local
 *                     {@code 169.254.0.1} (provider side, set as its only address, /32)
 * @param failedOver   the failed-over IPs of this network
 * @param tunnel       the tunnel end, or null for no tunnel
 */
public record DesiredState(NeaRole role, String lanInterface, String subnet, String ownIp, List<String> failedOver,
                           ArpMode arpMode, TunnelConfig tunnel) {

    public DesiredState {
        failedOver = failedOver == null ? List.of() : List.copyOf(failedOver);
        arpMode = arpMode == null ? ArpMode.PCAP : arpMode;
    }

}
