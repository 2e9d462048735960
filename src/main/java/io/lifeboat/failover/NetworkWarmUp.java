package io.lifeboat.failover;

import java.time.Duration;
import java.util.List;

/**
 * What a warm-up started: the networks whose NEA pair and tunnel now start in the background, how long they then wait
 * for a failover, and, when nothing starts, why.
 */
public record NetworkWarmUp(List<Long> networkIds, Duration keptUpFor, String notWarmedBecause) {
}
