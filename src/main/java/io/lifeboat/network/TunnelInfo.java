package io.lifeboat.network;

import java.util.List;

/**
 * One tenant network's extension as the portal shows it. {@code status} is null when the network is not extended;
 * relay counters are the Cloud Gateway's (-1 when unknown).
 */
public record TunnelInfo(long tenantId, String tenant, String network, TunnelStatus status, List<String> failedOverIps,
                         long relayBytes, long relayPackets) {

    public boolean up() {
        return status != null && status.up();
    }
}
