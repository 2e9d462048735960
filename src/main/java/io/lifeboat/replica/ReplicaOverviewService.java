package io.lifeboat.replica;

import io.lifeboat.audit.Audited;
import io.lifeboat.inventory.InventoryService;
import io.lifeboat.inventory.PlacedSitesHealth;
import io.lifeboat.inventory.RestorePointInfo;
import io.lifeboat.inventory.SyncResult;
import io.lifeboat.network.ApplianceCopyService;
import io.lifeboat.network.KeptTenantNeas;
import io.lifeboat.network.TunnelViews;
import io.lifeboat.network.TunnelHistoryService;
import io.lifeboat.network.TunnelInfo;
import io.lifeboat.network.TunnelReading;
import io.lifeboat.tasks.Figure;
import io.lifeboat.tasks.FigureInfo;
import io.lifeboat.tasks.TaskService;
import io.lifeboat.tenancy.CurrentTenant;
import io.lifeboat.tenancy.TenancyService;
import io.lifeboat.tenancy.TenantContext;
import io.lifeboat.tenancy.TenantSummary;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The replica read model for the tenant's pages: replicas with their state, restore points, tunnels. Tenant users see
 * their own tenant's replicas only; scoping is decided here from the session, never from an id the browser sent.
 */
@Service
@Transactional(readOnly = true)
public class ReplicaOverviewService {

    private final CurrentTenant currentTenant;
    private final KeptTenantNeas keptTenantNeas;
    private final ApplianceCopyService copies;
    private final ReplicaRowQuery rows;
    private final InventoryService inventory;
    private final TenancyService tenancy;
    private final TunnelViews tunnelViews;
    private final TaskService tasks;
    private final TunnelHistoryService tunnelHistory;

    ReplicaOverviewService(CurrentTenant currentTenant, ReplicaRowQuery rows, InventoryService inventory, TenancyService tenancy,
                           TunnelViews tunnelViews, TaskService tasks, TunnelHistoryService tunnelHistory,
                           KeptTenantNeas keptTenantNeas, ApplianceCopyService copies) {
        this.keptTenantNeas = keptTenantNeas;
        this.copies = copies;
        this.tunnelHistory = tunnelHistory;
        this.tasks = tasks;
        this.tunnelViews = tunnelViews;
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

    /** This replica's failovers: time-to-reachable of each, oldest first (figures its failover tasks recorded). */
    public List<FigureInfo> timesToReachable(long replicaId) {
        return find(replicaId).map(replica -> tasks.figures(Figure.TIME_TO_REACHABLE_MS, replica.vmName())).orElse(List.of());
    }

    /** This replica's failbacks: the transfer rate sampled during each copy, oldest first. */
    public List<FigureInfo> failbackRates(long replicaId) {
        return find(replicaId).map(replica -> tasks.figures(Figure.TRANSFER_RATE_BYTES_PER_S, replica.vmName())).orElse(List.of());
    }

    /** The replica if it is the current tenant's; empty otherwise, exactly as if it did not exist. */
    public Optional<ReplicaRow> find(long replicaId) {
        return rows.find(currentTenant.get().requireTenantId(), replicaId);
    }

    /** The progress of the operation running on one of the current tenant's replicas, if one runs. */
    public Optional<OperationProgress> progress(long replicaId) {
        return find(replicaId).filter(row -> row.state().isBusy() && row.taskId() != null).flatMap(row -> tasks.find(row.taskId()))
                .map(task -> new OperationProgress(task.id(), task.progress(), task.progressDetail()));
    }

    /** How the current tenant's sites did at their last check (each minute), or empty before the tenant is placed. */
    public Optional<PlacedSitesHealth> sitesHealth() {
        return inventory.sitesHealth(currentTenant.get().requireTenantId());
    }

    /** Restore points of one of the current tenant's replicas, newest first. */
    public List<RestorePointInfo> restorePoints(long replicaId) {
        return inventory.restorePoints(currentTenant.get().requireTenantId(), replicaId);
    }

    /**
     * Syncs the current tenant's inventory from vCenter now. Operators only: a sync writes the database and loads
     * vCenter, and viewers already see the inventory of the scheduled sync. Outside this read-only transaction, as no
     * vCenter call may run in one.
     */
    @Audited("Sync inventory")
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public SyncResult refresh() {
        return inventory.sync(currentTenant.requireOperator().requireTenantId());
    }

    public String tenantDisplayName() {
        TenantContext context = currentTenant.get();
        return context.isProvider() ? "Provider" : tenancy.findTenant(context.requireTenantId()).map(TenantSummary::displayName).orElse(context.tenantName());
    }

    /** Copies of the current tenant's NEAs (a cloned NEA VM at its site) that the portal refuses: they must be deleted. */
    public List<ApplianceCopyService.ApplianceCopy> neaCopies() {
        return copies.copiesAtMySite();
    }

    /** The current tenant's network extensions: tunnel state, RTT, traffic, what their NEA VMs use (read from vCenter, so outside this transaction). */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public List<TunnelInfo> tunnels() {
        return tunnelViews.tunnels(currentTenant.get().requireTenantId());
    }

    /**
     * Whether the current tenant's network {@code networkId} keeps its tenant NEA running between failovers (on the
     * tenant's own hosts): a failover started without the wizard then boots only the provider NEA. Operators only.
     *
     * @return the Administration task that reports the outcome
     * @throws io.lifeboat.network.UnknownNetworkException when the tenant has no such network
     */
    @Audited(value = "Keep the tenant NEA running", result = "task")
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public long keepTenantNeaRunning(long networkId, boolean keep) {
        TenantContext operator = currentTenant.requireOperator();
        return keptTenantNeas.keepRunning(operator.requireTenantId(), networkId, keep, operator.username());
    }

    /** The current tenant's tunnel RTT and traffic over the last {@code window}, oldest first. */
    public List<TunnelReading> tunnelHistory(Duration window) {
        return tunnelHistory.history(currentTenant.get().requireTenantId(), window);
    }

    /** Why networks are not extended on this installation; null when they are. */
    public String networkExtensionUnavailableReason() {
        currentTenant.get(); // for logged-in users only, like everything here
        return tunnelViews.unavailableReason();
    }
}
