package io.lifeboat.network;

import io.lifeboat.network.gateway.CloudGateway;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Port: the Cloud Gateway's relay for one tenant network. Lab: the gateway process in the gateway namespace;
 * production: {@link CloudGateway} in the portal (or its own process) on the provider's public address.
 */
public interface TunnelRelay {

    /** Opens (idempotently) the relay towards the provider NEA; returns the address the tenant NEA connects to. */
    InetSocketAddress open(TenantNetworkRef ref, InetSocketAddress providerNea);

    void close(TenantNetworkRef ref);

    Optional<CloudGateway.FlowCounters> counters(TenantNetworkRef ref);
}
