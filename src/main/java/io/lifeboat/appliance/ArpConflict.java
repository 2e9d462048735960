package io.lifeboat.appliance;

/**
 * Another station claiming a failed-over IP on the tenant LAN while the tenant NEA proxies it (split brain: the
 * original VM still or again running). One per {@code ip} + {@code mac}, kept while the IP stays failed over.
 *
 * @param mac   the claimer's ARP sender MAC
 * @param probe true while this station has only probed for the IP (RFC 5227, sender 0.0.0.0); false once it has
 *              claimed it (a request, reply or announcement with the IP as sender)
 */
public record ArpConflict(String ip, String mac, long firstSeenEpochMs, long lastSeenEpochMs, boolean probe) {
}
