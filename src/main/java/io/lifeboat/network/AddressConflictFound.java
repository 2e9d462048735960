package io.lifeboat.network;

import java.time.Instant;

/**
 * The tenant NEA saw another machine on the tenant LAN claim a failed-over IP ({@code mac}: that machine; {@code probe}:
 * it only asked whether the IP is free, RFC 5227). Published again while the machine keeps claiming it; each listener
 * decides what is new.
 */
public record AddressConflictFound(long tenantId, long networkId, String ip, String mac, Instant firstSeen, Instant lastSeen,
                                   boolean probe) {
}
