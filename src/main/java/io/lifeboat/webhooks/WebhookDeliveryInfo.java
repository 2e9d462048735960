package io.lifeboat.webhooks;

import java.time.Instant;

/** One delivery with its outcome as the deliveries list shows it. */
public record WebhookDeliveryInfo(long id, long endpointId, String url, String event, DeliveryState state, int attempts, Integer lastStatus,
                                  String lastError, Instant createdAt, Instant deliveredAt, Instant nextAttemptAt) {
}
