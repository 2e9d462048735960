package io.lifeboat.webhooks.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.lifeboat.tenancy.CurrentTenant;
import io.lifeboat.tenancy.TenantContext;
import io.lifeboat.ui.Confirm;
import io.lifeboat.ui.MainLayout;
import io.lifeboat.webhooks.RegisteredWebhook;
import io.lifeboat.webhooks.WebhookDeliveryInfo;
import io.lifeboat.webhooks.WebhookEndpointInfo;
import io.lifeboat.webhooks.WebhookEvent;
import io.lifeboat.webhooks.WebhookService;
import jakarta.annotation.security.PermitAll;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Webhook endpoints (register, secret shown once, remove) and the deliveries with their outcome. */
@Route(value = "webhooks", layout = MainLayout.class)
@PageTitle("Webhooks · Lifeboat")
@PermitAll
public class WebhooksView extends VerticalLayout {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private final WebhookService webhooks;
    private final Grid<WebhookEndpointInfo> endpoints = new Grid<>();
    private final Grid<WebhookDeliveryInfo> deliveries = new Grid<>();
    private final TextArea secret = new TextArea("Signing secret of the new endpoint (copy it now: it is not shown again)");

    public WebhooksView(WebhookService webhooks, CurrentTenant currentTenant) {
        this.webhooks = webhooks;
        TenantContext context = currentTenant.get();
        boolean mayManage = context.isProvider() || context.canOperate();
        addClassName("lb-page");
        setSizeFull();
        secret.setId("webhook-secret");
        secret.setReadOnly(true);
        secret.setWidthFull();
        secret.setVisible(false);
        add(new H2("Webhooks"), new Paragraph("Lifeboat POSTs a JSON event to each endpoint, signed in the Lifeboat-Signature header: "
                + "t=<unix time>,v1=<HMAC-SHA256 of \"<t>.<body>\" with the endpoint's secret>. Failed deliveries are retried with growing delays."),
                mayManage ? registerForm() : lookOnly(), secret);
        configureEndpoints(mayManage);
        configureDeliveries();
        Button refresh = new Button("Refresh", click -> refresh());
        refresh.setId("webhook-refresh");
        add(endpoints, new HorizontalLayout(new H3("Deliveries"), refresh), deliveries);
        refresh();
    }

    private HorizontalLayout registerForm() {
        TextField url = new TextField("Endpoint URL");
        url.setId("webhook-url");
        url.setWidth("28em");
        url.setPlaceholder("https://monitoring.example.com/lifeboat");
        CheckboxGroup<WebhookEvent> events = new CheckboxGroup<>("Events");
        List<WebhookEvent> choices = webhooks.eventsToChooseFrom();
        events.setItems(choices);
        events.setItemLabelGenerator(WebhookEvent::wireName);
        events.setValue(Set.copyOf(choices));
        events.setId("webhook-events");
        Button register = new Button("Register", click -> {
            RegisteredWebhook registered = webhooks.register(url.getValue(), events.getValue());
            secret.setValue(registered.secret());
            secret.setVisible(true);
            url.clear();
            refresh();
        });
        register.setId("webhook-register");
        register.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout form = new HorizontalLayout(url, events, register);
        form.setAlignItems(FlexComponent.Alignment.BASELINE);
        form.addClassName("lb-wrap");
        return form;
    }

    private static Paragraph lookOnly() {
        Paragraph lookOnly = new Paragraph("Your role may look at the endpoints and their deliveries, not register or remove one.");
        lookOnly.setId("webhooks-look-only");
        return lookOnly;
    }

    private void configureEndpoints(boolean mayManage) {
        endpoints.setId("webhook-grid");
        endpoints.setEmptyStateText("No endpoints yet: register one above.");
        endpoints.setAllRowsVisible(true);
        endpoints.addColumn(WebhookEndpointInfo::url).setHeader("URL").setAutoWidth(true);
        var events = endpoints.addColumn(e -> e.events().stream().map(WebhookEvent::wireName).sorted().collect(Collectors.joining(", "))).setHeader("Events");
        var registeredBy = endpoints.addColumn(WebhookEndpointInfo::createdBy).setHeader("Registered by");
        endpoints.setItemDetailsRenderer(new com.vaadin.flow.data.renderer.ComponentRenderer<>(e -> new com.vaadin.flow.component.html.Span(
                e.events().stream().map(WebhookEvent::wireName).sorted().collect(Collectors.joining(", ")) + " · registered by " + e.createdBy())));
        io.lifeboat.ui.ScreenWidth.hideWhenNarrow(endpoints, events, registeredBy);
        if (!mayManage) {
            return;
        }
        endpoints.addComponentColumn(endpoint -> {
            Button remove = new Button("Remove…", click -> {
                Confirm.destructive("confirm-remove-webhook", "Remove " + endpoint.url() + "?",
                        "No more events are sent to it, and its deliveries are deleted.", "Remove", () -> {
                            webhooks.remove(endpoint.id());
                            refresh();
                        });
            });
            remove.setId("remove-webhook-" + endpoint.id());
            remove.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
            return remove;
        });
    }

    private void configureDeliveries() {
        deliveries.setId("delivery-grid");
        deliveries.setEmptyStateText("Nothing delivered yet.");
        var time = deliveries.addColumn(d -> TIME.format(d.createdAt())).setHeader("Time").setAutoWidth(true);
        deliveries.addColumn(WebhookDeliveryInfo::event).setHeader("Event").setAutoWidth(true);
        var endpoint = deliveries.addColumn(WebhookDeliveryInfo::url).setHeader("Endpoint");
        deliveries.addColumn(WebhookDeliveryInfo::state).setHeader("Outcome").setAutoWidth(true);
        var attempts = deliveries.addColumn(WebhookDeliveryInfo::attempts).setHeader("Attempts");
        var http = deliveries.addColumn(d -> d.lastStatus() == null ? "" : d.lastStatus().toString()).setHeader("HTTP");
        var lastError = deliveries.addColumn(d -> d.lastError() == null ? "" : d.lastError()).setHeader("Last error");
        var next = deliveries.addColumn(d -> d.nextAttemptAt() == null ? "" : TIME.format(d.nextAttemptAt())).setHeader("Next attempt");
        deliveries.setItemDetailsRenderer(new com.vaadin.flow.data.renderer.ComponentRenderer<>(d -> new com.vaadin.flow.component.html.Span(
                TIME.format(d.createdAt()) + " · " + d.url() + " · " + d.attempts() + " attempts" + (d.lastStatus() == null ? "" : " · HTTP " + d.lastStatus())
                        + (d.lastError() == null ? "" : " · " + d.lastError()) + (d.nextAttemptAt() == null ? "" : " · next " + TIME.format(d.nextAttemptAt())))));
        io.lifeboat.ui.ScreenWidth.hideWhenNarrow(deliveries, time, endpoint, attempts, http, lastError, next);
    }

    private void refresh() {
        endpoints.setItems(webhooks.endpoints());
        deliveries.setItems(query -> webhooks.deliveries(query.getOffset(), query.getLimit()).stream());
    }
}
