package io.lifeboat.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeboat.drill.DrillChanged;
import io.lifeboat.inventory.SiteContact;
import io.lifeboat.inventory.SiteContactChanged;
import io.lifeboat.replica.ReplicaConflictChanged;
import io.lifeboat.replica.ReplicaStateChanged;
import io.lifeboat.network.TunnelStateChanged;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Turns replica, tunnel, drill and site events into stored deliveries, inside the transaction of the change (an outbox: a
 * delivery exists exactly when the change committed), and wakes the dispatcher once it has committed. Only rows are
 * written here; nothing waits for a receiver.
 */
@Component
class WebhookRecorder {

    private final WebhookEndpointRepository endpoints;
    private final WebhookDeliveryRepository deliveries;
    private final WebhookDispatcher dispatcher;
    private final ObjectMapper json;
    private final Clock clock;

    WebhookRecorder(WebhookEndpointRepository endpoints, WebhookDeliveryRepository deliveries, WebhookDispatcher dispatcher, ObjectMapper json,
                    Clock clock) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.json = json;
        this.clock = clock;
    }

    @EventListener
    void on(ReplicaStateChanged change) {
        WebhookEvent.of(change.from(), change.state()).ifPresent(event -> {
            Map<String, Object> body = body(event, change.tenantId());
            body.put("replicaId", change.replicaId());
            body.put("state", change.state().name());
            body.put("previousState", change.from().name());
            record(event, change.tenantId(), body);
        });
    }

    /** Split brain on a failed-over replica, and its end, for an automation that pages someone or powers the original off. */
    @EventListener
    void on(ReplicaConflictChanged change) {
        WebhookEvent event = change.mac() != null ? WebhookEvent.IP_CONFLICT : WebhookEvent.IP_CONFLICT_OVER;
        Map<String, Object> body = body(event, change.tenantId());
        body.put("replicaId", change.replicaId());
        if (change.mac() != null) {
            body.put("otherMac", change.mac());
        }
        record(event, change.tenantId(), body);
    }

    @EventListener
    void on(TunnelStateChanged change) {
        WebhookEvent event = change.up() ? WebhookEvent.TUNNEL_UP : WebhookEvent.TUNNEL_DOWN;
        Map<String, Object> body = body(event, change.tenantId());
        body.put("network", change.network());
        record(event, change.tenantId(), body);
    }

    /** A drill's VMs are up in the bubble; and once it ended, its report is sealed: the event carries the report's hash. */
    @EventListener
    void on(DrillChanged change) {
        WebhookEvent.of(change).ifPresent(event -> {
            Map<String, Object> body = body(event, change.tenantId());
            body.put("drillId", change.drillId());
            if (event == WebhookEvent.DRILL_ENDED) {
                body.put("reportSha256", change.reportSha256());
            }
            record(event, change.tenantId(), body);
        });
    }

    /** A site's vCenter failing or working again: to the provider's endpoints alone, with the site's name and the error. */
    @EventListener
    void on(SiteContactChanged change) {
        SiteContact contact = change.contact();
        WebhookEvent event = contact.failing() ? WebhookEvent.SITE_FAILING : WebhookEvent.SITE_WORKING;
        Map<String, Object> body = body(event, null);
        body.put("site", change.siteName());
        body.put("checkedAt", contact.checkedAt().toString());
        if (contact.failing()) {
            body.put("failingSince", contact.failingSince().toString());
            body.put("error", contact.error());
        }
        record(event, endpoints.ownedBy(null), body);
    }

    private Map<String, Object> body(WebhookEvent event, Long tenantId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", UUID.randomUUID().toString());
        body.put("event", event.wireName());
        body.put("occurredAt", clock.instant().toString());
        if (tenantId != null) {
            body.put("tenantId", tenantId);
        }
        return body;
    }

    private void record(WebhookEvent event, long tenantId, Map<String, Object> body) {
        record(event, endpoints.receiversOf(tenantId), body);
    }

    private void record(WebhookEvent event, List<WebhookEndpoint> receivers, Map<String, Object> body) {
        Instant now = clock.instant();
        String payload;
        try {
            payload = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a webhook body", e);
        }
        boolean any = false;
        for (WebhookEndpoint endpoint : receivers) {
            if (endpoint.events().contains(event)) {
                deliveries.save(new WebhookDelivery(endpoint.getId(), event, payload, now));
                any = true;
            }
        }
        if (any) {
            wakeAfterCommit();
        }
    }

    private void wakeAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    dispatcher.wake();
                }
            });
        } else {
            dispatcher.wake();
        }
    }
}
