package io.lifeboat.webhooks;

import io.lifeboat.shared.Texts;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** One event for one endpoint: its body, and each attempt's outcome until it is delivered or given up. */
@Entity
class WebhookDelivery {

    @Id
    @GeneratedValue(generator = "webhook_delivery_seq")
    @SequenceGenerator(name = "webhook_delivery_seq", allocationSize = 50)
    private Long id;
    private long endpointId;
    private String eventType;
    private String payload;
    @Enumerated(EnumType.STRING)
    private DeliveryState state;
    private int attempts;
    private Instant nextAttemptAt;
    private Integer lastStatus;
    private String lastError;
    private Instant createdAt;
    private Instant deliveredAt;
    @Version
    private long version;

    protected WebhookDelivery() {
    }

    WebhookDelivery(long endpointId, WebhookEvent event, String payload, Instant now) {
        this.endpointId = endpointId;
        this.eventType = event.wireName();
        this.payload = payload;
        this.state = DeliveryState.PENDING;
        this.nextAttemptAt = now;
        this.createdAt = now;
    }

    /** Holds the delivery for this attempt: no other dispatcher picks it up until {@code leaseUntil}. */
    void claim(Instant leaseUntil) {
        this.nextAttemptAt = leaseUntil;
    }

    void delivered(int status, Instant now) {
        attempts++;
        state = DeliveryState.DELIVERED;
        lastStatus = status;
        lastError = null;
        deliveredAt = now;
        nextAttemptAt = null;
    }

    /** A failed attempt: the next after the delay for this attempt's number, or given up when there is none left. */
    void failed(Integer status, String error, Instant now, List<Duration> retryDelays) {
        attempts++;
        lastStatus = status;
        lastError = Texts.shortened(error, 500);
        if (attempts > retryDelays.size()) {
            state = DeliveryState.FAILED;
            nextAttemptAt = null;
        } else {
            nextAttemptAt = now.plus(retryDelays.get(attempts - 1));
        }
    }

    WebhookDeliveryInfo view(String url) {
        return new WebhookDeliveryInfo(id, endpointId, url, eventType, state, attempts, lastStatus, lastError, createdAt, deliveredAt,
                state == DeliveryState.PENDING ? nextAttemptAt : null);
    }

    Long getId() {
        return id;
    }

    long getEndpointId() {
        return endpointId;
    }

    String getEventType() {
        return eventType;
    }

    String getPayload() {
        return payload;
    }

    DeliveryState getState() {
        return state;
    }
}
