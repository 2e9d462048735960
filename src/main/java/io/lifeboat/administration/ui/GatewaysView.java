package io.lifeboat.administration.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import io.lifeboat.network.GatewayHostService;
import io.lifeboat.network.GatewayHostService.Enrolment;
import io.lifeboat.network.GatewayHostService.GatewayHost;
import io.lifeboat.network.ui.GatewayHostProblems;
import io.lifeboat.ui.Confirm;
import io.lifeboat.ui.Formats;
import io.lifeboat.ui.MainLayout;
import io.lifeboat.ui.UiTicker;
import jakarta.annotation.security.RolesAllowed;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The Cloud Gateway hosts that relay the tenants' tunnels (ADR 0013): which have connected, enrolling another and
 * removing one. The token and the portal's CA are shown once, with the lines the provider writes on the host.
 */
@Route(value = "admin/gateways", layout = MainLayout.class)
@PageTitle("Cloud Gateways · Lifeboat")
@RolesAllowed("PROVIDER_ADMIN")
public class GatewaysView extends VerticalLayout {

    private final GatewayHostService gatewayHosts;
    private final Grid<GatewayHost> grid = new Grid<>();
    private final TextField name = new TextField("Gateway host name");
    private final Button enrol = new Button("Enrol gateway host");
    private final Div enrolment = new Div();
    private final FieldErrors errors = new FieldErrors();
    private final GatewayHostProblems problems = new GatewayHostProblems("gateway-host-problems");
    private final UiTicker ticker;
    private Registration liveUpdates;

    public GatewaysView(GatewayHostService gatewayHosts, UiTicker ticker) {
        this.gatewayHosts = gatewayHosts;
        this.ticker = ticker;
        addClassName("lb-page");
        add(new H2("Cloud Gateways"));
        Optional<String> unavailable = gatewayHosts.unavailableReason();
        if (unavailable.isPresent()) {
            Paragraph why = new Paragraph(unavailable.get());
            why.setId("gateway-hosts-unavailable");
            add(why);
            return;
        }
        add(new Paragraph("Gateway hosts relay the tenants' tunnels between their NEAs, in their own process or kernel:"
                + " the portal tells each one which tunnels to relay, and they keep relaying while the portal restarts."));
        grid.setId("gateway-host-grid");
        grid.setEmptyStateText("No gateway host has connected yet: enrol one below, then start lifeboat-cloud-gateway on it.");
        grid.addColumn(GatewayHost::name).setHeader("Host").setAutoWidth(true);
        grid.addColumn(GatewayHost::relayAddress).setHeader("Relay address").setAutoWidth(true);
        grid.addColumn(h -> (h.current() ? "connected" : "not connected") + ", seen " + Formats.since(h.lastSeen(), Instant.now())
                        + (h.copyAddress() == null ? "" : "; a copy dialling from " + h.copyAddress() + " is refused"))
                .setHeader("Status").setFlexGrow(1);
        grid.addColumn(h -> h.certificateExpires() == null ? "" : Formats.minute(h.certificateExpires())
                        + (h.certificateNotRenewed() ? " (not renewed)" : ""))
                .setHeader("Certificate valid until").setAutoWidth(true);
        grid.addComponentColumn(this::removeButton).setHeader("").setAutoWidth(true);
        grid.setAllRowsVisible(true);
        grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
        showHosts();

        name.setId("gateway-host-name");
        name.setPlaceholder("gw1");
        name.setHelperText("The host's name as it will appear here; its token works once, within 24 hours.");
        enrol.setId("enrol-gateway-host");
        enrol.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        enrol.addClickListener(e -> enrol());
        errors.bind("name", name);
        enrolment.setId("gateway-host-enrolment");
        HorizontalLayout form = new HorizontalLayout(name, enrol);
        form.setAlignItems(Alignment.BASELINE);
        form.setWrap(true);
        add(problems, grid, form, enrolment);
    }

    /** A host connecting or going silent sends no event: read again at each tick (a small table), as the dashboard does. */
    @Override
    protected void onAttach(AttachEvent event) {
        if (gatewayHosts.unavailableReason().isEmpty()) {
            liveUpdates = ticker.registerAsCurrentUser(event.getUI(), this::showHosts);
        }
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (liveUpdates != null) {
            liveUpdates.remove();
            liveUpdates = null;
        }
    }

    private void showHosts() {
        List<GatewayHost> hosts = gatewayHosts.gatewayHosts();
        grid.setItems(hosts);
        problems.show(hosts);
    }

    private Button removeButton(GatewayHost host) {
        Button remove = new Button("Remove…", e -> Confirm.destructive("confirm-remove-gateway-host", "Remove gateway host " + host.name() + "?",
                "Its certificate is revoked and it stops relaying tunnels: tenant NEAs that reached their tunnel through it go on"
                        + " through the other gateway hosts. To use it again, delete /var/lib/lifeboat-gateway/control-*.pem on it and enrol"
                        + " it anew.", "Remove the gateway host", () -> {
                    if (errors.attempt(() -> gatewayHosts.remove(host.name()))) {
                        FieldErrors.success("Gateway host " + host.name() + " removed.");
                        showHosts();
                    }
                }));
        remove.setId("remove-gateway-host-" + host.name());
        remove.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        return remove;
    }

    private void enrol() {
        errors.attemptAndGet(() -> gatewayHosts.enrol(name.getValue())).ifPresent(this::show);
    }

    private void show(Enrolment e) {
        enrolment.removeAll();
        Pre conf = new Pre("LIFEBOAT_PORTAL=" + e.portalControl() + "\nLIFEBOAT_PORTAL_CA=/etc/lifeboat/portal-ca.pem\n"
                + "LIFEBOAT_GATEWAY_NAME=" + e.name() + "\nLIFEBOAT_ENROLMENT_TOKEN=" + e.token()
                + "\nLIFEBOAT_RELAY_ADDRESS=<the address tenant NEAs reach this host on>");
        conf.setId("gateway-host-conf");
        Pre ca = new Pre(e.portalCaPem());
        ca.setId("gateway-host-ca");
        enrolment.add(new Paragraph("On " + e.name() + ", set these in /etc/lifeboat/cloud-gateway.conf (the token works once,"
                        + " until " + Formats.time(e.expires()) + "; it is not shown again):"), conf,
                new Paragraph("and write the portal's CA into /etc/lifeboat/portal-ca.pem:"), ca,
                new Paragraph("Then run systemctl enable --now lifeboat-cloud-gateway. The host appears above once it connects."
                        + " If a host already holds the name " + e.name() + ", its certificate is revoked the moment this token"
                        + " is used, and it stops relaying."));
        FieldErrors.success("Enrolment token for " + e.name() + " issued");
    }
}
