package io.lifeboat.network;

import io.lifeboat.appliance.ControlRpc;
import io.lifeboat.appliance.NeaRole;
import io.lifeboat.tenancy.CurrentTenant;
import java.time.Instant;
import java.util.List;
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

    /** The copies some node refused within three heartbeats, by appliance; provider only. */
    @Transactional(readOnly = true)
    public List<ApplianceCopy> refusedCopies() {
        currentTenant.requireProvider();
        return connections.refusedCopies().stream().flatMap(copy -> TenantNetworkRef.parseApplianceId(copy.applianceId())
                .map(nea -> new ApplianceCopy(ControlRpc.tenantOf(copy.applianceId()), networkName(nea.networkId()), nea.role(),
                        copy.heldFrom(), copy.refusedFrom(), copy.lastRefused())).stream()).toList();
    }

    /**
     * The copies of the current tenant's own NEAs, those at its site, which only it can delete: of its networks only,
     * by the network's tenant on record. A tenant's users only.
     */
    @Transactional(readOnly = true)
    public List<ApplianceCopy> copiesAtMySite() {
        long tenantId = currentTenant.get().requireTenantId();
        return connections.refusedCopies().stream().flatMap(copy -> TenantNetworkRef.parseApplianceId(copy.applianceId())
                .filter(nea -> nea.role() == NeaRole.TENANT).flatMap(nea -> networks.findById(nea.networkId())
                        .filter(network -> network.getTenantId() == tenantId)
                        .map(network -> new ApplianceCopy(ControlRpc.tenantOf(copy.applianceId()), network.getName(), nea.role(),
                                copy.heldFrom(), copy.refusedFrom(), copy.lastRefused()))).stream()).toList();
    }

    private String networkName(long networkId) {
        return networks.findById(networkId).map(TenantNetwork::getName).orElse("#" + networkId);
    }
}
