package io.lifeboat.automation;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Requests per credential (API token or access token subject): a token bucket of {@code requests} that refills
 * greedily over {@code period} (Bucket4j). Buckets live in this node's memory: behind a load balancer each node
 * allows the rate, which is fine for protecting a node, and the limit is a safeguard rather than billing.
 */
@Component
public class ApiRateLimiter {

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final long requests;
    private final Duration period;

    ApiRateLimiter(@Value("${lifeboat.api.rate-limit.requests:300}") long requests,
                   @Value("${lifeboat.api.rate-limit.period:PT1M}") Duration period) {
        this.requests = requests;
        this.period = period;
    }

    /** Takes one request from the credential's bucket: zero when allowed, else how long until the next one is. */
    public Duration tryAcquire(String credential) {
        ConsumptionProbe probe = buckets.computeIfAbsent(credential, key -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(requests).refillGreedy(requests, period).build()).build())
                .tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill());
    }
}
