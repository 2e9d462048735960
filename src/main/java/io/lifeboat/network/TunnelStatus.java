package io.lifeboat.network;

import java.time.Instant;

/**
 * The tunnel of one tenant network as the tenant NEA sees it. {@code rttMs} is null while down or not yet measured;
 * {@code since} is when it last came up (null while down). Bytes are counted on the tenant NEA's tun device:
 * in = from the provider.
 */
public record TunnelStatus(boolean up, Double rttMs, long bytesIn, long bytesOut, int restarts, Instant since) {

    public static final TunnelStatus DOWN = new TunnelStatus(false, null, 0, 0, 0, null);
}
