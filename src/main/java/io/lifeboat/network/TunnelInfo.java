package io.lifeboat.network;

import java.time.Instant;
import java.util.List;

/**
 * One tenant network's extension as the portal shows it. {@code status} is null when the network is not extended;
 * relay counters are the Cloud Gateway's (-1 when unknown). {@code idleUntil} is set while the NEA pair and tunnel are
 * up with no VM failed over (warm): when they will be let go. {@code appliances} is what the network's running NEA VMs
 * use at both sites as vCenter configures them: none when the network is not extended and its tenant NEA not kept
 * running, null when vCenter could not be read. {@code tenantNeaKeptRunning}: its tenant keeps the tenant NEA running
 * between failovers; {@code tenantNeaConnected}: such a kept tenant NEA's agent is connected to a portal node now (false
 * while its VM boots or its guest hangs, and for a network whose tenant NEA is not kept or that is extended).
 * {@code neaCertificates}: when the control certificates of its NEAs expire, as each last connected with (ADR 0014): of
 * those that run (both while the network is extended, the tenant NEA while it is kept running) and of any whose
 * certificate expired; none before an NEA first connected.
 */
public record TunnelInfo(long tenantId, String tenant, long networkId, String network, TunnelStatus status, List<String> failedOverIps,
                         long relayBytes, long relayPackets, Instant idleUntil, ApplianceResources appliances, boolean tenantNeaKeptRunning,
                         boolean tenantNeaConnected, List<NeaCertificate> neaCertificates) {

    public TunnelInfo {
        neaCertificates = List.copyOf(neaCertificates);
    }

    /** Up with nothing failed over: kept for a next failover, using the NEA VMs' resources meanwhile. */
    public boolean warm() {
        return idleUntil != null && failedOverIps.isEmpty();
    }

    public boolean up() {
        return status != null && status.up();
    }
}
