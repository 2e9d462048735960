package io.lifeboat.replica.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridSortOrder;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.CallbackDataProvider;
import com.vaadin.flow.data.provider.SortDirection;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import io.lifeboat.network.TunnelInfo;
import io.lifeboat.network.TunnelReading;
import io.lifeboat.network.ui.ApplianceCopyNotices;
import io.lifeboat.network.ui.TunnelCharts;
import io.lifeboat.network.ui.TunnelGrid;
import io.lifeboat.replica.ReplicaFilter;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ReplicaSort;
import io.lifeboat.replica.ReplicaState;
import io.lifeboat.tenancy.CurrentTenant;
import io.lifeboat.tenancy.TenantContext;
import io.lifeboat.ui.Formats;
import io.lifeboat.ui.MainLayout;
import io.lifeboat.ui.RowButton;
import io.lifeboat.ui.ScreenWidth;
import io.lifeboat.ui.UiBackground;
import io.lifeboat.ui.UiBroadcaster;
import io.lifeboat.ui.UiTicker;
import jakarta.annotation.security.RolesAllowed;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** The tenant's replicas: state, IP, network, restore points; start a partial failover; open a replica's options. */
@Route(value = "replicas", layout = MainLayout.class)
@PageTitle("Replicas · Lifeboat")
@RolesAllowed({"TENANT_OPERATOR", "TENANT_VIEWER"})
public class ReplicasView extends VerticalLayout {

    /** Room for the header and about six rows, however little height the page leaves: the page scrolls instead. */
    private static final String GRID_MIN_HEIGHT = "22rem";

    private final ReplicaOverviewService overview;
    private final PartialFailoverLauncher failoverWizard;
    private final UiBroadcaster broadcaster;
    private final TenantContext context;
    private final Grid<ReplicaRow> grid = new Grid<>();
    private final TextField search = new TextField();
    private final ComboBox<ReplicaState> stateFilter = new ComboBox<>();
    private final Button failoverButton = new Button("Partial failover…");
    private final Button testFailoverButton = new Button("Test failover…");
    private final TestFailoverLauncher testFailoverWizard;
    private final Div tunnels = new Div();
    private final ApplianceCopyNotices neaCopies = new ApplianceCopyNotices("nea-copies");
    private final Div siteHealth = new Div();
    private final UiBackground background;
    private final UiTicker ticker;
    private Registration neaCopyUpdates;
    private Runnable refreshTunnels = () -> { };
    private Registration broadcasterRegistration;

    public ReplicasView(ReplicaOverviewService overview, PartialFailoverLauncher failoverWizard, TestFailoverLauncher testFailoverWizard,
                        UiBroadcaster broadcaster, UiBackground background, UiTicker ticker, CurrentTenant currentTenant) {
        this.ticker = ticker;
        this.overview = overview;
        this.background = background;
        this.testFailoverWizard = testFailoverWizard;
        this.failoverWizard = failoverWizard;
        this.broadcaster = broadcaster;
        this.context = currentTenant.get();
        addClassName("lb-page");
        setSizeFull();
        siteHealth.setId("site-health");
        siteHealth.addClassName("lb-notices");
        add(new H2("Replicas of " + overview.tenantDisplayName()), siteHealth, neaCopies, toolbar());
        configureGrid();
        // The replicas first: they are what a tenant comes for in an emergency. Above the grid, the networks' lines and
        // charts left one row of it in view on a 1280 x 720 laptop.
        H3 networks = new H3("Networks and VPN tunnels");
        networks.setId("networks-heading");
        add(grid, networks, tunnels);
        tunnels.add(UiBackground.pending("tunnels-reading", "Reading the networks and VPN tunnels…"));   // the read asks vCenter
    }

    private Div toolbar() {
        search.setPlaceholder("Filter by name, IP, network");
        search.setClearButtonVisible(true);
        search.setValueChangeMode(ValueChangeMode.LAZY);
        search.setId("replica-search");
        search.addValueChangeListener(e -> grid.getDataProvider().refreshAll());
        stateFilter.setItems(ReplicaState.values());
        stateFilter.setItemLabelGenerator(ReplicaState::label);
        stateFilter.setPlaceholder("Any state");
        stateFilter.setClearButtonVisible(true);
        stateFilter.setId("replica-state-filter");
        stateFilter.addValueChangeListener(e -> grid.getDataProvider().refreshAll());
        failoverButton.setId("partial-failover");
        failoverButton.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        failoverButton.setVisible(context.canOperate());
        failoverButton.addClickListener(e -> openWizard(grid.getSelectedItems()));
        testFailoverButton.setId("test-failover");
        testFailoverButton.setVisible(context.canOperate());
        testFailoverButton.addClickListener(e -> testFailoverWizard.open(grid.getSelectedItems(), this::afterWizard));
        Button refresh = new Button("Sync now");
        refresh.setDisableOnClick(true);
        // off the page's session: a vCenter that hangs answers only at the read timeout, and the whole session waited
        refresh.addClickListener(e -> {
            refresh.setText("Syncing…");
            background.call(e.getSource().getUI().orElseThrow(), overview::refresh, result -> {
                synced(refresh);
                grid.getDataProvider().refreshAll();
                Notification.show("Inventory synced: " + result.replicas() + " replicas, " + result.restorePoints() + " restore points ("
                        + result.millis() + " ms)" + (result.productionSiteError() == null ? "" : ". Your site could not be read: " + result.productionSiteError()));
            }, problem -> {
                synced(refresh);
                Notification.show("The inventory could not be synced: " + problem).addThemeVariants(NotificationVariant.LUMO_ERROR);
            });
        });
        refresh.setId("sync-now");
        refresh.setVisible(context.canOperate());
        search.setAriaLabel("Filter replicas");
        stateFilter.setAriaLabel("State");
        Div toolbar = new Div(search, stateFilter, failoverButton, testFailoverButton, refresh);
        toolbar.addClassName("lb-toolbar");
        return toolbar;
    }

    private void configureGrid() {
        grid.setId("replica-grid");
        grid.setEmptyStateText("No replicas to show. A filter above may hide them; VMs appear here once your provider replicates them.");
        grid.setSelectionMode(Grid.SelectionMode.MULTI);
        grid.addColumn(ReplicaRow::vmName).setHeader("VM").setKey("vmName").setSortProperty("vmName").setWidth("6.5rem").setFlexGrow(1);
        var state = grid.addComponentColumn(row -> {
            StateBadge badge = new StateBadge(row);
            badge.setId("state-" + row.vmName());
            return badge;
        }).setHeader("State").setKey("state").setSortProperty("state").setFlexGrow(1);
        ScreenWidth.widthByScreen(grid, state, "5.5rem", "8.5rem");   // "Failed over" on one line where there is room
        var ip = grid.addColumn(ReplicaRow::ipAddress).setHeader("IP").setKey("ipAddress").setSortProperty("ipAddress").setWidth("8.5rem").setFlexGrow(0);
        var network = grid.addColumn(ReplicaRow::network).setHeader("Network").setKey("network").setSortProperty("network").setWidth("7rem").setFlexGrow(1)
                .setTooltipGenerator(ReplicaRow::network);
        var points = grid.addColumn(ReplicaRow::restorePoints).setHeader("Restore points").setKey("restorePoints").setSortProperty("restorePoints").setWidth("9rem").setFlexGrow(0);
        var latest = grid.addColumn(row -> Formats.time(row.latestRestorePoint())).setHeader("Latest restore point").setKey("latestRestorePoint").setSortProperty("latestRestorePoint").setWidth("12rem").setFlexGrow(0);
        // On a phone: VM, state and Options; a tap on the row shows the rest.
        grid.setItemDetailsRenderer(new ComponentRenderer<>(row -> details(row)));
        ScreenWidth.hideWhenNarrow(grid, ip, network, points, latest);
        grid.addColumn(new RowButton("Options", "small tertiary", "options-", "Options of ").rendered(ReplicaRow::vmName,
                row -> getUI().ifPresent(ui -> ui.navigate(ReplicaDetailView.class, row.id())))).setHeader("").setWidth("6.5rem").setFlexGrow(0);
        // Rows are identified by replica id, so selection survives the live refreshes that change a row's state.
        grid.setItems(new CallbackDataProvider<ReplicaRow, Void>(
                query -> overview.list(filter(), sorts(query.getSortOrders()), query.getOffset(), query.getLimit()).stream(),
                query -> overview.count(filter()), ReplicaRow::id));
        grid.setSizeFull();
        grid.setMinHeight(GRID_MIN_HEIGHT);
        grid.sort(List.of(new GridSortOrder<>(grid.getColumnByKey("vmName"), SortDirection.ASCENDING)));
    }

    private static Div details(ReplicaRow row) {
        Div details = new Div(new Span("IP " + row.ipAddress() + " · " + row.network() + " · " + row.restorePoints()
                + " restore points, latest " + Formats.time(row.latestRestorePoint())));
        details.addClassName("lb-details");
        details.setId("details-" + row.vmName());
        return details;
    }

    /** What the tunnel summary shows; its read asks vCenter and the appliances, so it runs off the UI's session. */
    private record Tunnels(List<TunnelInfo> extensions, String unavailableReason, List<TunnelReading> lastHour) {
    }

    private Tunnels readTunnels() {
        return new Tunnels(overview.tunnels(), overview.networkExtensionUnavailableReason(), overview.tunnelHistory(Duration.ofHours(1)));
    }

    private void showTunnels(Tunnels read) {
        tunnels.removeAll();
        tunnels.add(new TunnelGrid(read.extensions(), read.unavailableReason(), false, context.canOperate() ? this::keepTenantNeaRunning : null));
        if (!read.lastHour().isEmpty() || read.extensions().stream().anyMatch(TunnelInfo::up)) {
            tunnels.add(new TunnelCharts(read.lastHour()));
        }
    }

    private void tunnelsUnreadable(String message) {
        tunnels.removeAll();
        Span unreadable = new Span("The VPN tunnels cannot be shown now: " + message);
        unreadable.setId("tunnels-unreadable");
        tunnels.add(unreadable);
    }

    private void keepTenantNeaRunning(TunnelInfo network, boolean keep) {
        overview.keepTenantNeaRunning(network.networkId(), keep);
        Notification.show((keep ? "The tenant NEA of " + network.network() + " is starting and then stays running"
                : "The tenant NEA of " + network.network() + " stops when no VM uses it") + "; the Tasks page shows the outcome.");
        refreshTunnels.run();
    }

    private void openWizard(Set<ReplicaRow> preselected) {
        failoverWizard.open(preselected, this::afterWizard);
    }

    private void afterWizard() {
        grid.deselectAll();
        grid.getDataProvider().refreshAll();
    }

    private ReplicaFilter filter() {
        return new ReplicaFilter(search.getValue(), stateFilter.getValue());
    }

    static List<ReplicaSort> sorts(List<com.vaadin.flow.data.provider.QuerySortOrder> orders) {
        return orders.stream().map(order -> new ReplicaSort(order.getSorted(), order.getDirection() == SortDirection.ASCENDING)).toList();
    }

    @Override
    protected void onAttach(AttachEvent event) {
        refreshTunnels = background.repeatable(event.getUI(), this::readTunnels, this::showTunnels, this::tunnelsUnreadable);
        broadcasterRegistration = broadcaster.register(event.getUI(), context.tenantId(), () -> {   // runs once at once
            grid.getDataProvider().refreshAll();
            refreshTunnels.run();
            showSiteHealth();
        });
        // a copy of an NEA dialling sends no event: read again at each tick (a small table)
        showNeaCopies();
        neaCopyUpdates = ticker.registerAsCurrentUser(event.getUI(), this::showNeaCopies);
    }

    private void showNeaCopies() {
        neaCopies.showToTenant(overview.neaCopies());
    }

    private void showSiteHealth() {
        siteHealth.removeAll();
        SiteWarnings.of(overview).forEach(warning -> siteHealth.add(SiteWarnings.line(warning)));
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (broadcasterRegistration != null) {
            broadcasterRegistration.remove();
        }
        if (neaCopyUpdates != null) {
            neaCopyUpdates.remove();
        }
    }

    private static void synced(Button refresh) {
        refresh.setText("Sync now");
        refresh.setEnabled(true);
    }
}
