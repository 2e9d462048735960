package io.lifeboat.network;

import java.time.Instant;

/**
 * A tenant tunnel at one moment, for pictures: {@code rttMs} is null when no ping across the tunnel answered;
 * the rates are bytes per second since the previous sample of the same network (null for a network's first sample
 * and after the NEA restarted its counters).
 */
public record TunnelReading(String network, Instant at, Double rttMs, Double bytesInPerSecond, Double bytesOutPerSecond) {
}
