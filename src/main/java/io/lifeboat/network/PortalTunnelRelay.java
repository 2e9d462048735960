package io.lifeboat.network;

import io.lifeboat.gateway.CloudGateway;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

/**
 * The tunnel relay of a real installation (ADR 0008): the Cloud Gateway's UDP relay inside the portal, one port per
 * network ({@code relay-port-base + network id}) on {@code lifeboat.appliance-control.relay-address}, forwarding to the
 * provider NEA's tunnel endpoint. Tenant NEAs reach it from their sites; it never connects towards them. With
 * {@code lifeboat.appliance-control.tunnel-relay=gateway-hosts} the Cloud Gateway hosts relay instead
 * ({@link GatewayHostRelays}, ADR 0013).
 */
@Component
@ConditionalOnExpression(PortalApplianceRuntime.ACTIVE + " and '${lifeboat.appliance-control.tunnel-relay:portal}' == 'portal'")
class PortalTunnelRelay implements TunnelRelay, DisposableBean {

    private final ApplianceControlProperties properties;
    private final CloudGateway gateway = new CloudGateway();

    PortalTunnelRelay(ApplianceControlProperties properties) {
        this.properties = properties;
        if (properties.relayAddress().isBlank()) {
            throw new IllegalStateException("Set lifeboat.appliance-control.relay-address to the address tenant NEAs reach"
                    + " this portal's tunnel relay on.");
        }
    }

    @Override
    public InetSocketAddress open(TenantNetworkRef ref, InetSocketAddress providerNea) {
        InetSocketAddress listen = new InetSocketAddress(properties.relayAddress(), properties.relayPortBase() + (int) ref.networkId());
        try {
            gateway.open(new CloudGateway.FlowSpec(ref.tunnelName(), listen, providerNea, new InetSocketAddress(0)));
        } catch (IOException e) {
            throw new NetworkExtensionException("Cannot open the tunnel relay on UDP " + listen + " for " + ref.tunnelName() + ": "
                    + e.getMessage() + ". Check lifeboat.appliance-control.relay-address and that the port is free.", e);
        }
        return listen;
    }

    @Override
    public void close(TenantNetworkRef ref) {
        gateway.close(ref.tunnelName());
    }

    @Override
    public Optional<RelayCounters> counters(TenantNetworkRef ref) {
        return gateway.counters().stream().filter(c -> c.tenant().equals(ref.tunnelName())).findFirst()
                .map(c -> new RelayCounters(c.packetsIn(), c.bytesIn(), c.packetsOut(), c.bytesOut(), c.dropped()));
    }

    @Override
    public void destroy() {
        gateway.close();
    }
}
