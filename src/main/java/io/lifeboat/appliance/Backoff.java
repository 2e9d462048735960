package io.lifeboat.appliance;

import java.time.Duration;

/**
 * Restart delays for a supervised process: {@code initial × 2^(failures-1)}, capped at {@code max}. A run that
 * stayed up for at least {@code stableAfter} resets the count, so a tunnel that flaps once a day restarts fast.
 */
public record Backoff(Duration initial, Duration max, Duration stableAfter) {

    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofSeconds(60));

    /** Delay before the next start after {@code consecutiveFailures} (≥ 1) failed runs. */
    public Duration delayAfter(int consecutiveFailures) {
        if (consecutiveFailures <= 0) {
            return Duration.ZERO;
        }
        int shift = Math.min(consecutiveFailures - 1, 30);
        long millis = initial.toMillis() << shift;
        return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
    }

    /** The failure count after a run that lasted {@code runTime}. */
    public int failuresAfterRun(int previousFailures, Duration runTime) {
        return runTime.compareTo(stableAfter) >= 0 ? 1 : previousFailures + 1;
    }
}
