package io.lifeboat.provider;

import io.lifeboat.network.ApplianceResources;
import io.lifeboat.network.TunnelViews;
import io.lifeboat.network.TunnelInfo;
import io.lifeboat.replica.ReplicaFilter;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ReplicaRowQuery;
import io.lifeboat.replica.ReplicaSort;
import io.lifeboat.replica.ReplicaState;
import io.lifeboat.tenancy.CurrentTenant;
import io.lifeboat.tenancy.TenancyService;
import io.lifeboat.tenancy.TenantSummary;
import java.util.ArrayList;
import io.lifeboat.tasks.Figure;
import io.lifeboat.tasks.FigureInfo;
import io.lifeboat.tasks.TaskService;
import io.lifeboat.tasks.TaskType;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** What the provider's dashboard shows: every tenant with its quota use and NEA appliances, every VM not Ready, every tunnel. Provider only. */
@Service
@Transactional(readOnly = true)
public class ProviderDashboardService {

    private final CurrentTenant currentTenant;
    private final ReplicaRowQuery rows;
    private final TenancyService tenancy;
    private final TunnelViews tunnelViews;
    private final TaskService tasks;

    ProviderDashboardService(CurrentTenant currentTenant, ReplicaRowQuery rows, TenancyService tenancy, TunnelViews tunnelViews,
                             TaskService tasks) {
        this.tasks = tasks;
        this.currentTenant = currentTenant;
        this.rows = rows;
        this.tenancy = tenancy;
        this.tunnelViews = tunnelViews;
    }

    /**
     * Every tenant with its replica counts, quota use and what its NEA appliances use (provider only). Reads vCenter,
     * so outside this transaction.
     */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public List<TenantOverview> tenants() {
        currentTenant.requireProvider();
        return overviewOf(tunnelViews.tunnels(null));
    }

    /**
     * {@link #tenants()} and {@link #allTunnels()} from one read of every network's NEA VMs, as the dashboard shows
     * them together (provider only). Reads vCenter, so outside this transaction.
     */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public TenantsAndTunnels tenantsAndTunnels() {
        currentTenant.requireProvider();
        List<TunnelInfo> all = tunnelViews.tunnels(null);
        return new TenantsAndTunnels(overviewOf(all), all);
    }

    private List<TenantOverview> overviewOf(List<TunnelInfo> allTunnels) {
        Map<Long, List<TunnelInfo>> tunnels = allTunnels.stream().collect(Collectors.groupingBy(TunnelInfo::tenantId));
        List<TenantOverview> overview = new ArrayList<>();
        for (TenantSummary tenant : tenancy.listTenants()) {
            ReplicaFilter all = ReplicaFilter.none();
            List<ReplicaRow> busy = rows.page(tenant.id(), all, true, List.of(), 0, Integer.MAX_VALUE);
            long errors = busy.stream().filter(r -> r.state() == ReplicaState.ERROR).count();
            List<TunnelInfo> extended = tunnels.getOrDefault(tenant.id(), List.of()).stream().filter(t -> t.status() != null).toList();
            overview.add(new TenantOverview(tenant.id(), tenant.name(), tenant.displayName(), rows.count(tenant.id(), all, false),
                    busy.size() - errors, errors, busy.stream().mapToInt(ReplicaRow::cpus).sum(), tenant.plan().cpus(),
                    busy.stream().mapToInt(ReplicaRow::memoryMb).sum(), tenant.plan().memoryMb(),
                    appliances(extended), extended.size(), (int) extended.stream().filter(TunnelInfo::warm).count()));
        }
        return overview;
    }

    /** The sum over the networks; null (unknown) when any network's NEA VMs could not be read, rather than too little. */
    private static ApplianceResources appliances(List<TunnelInfo> extended) {
        ApplianceResources sum = ApplianceResources.NONE;
        for (TunnelInfo tunnel : extended) {
            if (tunnel.appliances() == null) {
                return null;
            }
            sum = sum.plus(tunnel.appliances());
        }
        return sum;
    }

    /** Every tenant's tunnels with what their NEA VMs use (provider only). Reads vCenter, so outside this transaction. */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public List<TunnelInfo> allTunnels() {
        currentTenant.requireProvider();
        return tunnelViews.tunnels(null);
    }

    /** Every replica not Ready (in failover, failing back, in error) across tenants, optionally of one tenant (provider only). */
    public List<ReplicaRow> replicasInFailover(Long tenantId) {
        currentTenant.requireProvider();
        return rows.page(tenantId, ReplicaFilter.none(), true, List.of(new ReplicaSort("stateSince", false)), 0, 1000);
    }

    /** Failovers started per day over the last {@code days} days, every tenant (provider only). */
    public SortedMap<LocalDate, Long> failoversPerDay(int days) {
        currentTenant.requireProvider();
        return tasks.startedPerDay(TaskType.CLOUD_FAILOVER, days);
    }

    /** Every time-to-reachable recorded, by tenant id (provider only); the dashboard draws median and worst. */
    public Map<Long, List<Double>> timesToReachableByTenant() {
        currentTenant.requireProvider();
        return tasks.figures(Figure.TIME_TO_REACHABLE_MS, null).stream().filter(f -> f.tenantId() != null)
                .collect(Collectors.groupingBy(FigureInfo::tenantId, TreeMap::new, Collectors.mapping(FigureInfo::value, Collectors.toList())));
    }

    /** Why networks are not extended on this installation; null when they are (provider only). */
    public String networkExtensionUnavailableReason() {
        currentTenant.requireProvider();
        return tunnelViews.unavailableReason();
    }
}
