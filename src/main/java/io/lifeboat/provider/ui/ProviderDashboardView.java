package io.lifeboat.provider.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import io.lifeboat.inventory.SiteService;
import io.lifeboat.inventory.ui.SiteProblems;
import io.lifeboat.network.ApplianceResources;
import io.lifeboat.network.GatewayHostService;
import io.lifeboat.network.ApplianceCopyService;
import io.lifeboat.network.ui.ApplianceCopyNotices;
import io.lifeboat.network.ui.GatewayHostProblems;
import io.lifeboat.network.ui.NeaCertificateNotices;
import io.lifeboat.network.ui.TunnelGrid;
import io.lifeboat.provider.ProviderDashboardService;
import io.lifeboat.provider.TenantOverview;
import io.lifeboat.provider.TenantsAndTunnels;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ui.StateBadge;
import io.lifeboat.ui.Formats;
import io.lifeboat.ui.Chart;
import io.lifeboat.ui.MainLayout;
import io.lifeboat.ui.RelativeTime;
import io.lifeboat.ui.ScreenWidth;
import io.lifeboat.ui.UiTicker;
import io.lifeboat.ui.UiBackground;
import io.lifeboat.ui.UiBroadcaster;
import jakarta.annotation.security.RolesAllowed;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The provider's view of every tenant: counts, quota use and NEA appliances, and every VM in failover with its tenant and
 * since when; above them, any site whose vCenter fails its checks, and any NEA whose control certificate did not renew.
 */
@Route(value = "provider", layout = MainLayout.class)
@PageTitle("Provider dashboard · Lifeboat")
@RolesAllowed("PROVIDER_ADMIN")
public class ProviderDashboardView extends VerticalLayout {

    private final ProviderDashboardService overview;
    private final UiBroadcaster broadcaster;
    private final UiTicker ticker;
    private final Grid<TenantOverview> tenants = new Grid<>();
    private final Grid<ReplicaRow> inFailover = new Grid<>();
    private final ComboBox<TenantOverview> tenantFilter = new ComboBox<>();
    private final Div tunnels = new Div();
    private final Div totals = new Div();
    private final Div charts = new Div();
    private final SiteProblems siteProblems = new SiteProblems("site-problems");
    private final GatewayHostProblems gatewayHostProblems = new GatewayHostProblems("gateway-host-problems");
    private final ApplianceCopyNotices applianceCopies = new ApplianceCopyNotices("appliance-copies");
    private final NeaCertificateNotices neaCertificates = new NeaCertificateNotices("nea-certificates");
    private final GatewayHostService gatewayHosts;
    private final ApplianceCopyService copies;
    private final SiteService sites;
    private final UiBackground background;
    private Map<Long, String> tenantNames = Map.of();
    private Registration liveUpdates;
    private Registration siteUpdates;
    private Registration gatewayHostUpdates;

    public ProviderDashboardView(ProviderDashboardService overview, SiteService sites, UiBroadcaster broadcaster, UiBackground background,
                                 UiTicker ticker, GatewayHostService gatewayHosts, ApplianceCopyService copies) {
        this.overview = overview;
        this.gatewayHosts = gatewayHosts;
        this.copies = copies;
        this.sites = sites;
        this.background = background;
        this.ticker = ticker;
        this.broadcaster = broadcaster;
        addClassName("lb-page");
        tenants.setId("tenant-grid");
        tenants.addColumn(TenantOverview::displayName).setHeader("Tenant").setAutoWidth(true);
        var replicas = tenants.addColumn(TenantOverview::replicas).setHeader("Replicas").setAutoWidth(true);
        tenants.addColumn(TenantOverview::inFailover).setHeader("In failover").setAutoWidth(true);
        var errors = tenants.addColumn(TenantOverview::errors).setHeader("Errors").setAutoWidth(true);
        var cpus = tenants.addColumn(t -> t.usedCpus() + " / " + t.quotaCpus()).setHeader("vCPU used / plan").setAutoWidth(true);
        var memory = tenants.addColumn(t -> Formats.memory(t.usedMemoryMb()) + " / " + Formats.memory(t.quotaMemoryMb())).setHeader("RAM used / plan").setAutoWidth(true);
        // short in the row, so the grid fits a laptop's width; the totals line and, on a phone, the row's details say it in full.
        // It takes the room the others leave and wraps there ("… (1 of 2 networks warm)"), so With NEAs is never cut off.
        var appliances = tenants.addColumn(t -> appliances(t, true)).setHeader("NEA appliances").setWidth("9rem").setFlexGrow(1);
        var inAll = tenants.addColumn(t -> resources(t.inAll())).setHeader("With NEAs").setAutoWidth(true).setFlexGrow(0);
        tenants.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
        tenants.setAllRowsVisible(true);
        tenants.setItemDetailsRenderer(new ComponentRenderer<>(t -> details(t.replicas() + " replicas, " + t.errors() + " in error, " + t.usedCpus() + " of " + t.quotaCpus() + " vCPU, "
                + Formats.memory(t.usedMemoryMb()) + " of " + Formats.memory(t.quotaMemoryMb()) + " RAM in use; NEA appliances: " + appliances(t, false)
                + "; in all " + resources(t.inAll()))));
        ScreenWidth.hideWhenNarrow(tenants, replicas, errors, cpus, memory, appliances, inAll);
        totals.setId("resource-totals");

        tenantFilter.setPlaceholder("All tenants");
        tenantFilter.setAriaLabel("Tenant");
        tenantFilter.setClearButtonVisible(true);
        tenantFilter.setItemLabelGenerator(TenantOverview::displayName);
        tenantFilter.setId("failover-tenant-filter");
        tenantFilter.addValueChangeListener(e -> refreshFailovers());
        inFailover.setId("in-failover-grid");
        inFailover.setEmptyStateText("No VM is in failover.");
        inFailover.addColumn(row -> tenantNames.getOrDefault(row.tenantId(), "?")).setHeader("Tenant").setWidth("7rem").setFlexGrow(1);
        inFailover.addColumn(ReplicaRow::vmName).setHeader("VM").setWidth("6rem").setFlexGrow(1);
        inFailover.addComponentColumn(StateBadge::new).setHeader("State").setWidth("7rem").setFlexGrow(1);
        var ip = inFailover.addColumn(ReplicaRow::ipAddress).setHeader("IP").setAutoWidth(true);
        var since = inFailover.addComponentColumn(row -> new RelativeTime(row.stateSince(), ticker)).setHeader("Since").setAutoWidth(true);
        var startedBy = inFailover.addColumn(ReplicaRow::startedBy).setHeader("Started by").setAutoWidth(true);
        var error = inFailover.addColumn(ReplicaRow::errorMessage).setHeader("Error");
        inFailover.setAllRowsVisible(true);
        inFailover.setItemDetailsRenderer(new ComponentRenderer<>(row -> details("IP " + row.ipAddress() + " · since "
                + Formats.time(row.stateSince()) + " · started by " + row.startedBy() + (row.errorMessage() == null ? "" : " · " + row.errorMessage()))));
        ScreenWidth.hideWhenNarrow(inFailover, ip, since, startedBy, error);

        charts.addClassName("lb-charts");
        add(new H2("Provider dashboard"), siteProblems, gatewayHostProblems, applianceCopies, neaCertificates, new H3("Tenants"), tenants, totals, new H3("VMs in failover"), tenantFilter, inFailover,
                new H3("Failovers"), charts, new H3("VPN tunnels"), tunnels);
        totals.setText("Reading the tenants' figures…");   // the read asks vCenter
        tunnels.add(UiBackground.pending("tunnels-reading", "Reading the VPN tunnels…"));
    }

    /**
     * e.g. "2 VMs, 2 vCPU, 1 GiB (warm, no VM failed over)", or "(warm)" when {@code brief}: the NEA VMs of the tenant's
     * extended networks and why they run, so the provider sees what warming costs apart from what failed-over VMs need.
     */
    static String appliances(TenantOverview tenant, boolean brief) {
        String used = TunnelGrid.appliances(tenant.appliances());
        if (tenant.appliances() == null || tenant.appliances().vms() == 0) {
            return used;
        }
        if (tenant.warmNetworks() == tenant.extendedNetworks()) {
            return used + (brief ? " (warm)" : " (warm, no VM failed over)");
        }
        if (tenant.warmNetworks() == 0) {
            return used + (brief ? " (in use)" : " (extending failed-over VMs)");
        }
        return used + " (" + tenant.warmNetworks() + " of " + tenant.extendedNetworks() + " networks warm" + (brief ? ")" : ", no VM failed over)");
    }

    /** e.g. "4 vCPU, 3 GiB". */
    static String resources(ApplianceResources used) {
        return used.cpus() + " vCPU, " + Formats.memory(used.memoryMb());
    }

    /** Every tenant together: VMs in failover, NEA appliances (how many of their networks are warm) and the sum. */
    static String totals(List<TenantOverview> all) {
        ApplianceResources vms = ApplianceResources.NONE;
        ApplianceResources appliances = ApplianceResources.NONE;
        int warm = 0;
        boolean unknown = false;
        for (TenantOverview tenant : all) {
            vms = vms.plus(new ApplianceResources((int) (tenant.inFailover() + tenant.errors()), tenant.usedCpus(), tenant.usedMemoryMb()));
            unknown |= tenant.appliances() == null;
            appliances = appliances.plus(tenant.appliances() == null ? ApplianceResources.NONE : tenant.appliances());
            warm += tenant.warmNetworks();
        }
        return "All tenants: " + resources(vms) + " for " + count(vms.vms(), "VM") + " in failover + " + resources(appliances) + " for "
                + count(appliances.vms(), "NEA appliance") + " (" + count(warm, "network") + " warm, no VM failed over)"
                + " = " + resources(vms.plus(appliances)) + " in all" + (unknown ? " (some NEA appliances could not be read from vCenter)" : "") + ".";
    }

    private static String count(int n, String thing) {
        return n + " " + thing + (n == 1 ? "" : "s");
    }

    private static Div details(String text) {
        Div details = new Div(new Span(text));
        details.addClassName("lb-details");
        return details;
    }

    /** Tenants with their NEA appliances, and every tunnel: read from vCenter and the appliances. */
    private record Snapshot(TenantsAndTunnels read, String unavailableReason) {
    }

    private Snapshot read() {
        return new Snapshot(overview.tenantsAndTunnels(), overview.networkExtensionUnavailableReason());
    }

    private void unreadable(String message) {
        totals.setText("The tenants' figures cannot be shown now: " + message);
    }

    private void show(Snapshot snapshot) {
        List<TenantOverview> all = snapshot.read().tenants();
        tenantNames = all.stream().collect(Collectors.toMap(TenantOverview::tenantId, TenantOverview::displayName));
        tenants.setItems(all);
        totals.setText(totals(all));
        TenantOverview selected = tenantFilter.getValue();
        tenantFilter.setItems(all);
        if (selected != null) {
            all.stream().filter(t -> t.tenantId() == selected.tenantId()).findFirst().ifPresent(tenantFilter::setValue);
        }
        refreshFailovers();
        refreshCharts();
        tunnels.removeAll();
        tunnels.add(new TunnelGrid(snapshot.read().tunnels(), snapshot.unavailableReason(), true));
        neaCertificates.show(snapshot.read().tunnels());
    }

    /** Failovers per day over two weeks; time-to-reachable per tenant, median and worst. */
    private void refreshCharts() {
        charts.removeAll();
        List<Chart.Bar> perDay = overview.failoversPerDay(14).entrySet().stream()
                .map(day -> new Chart.Bar("Failovers", day.getKey().format(DateTimeFormatter.ofPattern("MM-dd")), day.getValue())).toList();
        long total = perDay.stream().mapToLong(bar -> (long) bar.value()).sum();
        charts.add(Chart.counts("chart-failovers-per-day", "Failovers per day", "failovers", perDay,
                count((int) total, "failover") + " in the last 14 days.", "none yet"));
        List<Chart.Bar> reachable = new ArrayList<>();
        StringBuilder caption = new StringBuilder();
        overview.timesToReachableByTenant().forEach((tenantId, millis) -> {
            String tenant = tenantNames.getOrDefault(tenantId, "#" + tenantId);
            double median = median(millis);
            double worst = millis.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            reachable.add(new Chart.Bar("Median", tenant, median / 1000));
            reachable.add(new Chart.Bar("Worst", tenant, worst / 1000));
            caption.append(tenant).append(": median ").append(Formats.seconds(Duration.ofMillis((long) median))).append(", worst ")
                    .append(Formats.seconds(Duration.ofMillis((long) worst))).append(" (").append(count(millis.size(), "VM")).append("). ");
        });
        charts.add(Chart.bars("chart-time-to-reachable-per-tenant", "Time to reachable after power-on, per tenant", "seconds", reachable,
                caption.toString().strip(), "no failover has been measured yet"));
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private void refreshFailovers() {
        TenantOverview tenant = tenantFilter.getValue();
        inFailover.setItems(overview.replicasInFailover(tenant == null ? null : tenant.tenantId()));
    }

    @Override
    protected void onAttach(AttachEvent event) {
        // off the page's session: vCenter reads there held every push to this page for seconds at each change
        liveUpdates = broadcaster.register(event.getUI(), null, background.repeatable(event.getUI(), this::read, this::show, this::unreadable));
        // apart from the figures, and from the database alone: a vCenter down may keep those unreadable, never this
        siteUpdates = broadcaster.register(event.getUI(), null, () -> siteProblems.show(sites.listSites(), List.of()));
        // a host going silent or a copy of an NEA dialling sends no event: read again at each tick (small tables)
        showHostsAndCopies();
        gatewayHostUpdates = ticker.registerAsCurrentUser(event.getUI(), this::showHostsAndCopies);
    }

    private void showHostsAndCopies() {
        gatewayHostProblems.show(gatewayHosts.unavailableReason().isPresent() ? null : gatewayHosts.gatewayHosts());
        applianceCopies.show(copies.refusedCopies());
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (liveUpdates != null) {
            liveUpdates.remove();
        }
        if (siteUpdates != null) {
            siteUpdates.remove();
        }
        if (gatewayHostUpdates != null) {
            gatewayHostUpdates.remove();
        }
    }
}
