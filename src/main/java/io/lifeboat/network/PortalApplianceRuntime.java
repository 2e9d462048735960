package io.lifeboat.network;

import io.lifeboat.appliance.ApplianceClient;
import io.lifeboat.appliance.ControlRpc;
import io.lifeboat.appliance.GatewayEndpoint;
import io.lifeboat.appliance.NeaRole;
import io.lifeboat.gateway.ApplianceControlServer;
import io.lifeboat.gateway.ApplianceNics;
import io.lifeboat.gateway.EnrolmentTokens;
import io.lifeboat.pki.ApplianceCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

/**
 * The appliance runtime of a real installation (ADR 0008): the portal runs the appliances' control server itself, on
 * TCP with mutual TLS 1.3, and the NEA VMs' agents reach it through the Cloud Gateways (which relay the connection
 * byte for byte) or directly. Starting an NEA is waiting for its VM's agent to connect: {@link ApplianceVms} has
 * cloned, configured and powered the VM on.
 */
@Component
@ConditionalOnExpression(PortalApplianceRuntime.ACTIVE)
class PortalApplianceRuntime implements ApplianceRuntime, DisposableBean {

    /** Outside the lab, once the control server's address is configured. */
    static final String ACTIVE = "'${lifeboat.appliance-control.listen:}' != '' and '${lifeboat.lab.enabled:false}' != 'true'";

    private static final Logger log = LoggerFactory.getLogger(PortalApplianceRuntime.class);
    private static final Duration POLL = Duration.ofMillis(50);

    private final ApplianceControlProperties properties;
    private final ApplianceControlServer server;

    PortalApplianceRuntime(ApplianceControlProperties properties, ApplianceCertificates certificates, EnrolmentTokens tokens,
                           @Value("${lifeboat.network.cloud-gateways:}") String cloudGateways) {
        this.properties = properties;
        List<String> names = properties.names().isEmpty() ? hosts(cloudGateways, properties.listenAddress()) : properties.names();
        try {
            this.server = ApplianceControlServer.start(properties.listenAddress(), certificates.issueGateway("lifeboat-control", names),
                    certificates, tokens, properties.commandTimeout());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen for appliances on " + properties.listen()
                    + " (lifeboat.appliance-control.listen): " + e.getMessage(), e);
        }
        log.info("Appliance control server on {} (TLS 1.3, certificate for {})", properties.listen(), names);
    }

    /**
     * The hosts the appliances dial (the Cloud Gateways' control endpoints) and the control server's own address, which
     * steered gateway hosts dial (ADR 0013) unless it is a wildcard.
     */
    private static List<String> hosts(String cloudGateways, InetSocketAddress listen) {
        List<String> hosts = new ArrayList<>();
        if (!cloudGateways.isBlank()) {
            GatewayEndpoint.parseAll(List.of(cloudGateways)).forEach(g -> hosts.add(g.host()));
        }
        if (hosts.isEmpty() || !listen.getAddress().isAnyLocalAddress()) {
            hosts.add(listen.getHostString());
        }
        return hosts.stream().distinct().toList();
    }

    /** The control server's port (the one configured, or the one taken when port 0 was). */
    int port() {
        return server.port();
    }

    @Override
    public NeaPlacement placement(TenantNetworkRef ref, NeaRole role) {
        if (role == NeaRole.TENANT) {
            return new NeaPlacement(properties.lanInterface(), NeaPlacement.tenantNeaIp(ref.parsedSubnet()), null);
        }
        String uplink = properties.providerUplinkAddress(ref.networkId());
        if (uplink == null) {
            throw new NetworkExtensionException("The provider NEA's tunnel address is not configured: set"
                    + " lifeboat.appliance-control.provider-uplink-subnet to the provider site's uplink network.");
        }
        String ip = uplink.substring(0, uplink.indexOf('/'));
        return new NeaPlacement(properties.lanInterface(), NeaPlacement.PROVIDER_NEA_IP,
                new InetSocketAddress(ip, ApplianceControlProperties.TUNNEL_PORT));
    }

    /** Waits for the powered-on NEA VM's agent to connect (it enrols first on its first boot). */
    @Override
    public ApplianceClient start(TenantNetworkRef ref, NeaRole role, Duration timeout) {
        String id = ref.applianceId(role);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!server.isConnected(id)) {
            if (System.nanoTime() > deadline) {
                throw new ApplianceNotConnectedException("The " + (role == NeaRole.TENANT ? "tenant" : "provider") + " NEA " + id
                        + " did not connect to the portal within " + timeout.toSeconds() + " s. Check in vSphere that its VM booted,"
                        + " that it reaches a Cloud Gateway (" + properties.listen() + " behind them), and the gateway's log.");
            }
            sleep();
        }
        return server.client(id);
    }

    @Override
    public boolean isRunning(TenantNetworkRef ref, NeaRole role) {
        return server.isConnected(ref.applianceId(role));
    }

    @Override
    public boolean answers(TenantNetworkRef ref, NeaRole role) {
        return server.answers(ref.applianceId(role));
    }

    @Override
    public Set<String> connectedApplianceIds() {
        return server.connectedIds().stream().filter(id -> !ControlRpc.isGatewayHost(id)).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public List<RefusedCopy> refusedCopies() {
        return RefusedCopy.refusedBy(server);
    }

    @Override
    public Optional<ApplianceControlServer> clusteredControlServer() {
        return Optional.of(server);
    }

    @Override
    public void checkNics(ApplianceNics nics) {
        server.checkNics(nics);
    }

    /** The control server the NEAs and the Cloud Gateway hosts (ADR 0013) dial. */
    ApplianceControlServer controlServer() {
        return server;
    }

    /** Tells the appliance to remove its routes and stop its tunnel; {@link ApplianceVms} powers its VM off after. */
    @Override
    public void stop(TenantNetworkRef ref, NeaRole role) {
        String id = ref.applianceId(role);
        if (!server.isConnected(id)) {
            return;
        }
        try {
            server.client(id).shutdown();
        } catch (IOException e) {
            log.info("Appliance {} did not confirm its shutdown ({}); its VM is powered off next", id, e.getMessage());
        }
    }

    @Override
    public void onApplianceConnected(BiConsumer<Long, NeaRole> listener) {
        server.onConnected(id -> TenantNetworkRef.parseApplianceId(id).ifPresent(a -> listener.accept(a.networkId(), a.role())));
    }

    @Override
    public void onNeaCertificate(BiConsumer<String, Instant> listener) {
        server.onConnectedWith((id, certificate) -> {
            if (!ControlRpc.isGatewayHost(id)) {   // a host's expiry is read at its heartbeats (GatewayHostRelays)
                listener.accept(id, certificate.getNotAfter().toInstant());
            }
        });
    }

    @Override
    public void destroy() throws InterruptedException {
        server.close();
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetworkExtensionException("Interrupted while waiting for an appliance to connect", e);
        }
    }
}
