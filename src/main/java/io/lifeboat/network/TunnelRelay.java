package io.lifeboat.network;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * Port: the Cloud Gateway's relay for one tenant network. Lab: the gateway process in the gateway namespace;
 * production: {@link io.lifeboat.gateway.CloudGateway} in the portal (or its own process) on the provider's
 * public address.
 */
public interface TunnelRelay {

    /** Opens (idempotently) the relay towards the provider NEA; returns the address the tenant NEA connects to. */
    InetSocketAddress open(TenantNetworkRef ref, InetSocketAddress providerNea);

    /**
     * Opens the relay on every Cloud Gateway (idempotently); returns the addresses the tenant NEA may connect to, the
     * preferred first (ADR 0007). The default has one gateway: {@link #open}.
     */
    default List<InetSocketAddress> openAll(TenantNetworkRef ref, InetSocketAddress providerNea) {
        return List.of(open(ref, providerNea));
    }

    void close(TenantNetworkRef ref);

    /** What the relay carried for {@code ref}; empty when it has no flow for it (or is not running). */
    Optional<RelayCounters> counters(TenantNetworkRef ref);

    /** A relay flow's counters; "in" is tenant → provider. */
    record RelayCounters(long packetsIn, long bytesIn, long packetsOut, long bytesOut, long dropped) {
    }
}
