package io.lifeboat.gateway;

import java.io.IOException;
import java.util.List;

/**
 * What moves the tenants' tunnel datagrams through a Cloud Gateway: the user-space {@link CloudGateway} or the
 * nftables {@link KernelRelay} (ADR 0009). The gateway process and its control socket speak to either the same way.
 */
public interface GatewayRelay extends AutoCloseable {

    /** Starts relaying {@code spec}; the same spec again is a no-op, another spec for the tenant replaces its flow. */
    void open(CloudGateway.FlowSpec spec) throws IOException;

    /** Stops relaying {@code tenant}'s flow; no-op when it has none. */
    void close(String tenant) throws IOException;

    List<CloudGateway.FlowSpec> flows();

    /** Per open flow: packets and UDP payload bytes relayed each way, datagrams dropped. */
    List<CloudGateway.FlowCounters> counters() throws IOException;

    /** The process lets go of the relay; whether the flows outlive it depends on the relay (the kernel's do). */
    @Override
    void close();
}
