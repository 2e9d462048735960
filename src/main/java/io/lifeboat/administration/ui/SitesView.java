package io.lifeboat.administration.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.ListDataProvider;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import io.lifeboat.inventory.ConnectionCheck;
import io.lifeboat.inventory.SiteContact;
import io.lifeboat.inventory.SiteForm;
import io.lifeboat.inventory.SiteService;
import io.lifeboat.inventory.SiteSummary;
import io.lifeboat.inventory.ui.SiteProblems;
import io.lifeboat.ui.Confirm;
import io.lifeboat.ui.Formats;
import io.lifeboat.ui.MainLayout;
import io.lifeboat.ui.ScreenWidth;
import io.lifeboat.ui.UiBroadcaster;
import io.lifeboat.ui.UiTicker;
import jakarta.annotation.security.RolesAllowed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The provider's vCenters. Test connection shows the certificate's SHA-256 thumbprint; the provider compares it with the
 * vCenter's own (vSphere Client → Certificates) and trusts it; saving pins it. Sites from configuration are read-only.
 * A site that starts or stops failing its checks shows so at once, and the time of each site's last check is read again
 * at each tick, so "checked 40 s ago" stays true on a page left open; neither touches the site being edited.
 */
@Route(value = "admin/sites", layout = MainLayout.class)
@PageTitle("Sites · Lifeboat")
@RolesAllowed("PROVIDER_ADMIN")
public class SitesView extends VerticalLayout {

    private final SiteService sites;
    private final UiBroadcaster broadcaster;
    private final UiTicker ticker;
    private final Grid<SiteSummary> grid = new Grid<>();
    private final List<SiteSummary> rows = new ArrayList<>();
    private final ListDataProvider<SiteSummary> shownSites = new ListDataProvider<>(rows) {
        @Override
        public Object getId(SiteSummary site) {
            // by name, so that a row re-read with a newer check stays the selected one
            return site.name();
        }
    };
    private final TextField name = new TextField("Name");
    private final TextField url = new TextField("SDK URL");
    private final TextField username = new TextField("User");
    private final PasswordField password = new PasswordField("Password");
    private final TextField applianceTemplate = new TextField("Appliance template");
    private final TextField applianceUplink = new TextField("Appliance uplink network");
    private final Paragraph certificate = new Paragraph();
    private final Checkbox trust = new Checkbox("I compared this thumbprint with the vCenter's certificate and trust it");
    private final Button save = new Button("Save site");
    private final Button delete = new Button("Delete site…");
    private final Span deleteHint = new Span();
    private final FieldErrors errors = new FieldErrors();
    private final Div stoppedSites = new Div();
    private final SiteProblems failingSites = new SiteProblems("failing-sites");
    private Map<String, String> stopped = Map.of();
    private String testedThumbprint;
    private Registration liveUpdates;
    private Registration ticking;

    public SitesView(SiteService sites, UiBroadcaster broadcaster, UiTicker ticker) {
        this.sites = sites;
        this.broadcaster = broadcaster;
        this.ticker = ticker;
        addClassName("lb-page");
        grid.setId("site-grid");
        grid.setEmptyStateText("No sites yet: add your provider vCenter and each tenant's vCenter with the form below.");
        grid.addColumn(SiteSummary::name).setHeader("Site").setAutoWidth(true);
        var siteUrl = grid.addColumn(SiteSummary::url).setHeader("URL").setAutoWidth(true);
        var certificateColumn = grid.addColumn(SitesView::certificate).setHeader("Certificate").setAutoWidth(true);
        // its text changes length as it ages ("40 s" → "1 min"): a width measured once would not hold it, so it is set,
        // room for one line where there is room, and it wraps on a phone
        var status = grid.addColumn(s -> status(s, stopped.containsKey(s.name()), Instant.now())).setHeader("Status").setFlexGrow(1);
        ScreenWidth.widthByScreen(grid, status, "9rem", "15rem");
        var placed = grid.addColumn(SiteSummary::tenantsPlaced).setHeader("Tenants").setAutoWidth(true);
        var managedColumn = grid.addColumn(SitesView::managed).setHeader("Managed").setAutoWidth(true);
        grid.setItemDetailsRenderer(new ComponentRenderer<>(s -> new Span(
                s.url() + " · certificate " + certificate(s) + " · " + s.tenantsPlaced() + " tenants · " + managed(s)
                        + (s.contact().failing() ? " · " + s.contact().error() : ""))));
        ScreenWidth.hideWhenNarrow(grid, siteUrl, certificateColumn, placed, managedColumn);
        grid.setAllRowsVisible(true);
        grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.setItems(shownSites);
        grid.asSingleSelect().addValueChangeListener(e -> edit(e.getValue()));

        name.setId("site-name");
        url.setId("site-url");
        url.setPlaceholder("https://vc.example.com/sdk");
        username.setId("site-username");
        password.setId("site-password");
        applianceTemplate.setId("site-appliance-template");
        applianceUplink.setId("site-appliance-uplink");
        applianceUplink.setHelperText("The provider NEA's second NIC, towards the Cloud Gateways. Leave empty at a tenant site: "
                + "the tenant NEA then has one NIC and goes out through its LAN's router.");
        certificate.setId("site-certificate");
        trust.setId("trust-certificate");
        trust.setVisible(false);
        errors.bind("name", name).bind("url", url).bind("username", username).bind("password", password);
        Button test = new Button("Test connection", click -> test());
        test.setId("test-connection");
        save.setId("save-site");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(click -> save());
        delete.setId("delete-site");
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        delete.addClickListener(click -> confirmDelete(name.getValue()));
        Button add = new Button("New site", click -> grid.asSingleSelect().clear());
        add.setId("new-site");
        FormLayout form = new FormLayout(name, url, username, password, applianceTemplate, applianceUplink);
        stoppedSites.setId("stopped-sites");
        stoppedSites.addClassName("lb-notices");
        deleteHint.setId("delete-site-hint");
        deleteHint.addClassName("lb-secondary");
        HorizontalLayout buttons = new HorizontalLayout(test, save, delete, deleteHint);
        buttons.setWrap(true);
        add(new H2("Sites"), stoppedSites, failingSites, grid, add, form, buttons, certificate, trust);
        edit(null);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        checkCertificates();
        liveUpdates = broadcaster.register(event.getUI(), null, this::showSites);
        // a check that changes nothing is not pushed (only a site that starts or stops failing is)
        ticking = ticker.registerAsCurrentUser(event.getUI(), this::showSites);
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (liveUpdates != null) {
            liveUpdates.remove();
        }
        if (ticking != null) {
            ticking.remove();
        }
    }

    private void reload() {
        checkCertificates();
        showSites();
    }

    /**
     * Says above the grid why a site is stopped (its certificate changed). A TLS handshake per pinned site, so only when
     * the page opens and after the provider changed a site, never on a push or a tick.
     */
    private void checkCertificates() {
        stopped = sites.stoppedSites();
        stoppedSites.removeAll();
        stopped.forEach((site, reason) -> {
            Paragraph line = new Paragraph("Site " + site + ": " + reason);
            line.addClassName("lb-blocker");
            stoppedSites.add(line);
        });
    }

    /**
     * The sites and which of them fail their checks, from the database alone. The rows are replaced in place, so the
     * selection and the form keep what the provider is editing.
     */
    private void showSites() {
        List<SiteSummary> all = sites.listSites();
        failingSites.show(all, stopped.keySet());
        rows.clear();
        rows.addAll(all);
        shownSites.refreshAll();
    }

    /** e.g. "working, checked 40 s ago", "failing since 2026-12-04 22:04:10", "not checked yet". */
    static String status(SiteSummary site, boolean stopped, Instant now) {
        SiteContact contact = site.contact();
        if (stopped) {
            return "stopped";
        }
        if (!contact.checked()) {
            return "not checked yet";
        }
        return contact.failing() ? "failing since " + Formats.time(contact.failingSince())
                : "working, checked " + Formats.since(contact.checkedAt(), now);
    }

    private void edit(SiteSummary site) {
        errors.clear();
        testedThumbprint = null;
        trust.setVisible(false);
        trust.setValue(false);
        boolean managed = site != null && site.managedByConfiguration();
        name.setValue(site == null ? "" : site.name());
        name.setReadOnly(site != null);
        url.setValue(site == null ? "" : site.url());
        username.setValue(site == null ? "" : site.username());
        password.clear();
        password.setPlaceholder(site == null ? "" : "unchanged");
        applianceTemplate.setValue(site == null || site.applianceTemplate() == null ? "" : site.applianceTemplate());
        applianceUplink.setValue(site == null || site.applianceUplinkNetwork() == null ? "" : site.applianceUplinkNetwork());
        for (var field : new HasValue<?, ?>[]{url, username, password, applianceTemplate, applianceUplink}) {
            field.setReadOnly(managed);
        }
        save.setEnabled(!managed);
        boolean inUse = site != null && site.tenantsPlaced() > 0;
        delete.setEnabled(site != null && !managed && !inUse);
        // said before the click, not refused after a confirmation
        deleteHint.setText(inUse && !managed ? "Site " + site.name() + " is in use by " + tenants(site.tenantsPlaced())
                + ": place them on another site (Tenants) before deleting it." : "");
        certificate.setText(managed ? "Managed by configuration (lifeboat.setup): change it there."
                : site != null && site.certificateSha256() != null ? "Trusted certificate SHA-256: " + site.certificateSha256() : "");
    }

    /** A deleted site's credentials and trusted certificate are gone; adding it again means checking its thumbprint again. */
    private void confirmDelete(String site) {
        Confirm.destructive("confirm-delete-site", "Delete site " + site + "?", "Lifeboat forgets its address, login and trusted "
                + "certificate. To use it again, add it anew and compare its certificate again.", "Delete the site", () -> {
                    if (errors.attempt(() -> sites.deleteSite(site))) {
                        FieldErrors.success("Site " + site + " deleted.");
                        reload();
                        grid.asSingleSelect().clear();
                        edit(null);
                    }
                });
    }

    private void test() {
        errors.attemptAndGet(() -> sites.testConnection(form(null))).ifPresentOrElse(this::showCheck, () -> certificate.setText(""));
    }

    private void showCheck(ConnectionCheck check) {
        testedThumbprint = check.certificateSha256();
        if (testedThumbprint == null) {
            certificate.setText("Connected (plain http: no certificate). " + check.inventory());
            return;
        }
        certificate.setText((check.certificateChanged() ? "The certificate has CHANGED since it was trusted. " : "")
                + "Logged in. Certificate SHA-256: " + testedThumbprint + " (" + check.certificateSubject() + ", valid until "
                + check.certificateNotAfter() + "). " + check.inventory());
        trust.setVisible(true);
        trust.setValue(false);
    }

    private void save() {
        String pin = trust.getValue() ? testedThumbprint : null;
        if (pin == null && url.getValue().trim().toLowerCase().startsWith("https:")) {
            pin = grid.asSingleSelect().getValue() == null ? null : grid.asSingleSelect().getValue().certificateSha256();
        }
        String trusted = pin;
        if (errors.attempt(() -> sites.saveSite(form(trusted)))) {
            FieldErrors.success("Site " + name.getValue() + " saved.");
            String saved = name.getValue();
            reload();
            edit(sites.listSites().stream().filter(s -> s.name().equals(saved)).findFirst().orElse(null));
        }
    }

    private SiteForm form(String trustedThumbprint) {
        return new SiteForm(name.getValue(), url.getValue(), username.getValue(), password.getValue(), trustedThumbprint,
                applianceTemplate.getValue(), applianceUplink.getValue());
    }

    private static String certificate(SiteSummary site) {
        return site.trustAllCertificates() ? "any (lab only)" : site.certificateSha256() == null ? "JDK trust store / http"
                : site.certificateSha256().substring(0, 23) + "…";
    }

    private static String tenants(long count) {
        return count == 1 ? "1 tenant" : count + " tenants";
    }

    private static String managed(SiteSummary site) {
        return site.managedByConfiguration() ? "managed by configuration" : "portal";
    }
}
