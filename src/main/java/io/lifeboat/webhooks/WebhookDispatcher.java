package io.lifeboat.webhooks;

import jakarta.annotation.PreDestroy;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends due deliveries in the background: woken after a commit that stored deliveries, and every
 * {@code poll-interval} for retries and for deliveries left by a stopped portal (the rows are the durable queue).
 * Each delivery is leased before it is sent, so two portal nodes never send the same attempt; {@link WebhookSender} sends
 * asynchronously with a timeout, so one slow receiver delays nobody else, and only to addresses it may.
 */
@Component
class WebhookDispatcher {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final int BATCH = 50;

    private final WebhookDeliveryRepository deliveries;
    private final WebhookEndpointRepository endpoints;
    private final WebhookService service;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration pollInterval;
    private final List<Duration> retryDelays;
    private final WebhookSender sender;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "webhook-dispatcher");
        thread.setDaemon(true);
        return thread;
    });

    WebhookDispatcher(WebhookDeliveryRepository deliveries, WebhookEndpointRepository endpoints, WebhookService service,
                      TransactionTemplate transactions, Clock clock, WebhookSender sender,
                      @Value("${lifeboat.webhooks.poll-interval:PT5S}") Duration pollInterval,
                      @Value("${lifeboat.webhooks.retry-delays:PT10S,PT1M,PT5M,PT30M,PT2H,PT6H}") List<Duration> retryDelays) {
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.service = service;
        this.transactions = transactions;
        this.clock = clock;
        this.sender = sender;
        this.pollInterval = pollInterval;
        this.retryDelays = List.copyOf(retryDelays);
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        worker.scheduleWithFixedDelay(this::sendDueSafely, pollInterval.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends what is due now, on the dispatcher's thread (never the caller's). */
    void wake() {
        worker.execute(this::sendDueSafely);
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }

    private void sendDueSafely() {
        try {
            sendDue();
        } catch (RuntimeException e) {
            log.warn("Webhook dispatch failed; retrying at the next poll: {}", e.getMessage(), e);
        }
    }

    private void sendDue() {
        List<Attempt> claimed = transactions.execute(tx -> {
            Instant now = clock.instant();
            return deliveries.due(now, PageRequest.of(0, BATCH)).stream().map(d -> {
                d.claim(now.plus(LEASE));
                WebhookEndpoint endpoint = endpoints.findById(d.getEndpointId()).orElseThrow();
                return new Attempt(d.getId(), endpoint.getUrl(), service.secretOf(endpoint), d.getEventType(), d.getPayload());
            }).toList();
        });
        claimed.forEach(this::send);
    }

    private record Attempt(long deliveryId, String url, String secret, String event, String body) {
    }

    private void send(Attempt attempt) {
        // Recorded on the dispatcher's thread: the sender's I/O threads serve every other receiver meanwhile.
        sender.post(URI.create(attempt.url()), headers(attempt), attempt.body()).whenCompleteAsync((status, error) -> {
            try {
                record(attempt.deliveryId(), status, error);
            } catch (RuntimeException e) {
                log.warn("Could not record the outcome of webhook delivery {}: {}", attempt.deliveryId(), e.getMessage(), e);
            }
        }, worker);
    }

    private Map<String, String> headers(Attempt attempt) {
        long timestamp = clock.instant().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("User-Agent", "Lifeboat-Webhooks/1");
        headers.put("Lifeboat-Event", attempt.event());
        headers.put("Lifeboat-Delivery", Long.toString(attempt.deliveryId()));
        headers.put(WebhookSignature.HEADER, WebhookSignature.header(attempt.secret(), timestamp, attempt.body()));
        return headers;
    }

    private void record(long deliveryId, Integer status, Throwable error) {
        transactions.executeWithoutResult(tx -> deliveries.findById(deliveryId).ifPresent(delivery -> {
            Instant now = clock.instant();
            if (status != null && status >= 200 && status < 300) {
                delivery.delivered(status, now);
            } else {
                String reason = error != null ? error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage())
                        : "HTTP " + status;
                delivery.failed(status, reason, now, retryDelays);
                log.info("Webhook delivery {} to attempt {} failed ({}); {}", deliveryId, delivery.view(null).attempts(), reason,
                        delivery.getState() == DeliveryState.FAILED ? "giving up" : "will retry");
            }
        }));
    }
}
