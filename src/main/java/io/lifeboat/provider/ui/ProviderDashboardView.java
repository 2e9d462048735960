package io.lifeboat.provider.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import io.lifeboat.network.ui.TunnelGrid;
import io.lifeboat.provider.ProviderDashboardService;
import io.lifeboat.provider.TenantOverview;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ui.StateBadge;
import io.lifeboat.ui.Formats;
import io.lifeboat.ui.MainLayout;
import io.lifeboat.ui.UiBroadcaster;
import jakarta.annotation.security.RolesAllowed;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The provider's view of every tenant: counts and quota use, and every VM in failover with its tenant and since when. */
@Route(value = "provider", layout = MainLayout.class)
@PageTitle("Provider dashboard · Lifeboat")
@RolesAllowed("PROVIDER_ADMIN")
public class ProviderDashboardView extends VerticalLayout {

    private final ProviderDashboardService overview;
    private final UiBroadcaster broadcaster;
    private final Grid<TenantOverview> tenants = new Grid<>();
    private final Grid<ReplicaRow> inFailover = new Grid<>();
    private final ComboBox<TenantOverview> tenantFilter = new ComboBox<>();
    private final Div tunnels = new Div();
    private Map<Long, String> tenantNames = Map.of();
    private Registration liveUpdates;

    public ProviderDashboardView(ProviderDashboardService overview, UiBroadcaster broadcaster) {
        this.overview = overview;
        this.broadcaster = broadcaster;
        addClassName("lb-page");
        tenants.setId("tenant-grid");
        tenants.addColumn(TenantOverview::displayName).setHeader("Tenant").setAutoWidth(true);
        tenants.addColumn(TenantOverview::replicas).setHeader("Replicas").setAutoWidth(true);
        tenants.addColumn(TenantOverview::inFailover).setHeader("In failover").setAutoWidth(true);
        tenants.addColumn(TenantOverview::errors).setHeader("Errors").setAutoWidth(true);
        tenants.addColumn(t -> t.usedCpus() + " / " + t.quotaCpus()).setHeader("vCPU used / plan").setAutoWidth(true);
        tenants.addColumn(t -> Formats.memory(t.usedMemoryMb()) + " / " + Formats.memory(t.quotaMemoryMb())).setHeader("RAM used / plan").setAutoWidth(true);
        tenants.setAllRowsVisible(true);

        tenantFilter.setPlaceholder("All tenants");
        tenantFilter.setClearButtonVisible(true);
        tenantFilter.setItemLabelGenerator(TenantOverview::displayName);
        tenantFilter.setId("failover-tenant-filter");
        tenantFilter.addValueChangeListener(e -> refreshFailovers());
        inFailover.setId("in-failover-grid");
        inFailover.addColumn(row -> tenantNames.getOrDefault(row.tenantId(), "?")).setHeader("Tenant").setAutoWidth(true);
        inFailover.addColumn(ReplicaRow::vmName).setHeader("VM").setAutoWidth(true);
        inFailover.addComponentColumn(row -> new StateBadge(row.state())).setHeader("State").setAutoWidth(true);
        inFailover.addColumn(ReplicaRow::ipAddress).setHeader("IP").setAutoWidth(true);
        inFailover.addColumn(row -> Formats.time(row.stateSince()) + " (" + Formats.since(row.stateSince(), Instant.now()) + ")")
                .setHeader("Since").setAutoWidth(true);
        inFailover.addColumn(ReplicaRow::startedBy).setHeader("Started by").setAutoWidth(true);
        inFailover.addColumn(ReplicaRow::errorMessage).setHeader("Error");
        inFailover.setAllRowsVisible(true);

        add(new H2("Provider dashboard"), new H3("Tenants"), tenants, new H3("VMs in failover"), tenantFilter, inFailover,
                new H3("VPN tunnels"), tunnels);
        refresh();
    }

    private void refresh() {
        List<TenantOverview> all = overview.tenants();
        tenantNames = all.stream().collect(Collectors.toMap(TenantOverview::tenantId, TenantOverview::displayName));
        tenants.setItems(all);
        TenantOverview selected = tenantFilter.getValue();
        tenantFilter.setItems(all);
        if (selected != null) {
            all.stream().filter(t -> t.tenantId() == selected.tenantId()).findFirst().ifPresent(tenantFilter::setValue);
        }
        refreshFailovers();
        tunnels.removeAll();
        tunnels.add(new TunnelGrid(overview.allTunnels(), overview.networkExtensionUnavailableReason(), true));
    }

    private void refreshFailovers() {
        TenantOverview tenant = tenantFilter.getValue();
        inFailover.setItems(overview.replicasInFailover(tenant == null ? null : tenant.tenantId()));
    }

    @Override
    protected void onAttach(AttachEvent event) {
        liveUpdates = broadcaster.register(event.getUI(), null, this::refresh);
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (liveUpdates != null) {
            liveUpdates.remove();
        }
    }
}
