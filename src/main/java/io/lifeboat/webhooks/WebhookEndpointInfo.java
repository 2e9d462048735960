package io.lifeboat.webhooks;

import java.time.Instant;
import java.util.Set;

/** A registered endpoint as it is listed (never its secret). {@code tenantId} is null for the provider's. */
public record WebhookEndpointInfo(long id, Long tenantId, String url, Set<WebhookEvent> events, String createdBy, Instant createdAt) {
}
