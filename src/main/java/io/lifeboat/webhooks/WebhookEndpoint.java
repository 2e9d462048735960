package io.lifeboat.webhooks;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** A registered receiver: a tenant's (tenantId set) or the provider's (null, gets every tenant's events). */
@Entity
class WebhookEndpoint {

    @Id
    @GeneratedValue(generator = "webhook_endpoint_seq")
    @SequenceGenerator(name = "webhook_endpoint_seq", allocationSize = 50)
    private Long id;
    private Long tenantId;
    private String url;
    /** The signing secret, sealed with the portal's master key. */
    private String secretSealed;
    /** Wire names, comma-separated. */
    private String events;
    private String createdBy;
    private Instant createdAt;

    protected WebhookEndpoint() {
    }

    WebhookEndpoint(Long tenantId, String url, String secretSealed, Set<WebhookEvent> events, String createdBy, Instant now) {
        this.tenantId = tenantId;
        this.url = url;
        this.secretSealed = secretSealed;
        this.events = events.stream().map(WebhookEvent::wireName).sorted().collect(Collectors.joining(","));
        this.createdBy = createdBy;
        this.createdAt = now;
    }

    Set<WebhookEvent> events() {
        return Arrays.stream(events.split(",")).map(WebhookEvent::byWireName).flatMap(java.util.Optional::stream).collect(Collectors.toSet());
    }

    WebhookEndpointInfo view() {
        return new WebhookEndpointInfo(id, tenantId, url, events(), createdBy, createdAt);
    }

    Long getId() {
        return id;
    }

    Long getTenantId() {
        return tenantId;
    }

    String getUrl() {
        return url;
    }

    String getSecretSealed() {
        return secretSealed;
    }
}
