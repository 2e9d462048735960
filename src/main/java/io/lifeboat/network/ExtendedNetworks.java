package io.lifeboat.network;

import io.lifeboat.tenancy.TenancyService;
import io.lifeboat.tenancy.TenantSummary;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What this portal node holds of the tenants' networks, shared by the services that extend, probe, keep and show them:
 * one lock per network, which serialises every call that starts, stops, probes or keeps its NEAs (two parallel
 * failovers must not clone its NEAs twice), and which networks this node brought up and has not stopped (warm or in
 * use).
 */
@Component
class ExtendedNetworks {

    private static final Logger log = LoggerFactory.getLogger(ExtendedNetworks.class);

    private final TenantNetworkService networks;
    private final TenancyService tenancy;
    private final Map<Long, Object> locks = new ConcurrentHashMap<>();
    private final Set<Long> up = ConcurrentHashMap.newKeySet();

    ExtendedNetworks(TenantNetworkService networks, TenancyService tenancy) {
        this.networks = networks;
        this.tenancy = tenancy;
    }

    /** A tenant network as the extension's calls, logs and tasks name it. */
    record Ref(long tenantId, TenantNetworkRef network, TenantNetworkInfo info, String label, String taskKey) {
    }

    /** What the VPN Tunnel task of a tenant network is about: one ACTIVE task per network. */
    static String tunnelTaskKey(long tenantId, long networkId) {
        return "vpn:" + tenantId + ":" + networkId;
    }

    /** @throws IllegalStateException when the tenant has no such network (callers have checked the tenant already) */
    Ref ref(long tenantId, long networkId) {
        TenantSummary tenant = tenancy.findTenant(tenantId).orElseThrow(() -> new IllegalStateException("No tenant " + tenantId));
        TenantNetworkInfo network = networks.find(networkId).filter(n -> n.tenantId() == tenantId)
                .orElseThrow(() -> new IllegalStateException("Tenant " + tenant.name() + " has no network " + networkId));
        return new Ref(tenantId, TenantNetworkRef.of(tenant.name(), network),
                network, tenant.name() + " " + network.label(), tunnelTaskKey(tenantId, networkId));
    }

    Object lock(long networkId) {
        return locks.computeIfAbsent(networkId, id -> new Object());
    }

    /** The network was removed: its lock goes too. */
    void forget(long networkId) {
        locks.remove(networkId);
    }

    boolean isUp(long networkId) {
        return up.contains(networkId);
    }

    /** @return true when this node had not brought it up yet */
    boolean markUp(long networkId) {
        return up.add(networkId);
    }

    /** @return true when this node had brought it up */
    boolean markDown(long networkId) {
        return up.remove(networkId);
    }

    /**
     * Up on this node (warm, or extending failed-over VMs), or holding failed-over IPs: its NEAs follow the tunnel's
     * life. After a portal restart a connected tenant NEA is asked what it extends first; one that does not answer may
     * extend replicas, so the network counts as in use.
     */
    boolean inUse(NetworkExtension extension, Ref ref) {
        return isUp(ref.info().id()) || !knowsWhatItExtends(extension, ref) || !extension.failedOverIps(ref.network()).isEmpty();
    }

    /**
     * After a portal restart a connected tenant NEA is asked which IPs it extends (once), so a network that still carries
     * replicas is not taken for idle; false, logged, when it does not answer: its NEAs are then left as they are.
     */
    boolean knowsWhatItExtends(NetworkExtension extension, Ref ref) {
        try {
            extension.adopt(ref.network());
            return true;
        } catch (NetworkExtensionException e) {
            log.warn("The tenant NEA of {} did not say which IPs it extends; its NEAs are left as they are: {}", ref.label(), e.getMessage(), e);
            return false;
        }
    }
}
