package io.lifeboat.appliance;

/** Outcome of an RFC 5227 ARP probe: whether anyone claimed {@code ip}, and its MAC (null if nobody). */
public record ProbeResult(String ip, boolean answered, String mac, long elapsedMs) {
}
