package io.lifeboat.failover;

import io.lifeboat.inventory.InventoryService;
import io.lifeboat.inventory.RestorePointView;
import io.lifeboat.inventory.SyncResult;
import io.lifeboat.network.NetworkExtensionService;
import io.lifeboat.network.TunnelView;
import io.lifeboat.tenancy.CurrentTenant;
import io.lifeboat.tenancy.TenancyService;
import io.lifeboat.tenancy.TenantContext;
import io.lifeboat.tenancy.TenantSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Read side of replicas for the UI. Tenant users see their own tenant's replicas only; the provider sees every
 * tenant's on the dashboard. Scoping is decided here from the session, never from an id the browser sent.
 */
@Service
@Transactional(readOnly = true)
public class ReplicaOverviewService {

    private final CurrentTenant currentTenant;
    private final ReplicaRowQuery rows;
    private final InventoryService inventory;
    private final TenancyService tenancy;
    private final NetworkExtensionService extensions;

    ReplicaOverviewService(CurrentTenant currentTenant, ReplicaRowQuery rows, InventoryService inventory, TenancyService tenancy,
                           NetworkExtensionService extensions) {
        this.extensions = extensions;
        this.currentTenant = currentTenant;
        this.rows = rows;
        this.inventory = inventory;
        this.tenancy = tenancy;
    }

    public List<ReplicaRow> list(ReplicaFilter filter, List<ReplicaSort> sorts, int offset, int limit) {
        return rows.page(currentTenant.get().requireTenantId(), filter, false, sorts, offset, limit);
    }

    public int count(ReplicaFilter filter) {
        return rows.count(currentTenant.get().requireTenantId(), filter, false);
    }

    /** The replica if it is the current tenant's; empty otherwise, exactly as if it did not exist. */
    public Optional<ReplicaRow> find(long replicaId) {
        return rows.find(currentTenant.get().requireTenantId(), replicaId);
    }

    /** Restore points of one of the current tenant's replicas, newest first. */
    public List<RestorePointView> restorePoints(long replicaId) {
        return inventory.restorePoints(currentTenant.get().requireTenantId(), replicaId);
    }

    /**
     * Syncs the current tenant's inventory from vCenter now. Operators only: a sync writes the database and loads
     * vCenter, and viewers already see the inventory of the scheduled sync.
     */
    @Transactional(readOnly = false)
    public SyncResult refresh() {
        return inventory.sync(currentTenant.requireOperator().requireTenantId());
    }

    public String tenantDisplayName() {
        TenantContext context = currentTenant.get();
        return context.isProvider() ? "Provider" : tenancy.findTenant(context.requireTenantId()).map(TenantSummary::displayName).orElse(context.tenantName());
    }

    /** The current tenant's network extensions: tunnel state, RTT, traffic. */
    public List<TunnelView> tunnels() {
        return extensions.tunnels(currentTenant.get().requireTenantId());
    }

    /** Why networks are not extended on this installation; null when they are. */
    public String networkExtensionUnavailableReason() {
        currentTenant.get(); // for logged-in users only, like everything here
        return extensions.unavailableReason();
    }

    // --- provider -----------------------------------------------------------------------------------------------

    /** Every tenant with its replica counts and quota use (provider only). */
    public List<TenantOverview> tenants() {
        currentTenant.requireProvider();
        List<TenantOverview> overview = new ArrayList<>();
        for (TenantSummary tenant : tenancy.listTenants()) {
            ReplicaFilter all = ReplicaFilter.none();
            List<ReplicaRow> busy = rows.page(tenant.id(), all, true, List.of(), 0, Integer.MAX_VALUE);
            long errors = busy.stream().filter(r -> r.state() == ReplicaState.ERROR).count();
            overview.add(new TenantOverview(tenant.id(), tenant.name(), tenant.displayName(), rows.count(tenant.id(), all, false),
                    busy.size() - errors, errors, busy.stream().mapToInt(ReplicaRow::cpus).sum(), tenant.plan().cpus(),
                    busy.stream().mapToInt(ReplicaRow::memoryMb).sum(), tenant.plan().memoryMb()));
        }
        return overview;
    }

    /** Every tenant's tunnels (provider only). */
    public List<TunnelView> allTunnels() {
        currentTenant.requireProvider();
        return extensions.tunnels(null);
    }

    /** Every replica not Ready (in failover, failing back, in error) across tenants, optionally of one tenant (provider only). */
    public List<ReplicaRow> replicasInFailover(Long tenantId) {
        currentTenant.requireProvider();
        return rows.page(tenantId, ReplicaFilter.none(), true, List.of(new ReplicaSort("stateSince", false)), 0, 1000);
    }
}
