package io.lifeboat.network;

import io.lifeboat.appliance.ProbeResult;
import io.lifeboat.tasks.TaskRecorder;
import io.lifeboat.tasks.TaskState;
import io.lifeboat.tasks.TaskType;
import io.lifeboat.tenancy.TenancyService;
import io.lifeboat.tenancy.TenantSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * The portal's side of network extension. The first VM of a tenant network that fails over brings up the NEA pair and
 * the tunnel (a VPN Tunnel task, ACTIVE while any VM of the network is failed over) and every failed-over IP is
 * proxied to the provider; the last VM out stops both NEAs and completes the task. The NEA VMs ({@link ApplianceVms}) follow
 * the same steps: cloned if missing and powered on before the tunnel comes up, powered off after the last VM left,
 * destroyed when the network is removed. Calls for one network are serialised (parallel failovers of one network
 * must not clone its NEAs twice). Callers (the failover runner) have checked the tenant already.
 */
@Service
public class NetworkExtensionService {

    private static final Logger log = LoggerFactory.getLogger(NetworkExtensionService.class);
    private static final Duration REACHABLE_WAIT = Duration.ofSeconds(15);

    private final DataPlane dataPlane;
    private final TenantNetworkService networks;
    private final TenancyService tenancy;
    private final TaskRecorder tasks;
    private final ApplicationEventPublisher events;
    private final Optional<ReachabilityCheck> reachability;
    private final ApplianceVms applianceVms;
    private final Map<Long, Object> networkLocks = new ConcurrentHashMap<>();

    NetworkExtensionService(DataPlane dataPlane, TenantNetworkService networks, TenancyService tenancy, TaskRecorder tasks,
                            ApplicationEventPublisher events, Optional<ReachabilityCheck> reachability, ApplianceVms applianceVms) {
        this.applianceVms = applianceVms;
        this.reachability = reachability;
        this.events = events;
        this.dataPlane = dataPlane;
        this.networks = networks;
        this.tenancy = tenancy;
        this.tasks = tasks;
    }

    /** Why networks are not extended here; null when they are. */
    public String unavailableReason() {
        return dataPlane.unavailableReason();
    }

    /**
     * Extends a failed-over VM's IP: tunnel up (started if needed), IP proxied at both ends with gratuitous ARP, then
     * waits for the first reply from the tenant LAN. Empty when there is no data plane.
     *
     * @throws NetworkExtensionException when the tunnel does not come up or an NEA refuses the change
     */
    public Optional<ExtensionOutcome> extend(long tenantId, long networkId, String ip, String startedBy) {
        Optional<NetworkExtension> extension = dataPlane.extension();
        if (extension.isEmpty()) {
            return Optional.empty();
        }
        Ref ref = ref(tenantId, networkId);
        TunnelStatus tunnel;
        synchronized (lock(networkId)) {
            applianceVms.ensureRunning(ref.network().tenant(), tenantId, ref.info());
            long tunnelTask = tasks.startActive(TaskType.VPN_TUNNEL, tenantId, "VPN Tunnel for " + ref.label(), startedBy, ref.taskKey());
            boolean wasUp = !extension.get().failedOverIps(ref.network()).isEmpty();
            tunnel = extension.get().ensureUp(ref.network());
            if (!wasUp) {
                tasks.info(tunnelTask, null, "NEA VMs running; tunnel up through the Cloud Gateway"
                        + (tunnel.rttMs() == null ? "" : String.format(" (RTT %.2f ms)", tunnel.rttMs())) + ".");
                events.publishEvent(new TunnelStateChanged(tenantId, ref.label(), true));
            }
            extension.get().addFailedOverIp(ref.network(), ip);
            tasks.info(tunnelTask, ip, "Extended to the provider (gratuitous ARP sent on the tenant LAN).");
        }
        return Optional.of(new ExtensionOutcome(tunnel, timeToReachable(ref.network(), ip)));
    }

    /** From now (right after the ARP flip) until the IP first answers from the tenant LAN; null when not within the wait. */
    private Duration timeToReachable(TenantNetworkRef network, String ip) {
        Instant start = Instant.now();
        return reachability.flatMap(check -> check.firstReplyFromTenantLan(network, ip, REACHABLE_WAIT))
                .map(reply -> Duration.between(start, reply)).orElse(null);
    }

    /**
     * Takes a VM's IP back from the provider; the last one out stops the NEA pair, completes the VPN Tunnel task and
     * powers the NEA VMs off (also when an earlier release stopped the tunnel but could not power them off: retries
     * finish the job; a site that cannot be reached is logged, never fails the caller).
     */
    public void release(long tenantId, long networkId, String ip) {
        Optional<NetworkExtension> extension = dataPlane.extension();
        if (extension.isEmpty()) {
            return;
        }
        Ref ref = ref(tenantId, networkId);
        synchronized (lock(networkId)) {
            if (extension.get().failedOverIps(ref.network()).contains(ip)) {
                stopProxying(tenantId, extension.get(), ref, ip);
            }
            if (extension.get().failedOverIps(ref.network()).isEmpty()) {
                powerOffAppliances(tenantId, ref);
            }
        }
    }

    /**
     * An NEA VM left running after the tunnel closed carries nothing; failing the VM's undo or rollback for it (a site
     * that is down) would put a replica that is back to normal in Error. So this warns, and the next release of the
     * network's last VM tries again.
     */
    private void powerOffAppliances(long tenantId, Ref ref) {
        try {
            applianceVms.powerOff(ref.network().tenant(), tenantId, ref.info());
        } catch (NetworkExtensionException e) {
            log.warn("The NEA VMs of {} stay powered on: {}", ref.label(), e.getMessage(), e);
        }
    }

    private void stopProxying(long tenantId, NetworkExtension extension, Ref ref, String ip) {
        extension.removeFailedOverIp(ref.network(), ip);
        Optional<Long> tunnelTask = tasks.findActive(TaskType.VPN_TUNNEL, ref.taskKey());
        tunnelTask.ifPresent(id -> tasks.info(id, ip, "Back on the tenant LAN; no longer proxied to the provider."));
        if (extension.failedOverIps(ref.network()).isEmpty()) {
            extension.stop(ref.network());
            events.publishEvent(new TunnelStateChanged(tenantId, ref.label(), false));
            tunnelTask.ifPresent(id -> tasks.finish(id, TaskState.SUCCEEDED, "The last VM of " + ref.label()
                    + " left failover: both NEAs stopped, tunnel closed."));
        }
    }

    /**
     * Destroys the NEA VMs of a network that was just removed (call after the removal committed: this calls vSphere).
     *
     * @throws NetworkExtensionException when a site cannot be reached; the VMs stay until an administrator removes them
     */
    public void removeAppliances(long tenantId, TenantNetworkInfo removed) {
        TenantSummary tenant = tenancy.findTenant(tenantId).orElseThrow(() -> new IllegalStateException("No tenant " + tenantId));
        synchronized (lock(removed.id())) {
            applianceVms.remove(tenant.name(), tenantId, removed);
        }
        networkLocks.remove(removed.id());
    }

    private Object lock(long networkId) {
        return networkLocks.computeIfAbsent(networkId, id -> new Object());
    }

    /**
     * RFC 5227 probe of the IP on the tenant LAN through the tenant NEA; empty without a data plane. The tenant NEA is a
     * VM at the tenant site: it is cloned or powered on first if needed (the probe runs before any failover started)
     * and powered off again afterwards unless the network is extended meanwhile, in production and in the lab alike.
     *
     * @throws NetworkExtensionException when the tenant NEA VM cannot be started (rolled back) or the probe fails
     */
    public Optional<AddressProbe> probe(long tenantId, long networkId, String ip) {
        Optional<NetworkExtension> extension = dataPlane.extension();
        if (extension.isEmpty()) {
            return Optional.empty();
        }
        Ref ref = ref(tenantId, networkId);
        synchronized (lock(networkId)) {
            boolean poweredOn = applianceVms.ensureTenantNeaRunning(ref.network().tenant(), tenantId, ref.info());
            try {
                ProbeResult result = extension.get().probe(ref.network(), ip);
                return Optional.of(new AddressProbe(result.ip(), result.answered(), result.mac()));
            } finally {
                if (poweredOn && extension.get().failedOverIps(ref.network()).isEmpty()) {
                    powerOffTenantNea(tenantId, ref);
                }
            }
        }
    }

    private void powerOffTenantNea(long tenantId, Ref ref) {
        try {
            applianceVms.powerOffTenantNea(ref.network().tenant(), tenantId, ref.info());
        } catch (NetworkExtensionException e) {
            log.warn("The tenant NEA VM of {} stays powered on after the probe: {}", ref.label(), e.getMessage(), e);
        }
    }

    /** The tunnels of one tenant (tenantId) or of every tenant (null). */
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
            return new TunnelInfo(tenant.id(), tenant.displayName(), network.label(), null, List.of(), -1, -1);
        }
        TenantNetworkRef ref = new TenantNetworkRef(network.id(), tenant.name(), network.subnet(), network.gateway(), network.vlan());
        try {
            List<String> ips = extension.get().failedOverIps(ref).stream().sorted().toList();
            TunnelStatus status = ips.isEmpty() ? null : extension.get().status(ref);
            Optional<TunnelRelay.RelayCounters> relay = extension.get().relayCounters(ref);
            return new TunnelInfo(tenant.id(), tenant.displayName(), network.label(), status, ips,
                    relay.map(c -> c.bytesIn() + c.bytesOut()).orElse(-1L), relay.map(c -> c.packetsIn() + c.packetsOut()).orElse(-1L));
        } catch (RuntimeException e) {
            log.warn("Cannot read the tunnel of {} {}: {}", tenant.name(), network.label(), e.getMessage());
            return new TunnelInfo(tenant.id(), tenant.displayName(), network.label(), TunnelStatus.DOWN, List.of(), -1, -1);
        }
    }

    private Ref ref(long tenantId, long networkId) {
        TenantSummary tenant = tenancy.findTenant(tenantId).orElseThrow(() -> new IllegalStateException("No tenant " + tenantId));
        TenantNetworkInfo network = networks.find(networkId).filter(n -> n.tenantId() == tenantId)
                .orElseThrow(() -> new IllegalStateException("Tenant " + tenant.name() + " has no network " + networkId));
        return new Ref(new TenantNetworkRef(network.id(), tenant.name(), network.subnet(), network.gateway(), network.vlan()), network,
                tenant.name() + " " + network.label(), "vpn:" + tenantId + ":" + networkId);
    }

    private record Ref(TenantNetworkRef network, TenantNetworkInfo info, String label, String taskKey) {
    }
}
