package io.lifeboat.appliance;

import java.util.Optional;

/**
 * RFC 5227 conflict detection, as a pure function over captured frames: while probing {@code ip}, any ARP frame
 * from another station whose sender IP is {@code ip} (a reply or an announcement), or another station's probe for
 * {@code ip}, means the address is in use.
 */
public final class ArpProbe {

    private ArpProbe() {
    }

    /** The MAC of the station that claims {@code ip} in {@code frame}, or empty. Never throws. */
    public static Optional<MacAddress> conflictIn(byte[] frame, int ip, MacAddress ownMac) {
        Optional<ArpFrame> parsed = ArpFrame.parse(frame);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        ArpFrame arp = parsed.get();
        if (arp.senderMac().equals(ownMac) || arp.ethSource().equals(ownMac)) {
            return Optional.empty();
        }
        if (arp.senderIp() == ip || (arp.isProbe() && arp.op() == ArpFrame.REQUEST && arp.targetIp() == ip)) {
            return Optional.of(arp.senderMac());
        }
        return Optional.empty();
    }
}
