package io.lifeboat.network;

import io.lifeboat.appliance.NeaRole;
import io.lifeboat.hypervisor.HypervisorException;
import io.lifeboat.tenancy.TenancyService;
import io.lifeboat.tenancy.TenantSummary;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The tenants' tunnels as pages show them: state, failed-over IPs, relay counters, when a warm network is let go, and
 * what its NEA VMs use as vCenter configures them.
 */
@Service
public class TunnelViews {

    private static final Logger log = LoggerFactory.getLogger(TunnelViews.class);

    private final DataPlane dataPlane;
    private final ExtendedNetworks extended;
    private final TenantNetworkService networks;
    private final TenancyService tenancy;
    private final ApplianceVms applianceVms;
    private final IdleAppliances idle;
    private final ApplianceConnections connections;
    private final NeaCertificates certificates;

    TunnelViews(DataPlane dataPlane, ExtendedNetworks extended, TenantNetworkService networks, TenancyService tenancy,
                ApplianceVms applianceVms, IdleAppliances idle, ApplianceConnections connections, NeaCertificates certificates) {
        this.certificates = certificates;
        this.dataPlane = dataPlane;
        this.extended = extended;
        this.networks = networks;
        this.tenancy = tenancy;
        this.applianceVms = applianceVms;
        this.idle = idle;
        this.connections = connections;
    }

    /** Why networks are not extended here, so no tunnel runs; null when they are. */
    public String unavailableReason() {
        return dataPlane.unavailableReason();
    }

    /**
     * The tunnels of one tenant (tenantId) or of every tenant (null), with what each extended network's NEA VMs use.
     * Reads vCenter: callers hold no transaction.
     */
    public List<TunnelInfo> tunnels(Long tenantId) {
        List<TunnelInfo> views = new ArrayList<>();
        for (TenantSummary tenant : tenancy.listTenants()) {
            if (tenantId != null && tenant.id() != tenantId) {
                continue;
            }
            for (TenantNetworkInfo network : networks.networksOf(tenant.id())) {
                views.add(view(tenant, network));
            }
        }
        return views;
    }

    private TunnelInfo view(TenantSummary tenant, TenantNetworkInfo network) {
        Optional<NetworkExtension> extension = dataPlane.extension();
        if (extension.isEmpty()) {
            return new TunnelInfo(tenant.id(), tenant.displayName(), network.id(), network.label(), null, List.of(), -1, -1, null,
                    ApplianceResources.NONE, network.tenantNeaKeptRunning(), false, List.of());
        }
        TenantNetworkRef ref = TenantNetworkRef.of(tenant.name(), network);
        TunnelStatus status;
        List<String> ips;
        Optional<TunnelRelay.RelayCounters> relay;
        try {
            ips = extension.get().failedOverIps(ref).stream().sorted().toList();
            status = ips.isEmpty() && !extended.isUp(network.id()) ? null : extension.get().status(ref);
            relay = extension.get().relayCounters(ref);
        } catch (RuntimeException e) {
            log.warn("Cannot read the tunnel of {} {}: {}", tenant.name(), network.label(), e.getMessage());
            return new TunnelInfo(tenant.id(), tenant.displayName(), network.id(), network.label(), TunnelStatus.DOWN, List.of(), -1, -1,
                    null, appliances(tenant, network), network.tenantNeaKeptRunning(), false,
                    certificates.of(ref, network, running(true, network)));
        }
        // a pre-flight's probe holds the NEAs it started for a minute without extending the network: not warm, but its
        // NEA VMs run and use the provider's resources
        Optional<java.time.Instant> letGoAt = ips.isEmpty() ? idle.stopsAt(network.id()) : Optional.empty();
        boolean neasMayRun = status != null || letGoAt.isPresent() || network.tenantNeaKeptRunning();
        return new TunnelInfo(tenant.id(), tenant.displayName(), network.id(), network.label(), status, ips,
                relay.map(c -> c.bytesIn() + c.bytesOut()).orElse(-1L), relay.map(c -> c.packetsIn() + c.packetsOut()).orElse(-1L),
                status == null ? null : letGoAt.orElse(null),
                neasMayRun ? appliances(tenant, network) : ApplianceResources.NONE,
                network.tenantNeaKeptRunning(), status == null && network.tenantNeaKeptRunning()
                        && connections.connectedAnywhere(ref.applianceId(NeaRole.TENANT)),
                certificates.of(ref, network, running(status != null, network)));
    }

    /** The NEAs that run: both while the network is extended, else the tenant NEA while it is kept running. */
    private static Set<NeaRole> running(boolean extendedNow, TenantNetworkInfo network) {
        return extendedNow ? EnumSet.allOf(NeaRole.class)
                : network.tenantNeaKeptRunning() ? EnumSet.of(NeaRole.TENANT) : EnumSet.noneOf(NeaRole.class);
    }

    /**
     * What the network's NEA VMs use, read from vCenter only while the network is extended or its tenant NEA is kept
     * running (its NEAs are powered off otherwise, so a dashboard of many idle networks costs vCenter nothing); null when
     * a site cannot be read.
     */
    private ApplianceResources appliances(TenantSummary tenant, TenantNetworkInfo network) {
        try {
            return applianceVms.running(tenant.name(), tenant.id(), network);
        } catch (RuntimeException e) {
            if (e instanceof HypervisorException h && h.kind() == HypervisorException.Kind.TIMEOUT) {   // BoundedReads warned once
                log.debug("The NEA VMs of {} {} are not shown: {}", tenant.name(), network.label(), e.getMessage());
            } else {
                log.warn("Cannot read the NEA VMs of {} {} from vCenter: {}", tenant.name(), network.label(), e.getMessage());
            }
            return null;
        }
    }
}
