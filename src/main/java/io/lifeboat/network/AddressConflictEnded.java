package io.lifeboat.network;

/**
 * The machine ({@code mac}) that claimed a failed-over IP on the tenant LAN no longer answers the tenant NEA's probes
 * for it: powered off, or given another address. Published once per {@link AddressConflictFound} sighting that ends.
 */
public record AddressConflictEnded(long tenantId, long networkId, String ip, String mac) {
}
