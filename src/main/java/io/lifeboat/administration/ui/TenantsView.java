package io.lifeboat.administration.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.lifeboat.administration.TenantAdministrationService;
import io.lifeboat.administration.TenantDetails;
import io.lifeboat.administration.TenantForm;
import io.lifeboat.administration.TenantRow;
import io.lifeboat.inventory.SiteService;
import io.lifeboat.inventory.SiteSummary;
import io.lifeboat.network.NetworkForm;
import io.lifeboat.network.TenantNetworkInfo;
import io.lifeboat.tenancy.InvalidInputException;
import io.lifeboat.tenancy.TenantSummary;
import io.lifeboat.ui.Confirm;
import io.lifeboat.ui.Formats;
import io.lifeboat.ui.MainLayout;
import io.lifeboat.ui.UiBackground;
import jakarta.annotation.security.RolesAllowed;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Tenants: plan (used vs plan), placement, networks with pick lists from the sites' inventory; enable and disable. */
@Route(value = "admin/tenants", layout = MainLayout.class)
@PageTitle("Tenants · Lifeboat")
@RolesAllowed("PROVIDER_ADMIN")
public class TenantsView extends VerticalLayout {

    private final TenantAdministrationService tenants;
    private final SiteService sites;
    private final Grid<TenantRow> grid = new Grid<>();
    private final TextField name = new TextField("Name (login and organisation alias)");
    private final TextField displayName = new TextField("Display name");
    private final IntegerField cpus = new IntegerField("Plan: vCPU");
    private final IntegerField memory = new IntegerField("Plan: RAM (MB)");
    private final ComboBox<String> tenantSite = new ComboBox<>("Tenant site (originals)");
    private final ComboBox<String> tenantFolder = new ComboBox<>("Tenant folder");
    private final ComboBox<String> providerSite = new ComboBox<>("Provider site (replicas)");
    private final ComboBox<String> providerFolder = new ComboBox<>("Provider folder");
    private final VerticalLayout networkRows = new VerticalLayout();
    private final List<NetworkRow> networks = new ArrayList<>();
    /** Rows are named by this, not by their place: a removed row leaves a gap, and no two rows share a name. */
    private int nextRowIndex;
    private final Paragraph managed = new Paragraph();
    /** Whether the form below creates a tenant or changes one, and which. */
    private final H3 formTitle = new H3();
    private final Button save = new Button("Save tenant");
    private final Button toggle = new Button();
    private final FieldErrors errors = new FieldErrors();
    private final SiteChoices tenantFolders;
    private final SiteChoices providerFolders;
    private final SiteChoices providerPortGroups;
    private Long editing;
    private boolean editingEnabled;

    public TenantsView(TenantAdministrationService tenants, SiteService sites, UiBackground background) {
        this.tenants = tenants;
        this.sites = sites;
        tenantFolders = new SiteChoices(background, sites::folders, "folders");
        providerFolders = new SiteChoices(background, sites::folders, "folders");
        providerPortGroups = new SiteChoices(background, sites::networks, "port groups");
        addClassName("lb-page");
        grid.setId("tenants-admin-grid");
        grid.setEmptyStateText("No tenants yet: New tenant adds one, with its plan, placement and networks.");
        grid.addColumn(r -> r.tenant().name()).setHeader("Tenant").setAutoWidth(true);
        var displayNameColumn = grid.addColumn(r -> r.tenant().displayName()).setHeader("Display name").setAutoWidth(true);
        var cpuColumn = grid.addColumn(TenantsView::cpus).setHeader("vCPU used / plan").setAutoWidth(true);
        var memoryColumn = grid.addColumn(TenantsView::memory).setHeader("RAM used / plan").setAutoWidth(true);
        grid.addColumn(TenantRow::inFailover).setHeader("In failover").setAutoWidth(true);
        grid.addColumn(r -> r.tenant().enabled() ? "enabled" : "disabled").setHeader("Status").setAutoWidth(true);
        var managedColumn = grid.addColumn(TenantsView::managed).setHeader("Managed").setAutoWidth(true);
        grid.setItemDetailsRenderer(new com.vaadin.flow.data.renderer.ComponentRenderer<>(r -> new com.vaadin.flow.component.html.Span(
                r.tenant().displayName() + " · vCPU " + cpus(r) + " · RAM " + memory(r) + " · " + managed(r))));
        io.lifeboat.ui.ScreenWidth.hideWhenNarrow(grid, displayNameColumn, cpuColumn, memoryColumn, managedColumn);
        grid.setAllRowsVisible(true);
        grid.asSingleSelect().addValueChangeListener(e -> edit(e.getValue() == null ? null : tenants.tenant(e.getValue().tenant().id())));

        List<String> siteNames = sites.listSites().stream().map(SiteSummary::name).toList();
        for (ComboBox<String> site : List.of(tenantSite, providerSite)) {
            site.setItems(siteNames);
        }
        for (ComboBox<String> folder : List.of(tenantFolder, providerFolder)) {
            folder.setAllowCustomValue(true);
            folder.addCustomValueSetListener(e -> folder.setValue(e.getDetail()));
        }
        tenantFolders.offerIn(tenantFolder);
        providerFolders.offerIn(providerFolder);
        tenantSite.addValueChangeListener(e -> tenantFolders.readFrom(e.getValue()));
        providerSite.addValueChangeListener(e -> {
            providerFolders.readFrom(e.getValue());
            providerPortGroups.readFrom(e.getValue());
        });
        name.setId("tenant-name");
        name.setMaxLength(16);
        name.setHelperText("2-16 lower-case letters, digits and dashes; it never changes");
        displayName.setId("tenant-display-name");
        cpus.setId("tenant-cpus");
        memory.setId("tenant-memory");
        tenantSite.setId("tenant-site");
        tenantFolder.setId("tenant-folder");
        providerSite.setId("provider-site");
        providerFolder.setId("provider-folder");
        managed.setId("tenant-managed");
        formTitle.setId("tenant-form-title");
        errors.bind("name", name).bind("displayName", displayName).bind("cpus", cpus).bind("memory", memory)
                .bind("tenantSite", tenantSite).bind("tenantFolder", tenantFolder).bind("providerSite", providerSite)
                .bind("providerFolder", providerFolder);
        Button addNetwork = new Button("Add network", click -> addNetwork(null));
        addNetwork.setId("add-network");
        save.setId("save-tenant");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(click -> save());
        toggle.setId("toggle-tenant");
        toggle.addClickListener(click -> toggle());
        Button add = new Button("New tenant", click -> grid.asSingleSelect().clear());
        add.setId("new-tenant-button");
        networkRows.setPadding(false);
        add(new H2("Tenants"), grid, add, formTitle, managed, new FormLayout(name, displayName, cpus, memory, tenantSite, tenantFolder, providerSite, providerFolder),
                new H3("Networks"), networkRows, addNetwork, new HorizontalLayout(save, toggle));
        refresh();
        edit(null);
    }

    private void edit(TenantDetails details) {
        errors.clear();
        TenantSummary tenant = details == null ? null : details.tenant();
        editing = tenant == null ? null : tenant.id();
        editingEnabled = tenant != null && tenant.enabled();
        formTitle.setText(tenant == null ? "New tenant" : "Tenant " + tenant.name() + " (" + tenant.displayName() + ")");
        boolean readOnly = tenant != null && tenant.managedByConfiguration();
        name.setValue(tenant == null ? "" : tenant.name());
        name.setReadOnly(tenant != null);
        displayName.setValue(tenant == null ? "" : tenant.displayName());
        cpus.setValue(tenant == null ? null : tenant.plan().cpus());
        memory.setValue(tenant == null ? null : tenant.plan().memoryMb());
        var placement = details == null ? null : details.placement();
        tenantSite.setValue(placement == null ? null : placement.tenantSite());
        tenantFolder.setValue(placement == null ? null : placement.tenantFolder());
        providerSite.setValue(placement == null ? null : placement.providerSite());
        providerFolder.setValue(placement == null ? null : placement.providerFolder());
        List.copyOf(networks).forEach(this::forgetRow);
        networkRows.removeAll();
        nextRowIndex = 0;
        (details == null ? List.<TenantNetworkInfo>of() : details.networks()).forEach(this::addNetwork);
        if (networks.isEmpty()) {
            addNetwork(null);
        }
        for (com.vaadin.flow.component.HasValue<?, ?> field : new com.vaadin.flow.component.HasValue<?, ?>[]{displayName, cpus, memory,
                tenantSite, tenantFolder, providerSite, providerFolder}) {
            field.setReadOnly(readOnly);
        }
        networks.forEach(row -> row.setReadOnly(readOnly));
        managed.setText(readOnly ? "Managed by configuration (lifeboat.setup): shown read-only, change it there." : "");
        managed.setVisible(readOnly);   // an empty paragraph still takes a line between the title and the form
        save.setEnabled(!readOnly);
        toggle.setVisible(tenant != null);
        toggle.setEnabled(!readOnly);
        toggle.setText(tenant != null && !tenant.enabled() ? "Enable tenant" : "Disable tenant…");
    }

    private void addNetwork(TenantNetworkInfo existing) {
        NetworkRow row = new NetworkRow(nextRowIndex++, existing);
        providerPortGroups.offerIn(row.portGroup);   // first: a list without items takes no value
        providerPortGroups.offerIn(row.drillPortGroup);
        if (existing != null) {
            row.portGroup.setValue(existing.providerPortGroup());
            row.drillPortGroup.setValue(existing.drillPortGroup());
            row.remove = removeButton(row, existing);
            row.add(row.remove);
        }
        networks.add(row);
        networkRows.add(row);
        errors.bind("network." + row.index + ".name", row.networkName).bind("network." + row.index + ".subnet", row.subnet)
                .bind("network." + row.index + ".gateway", row.gateway).bind("network." + row.index + ".vlan", row.vlan)
                .bind("network." + row.index + ".providerPortGroup", row.portGroup)
                .bind("network." + row.index + ".drillPortGroup", row.drillPortGroup);
    }

    /** Removing a stored network takes its row away and leaves the rest of the form, unsaved changes included, as it is. */
    private Button removeButton(NetworkRow row, TenantNetworkInfo network) {
        Button remove = new Button("Remove…", click -> {
            Confirm.destructive("confirm-remove-network", "Remove network " + network.name() + "?",
                    "Replicas can no longer be extended into " + network.subnet() + " once it is gone.", "Remove", () -> {
                        if (errors.attempt(() -> tenants.removeNetwork(network.tenantId(), network.id()))) {
                            FieldErrors.success("Network " + network.name() + " removed.");
                            forgetRow(row);
                            networkRows.remove(row);
                            if (networks.isEmpty()) {
                                addNetwork(null);
                            }
                        }
                    });
        });
        remove.setId("network-" + row.index + "-remove");
        remove.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        return remove;
    }

    private void forgetRow(NetworkRow row) {
        providerPortGroups.stopOffering(row.portGroup);
        providerPortGroups.stopOffering(row.drillPortGroup);
        networks.remove(row);
    }

    private void save() {
        List<NetworkRow> sent = networks.stream().filter(NetworkRow::filled).toList();
        TenantForm form = new TenantForm(editing, name.getValue(), displayName.getValue(), orZero(cpus.getValue()), orZero(memory.getValue()),
                tenantSite.getValue(), tenantFolder.getValue(), providerSite.getValue(), providerFolder.getValue(),
                sent.stream().map(NetworkRow::form).toList());
        errors.attemptAndGet(() -> onTheirRows(sent, () -> tenants.save(form))).ifPresent(saved -> {
            FieldErrors.success("Tenant " + form.name() + " saved.");
            // the form goes on with the saved tenant: a new one is changed from now on, not created twice
            refreshKeeping(saved.id());
        });
    }

    private static final Pattern NETWORK_FIELD = Pattern.compile("network\\.(\\d+)(\\..+)");

    /**
     * The service names a network's field by its place among the networks it was sent; the form's fields are named by
     * row, blank rows (not sent) included. Renamed, an error shows under the row it is about, not under a blank one.
     */
    private static <T> T onTheirRows(List<NetworkRow> sent, Supplier<T> save) {
        try {
            return save.get();
        } catch (InvalidInputException e) {
            Matcher field = NETWORK_FIELD.matcher(String.valueOf(e.field()));
            if (field.matches() && Integer.parseInt(field.group(1)) < sent.size()) {
                throw new InvalidInputException("network." + sent.get(Integer.parseInt(field.group(1))).index + field.group(2), e.getMessage());
            }
            throw e;
        }
    }

    private void toggle() {
        if (!editingEnabled) {
            enableTenant(true);
            return;
        }
        Confirm.destructive("confirm-disable-tenant", "Disable tenant " + name.getValue() + "?", "Its users are logged out at once and cannot"
                + " log in, nor use their API tokens, until the tenant is enabled again. Its replicas and settings are kept.",
                "Disable tenant", () -> enableTenant(false));
    }

    private void enableTenant(boolean enable) {
        if (errors.attempt(() -> tenants.setEnabled(editing, enable))) {
            FieldErrors.success(enable ? "Tenant enabled." : "Tenant disabled: its users cannot log in.");
            refreshKeeping(editing);
        }
    }

    private void refresh() {
        grid.setItems(tenants.tenants());
    }

    /** Reloads the grid and selects tenant {@code tenantId} again, so the form shows it as it is now. */
    private void refreshKeeping(long tenantId) {
        refresh();
        grid.getListDataView().getItems().filter(row -> row.tenant().id() == tenantId).findFirst().ifPresent(grid.asSingleSelect()::setValue);
    }

    private static String cpus(TenantRow row) {
        return row.usedCpus() + " / " + row.tenant().plan().cpus();
    }

    private static String memory(TenantRow row) {
        return Formats.memory(row.usedMemoryMb()) + " / " + Formats.memory(row.tenant().plan().memoryMb());
    }

    private static String managed(TenantRow row) {
        return row.tenant().managedByConfiguration() ? "managed by configuration" : "portal";
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    /** One network of the tenant. */
    private static final class NetworkRow extends HorizontalLayout {
        private final int index;
        private final TextField networkName = new TextField("Network");
        private final TextField subnet = new TextField("Subnet");
        private final TextField gateway = new TextField("Gateway");
        private final IntegerField vlan = new IntegerField("VLAN");
        private final ComboBox<String> portGroup = new ComboBox<>("Provider port group");
        private final ComboBox<String> drillPortGroup = new ComboBox<>("Drill port group (isolated)");
        private Button remove; // stored networks only

        NetworkRow(int index, TenantNetworkInfo existing) {
            this.index = index;
            networkName.setId("network-" + index + "-name");
            subnet.setId("network-" + index + "-subnet");
            subnet.setPlaceholder("192.168.60.0/24");
            gateway.setId("network-" + index + "-gateway");
            vlan.setId("network-" + index + "-vlan");
            portGroup.setId("network-" + index + "-port-group");
            drillPortGroup.setId("network-" + index + "-drill-port-group");
            drillPortGroup.setClearButtonVisible(true);
            drillPortGroup.setHelperText("Optional: test failovers start here");
            for (ComboBox<String> names : List.of(portGroup, drillPortGroup)) {   // port group names are long: show them whole
                names.setWidth("17em");
                names.setMaxWidth("100%");
            }
            if (existing != null) {
                networkName.setValue(existing.name());
                networkName.setReadOnly(true); // networks are matched by name
                subnet.setValue(existing.subnet());
                gateway.setValue(existing.gateway());
                vlan.setValue(existing.vlan());
            }
            add(networkName, subnet, gateway, vlan, portGroup, drillPortGroup);
            setWrap(true); // six fields: on a narrow screen they go on several lines
        }

        boolean filled() {
            return !networkName.getValue().isBlank() || !subnet.getValue().isBlank();
        }

        NetworkForm form() {
            return new NetworkForm(networkName.getValue(), subnet.getValue(), gateway.getValue(), orZero(vlan.getValue()), portGroup.getValue(),
                    drillPortGroup.getValue());
        }

        void setReadOnly(boolean readOnly) {
            for (com.vaadin.flow.component.HasValue<?, ?> field : new com.vaadin.flow.component.HasValue<?, ?>[]{subnet, gateway, vlan, portGroup, drillPortGroup}) {
                field.setReadOnly(readOnly);
            }
            if (remove != null) {
                remove.setVisible(!readOnly);
            }
        }
    }
}
