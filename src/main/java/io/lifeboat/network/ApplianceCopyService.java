package io.lifeboat.network;

import io.lifeboat.appliance.ControlRpc;
import io.lifeboat.appliance.NeaRole;
import io.lifeboat.tenancy.CurrentTenant;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Copies of NEAs the portal refuses, for the provider: a second process presenting an NEA's certificate (its VM or
 * disk cloned) while the NEA holding the stream answers (ADR 0005). The copy stands down by itself; the provider, and
 * the tenant whose site it runs at, are told where it runs so that it can be deleted.
 */
@Service
public class ApplianceCopyService {

    /** A copy of tenant {@code tenant}'s NEA of {@code role} for network {@code network}, dialling from {@code refusedFrom}. */
    public record ApplianceCopy(String tenant, String network, NeaRole role, String heldFrom, String refusedFrom, Instant lastSeen) {
    }

    private final ApplianceConnections connections;
    private final TenantNetworkRepository networks;
    private final CurrentTenant currentTenant;

    ApplianceCopyService(ApplianceConnections connections, TenantNetworkRepository networks, CurrentTenant currentTenant) {
        this.connections = connections;
        this.networks = networks;
        this.currentTenant = currentTenant;
    }

    /** The copies some node refused and that still dial ({@link ApplianceConnections#refusedCopies}), by appliance; provider only. */
    @Transactional(readOnly = true)
    public List<ApplianceCopy> refusedCopies() {
        currentTenant.requireProvider();
        return located().stream().map(Located::copy).toList();
    }

    /**
     * The copies of the current tenant's own NEAs, those at its site, which only it can delete: of its networks only,
     * by the network's tenant on record. A tenant's users only.
     */
    @Transactional(readOnly = true)
    public List<ApplianceCopy> copiesAtMySite() {
        long tenantId = currentTenant.get().requireTenantId();
        return located().stream().filter(l -> l.copy().role() == NeaRole.TENANT && Long.valueOf(tenantId).equals(l.tenantId()))
                .map(Located::copy).toList();
    }

    /** A copy with the tenant its network belongs to on record; null for a network no longer on record. */
    private record Located(ApplianceCopy copy, Long tenantId) {
    }

    private List<Located> located() {
        return connections.refusedCopies().stream().flatMap(copy -> TenantNetworkRef.parseApplianceId(copy.applianceId()).map(nea -> {
            Optional<TenantNetwork> network = networks.findById(nea.networkId());
            return new Located(new ApplianceCopy(ControlRpc.tenantOf(copy.applianceId()),
                    network.map(TenantNetwork::getName).orElse("#" + nea.networkId()), nea.role(), copy.heldFrom(), copy.refusedFrom(),
                    copy.lastRefused()), network.map(TenantNetwork::getTenantId).orElse(null));
        }).stream()).toList();
    }
}
