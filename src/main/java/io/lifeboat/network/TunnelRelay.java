package io.lifeboat.network;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Port: the Cloud Gateway's relay for one tenant network. Lab: the gateway process in the gateway namespace;
 * production: {@link io.lifeboat.gateway.CloudGateway} in the portal (or its own process) on the provider's
 * public address.
 */
public interface TunnelRelay {

    /** Opens (idempotently) the relay towards the provider NEA; returns the address the tenant NEA connects to. */
    InetSocketAddress open(TenantNetworkRef ref, InetSocketAddress providerNea);

    void close(TenantNetworkRef ref);

    /** What the relay carried for {@code ref}; empty when it has no flow for it (or is not running). */
    Optional<RelayCounters> counters(TenantNetworkRef ref);

    /** A relay flow's counters; "in" is tenant → provider. */
    record RelayCounters(long packetsIn, long bytesIn, long packetsOut, long bytesOut, long dropped) {
    }
}
