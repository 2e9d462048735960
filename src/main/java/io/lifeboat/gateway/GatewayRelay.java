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

    /**
     * Relays exactly {@code specs}: closes every other flow, opens the missing ones, keeps the rest as they are (the
     * portal sends its whole set on each change, ADR 0013). A flow that cannot be opened does not keep the others
     * from it: each is tried, then the first failure is thrown with the others suppressed.
     */
    default void relayExactly(List<CloudGateway.FlowSpec> specs) throws IOException {
        for (CloudGateway.FlowSpec open : flows()) {
            if (specs.stream().noneMatch(s -> s.tenant().equals(open.tenant()))) {
                close(open.tenant());
            }
        }
        Exception first = null;
        for (CloudGateway.FlowSpec s : specs) {
            try {
                open(s);
            } catch (IOException | RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first instanceof IOException io) {
            throw io;
        }
        if (first != null) {
            throw (RuntimeException) first;
        }
    }

    /** Per open flow: packets and UDP payload bytes relayed each way, datagrams dropped. */
    List<CloudGateway.FlowCounters> counters() throws IOException;

    /** The process lets go of the relay; whether the flows outlive it depends on the relay (the kernel's do). */
    @Override
    void close();
}
