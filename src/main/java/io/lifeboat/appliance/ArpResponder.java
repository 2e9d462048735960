package io.lifeboat.appliance;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The proxy-ARP decision, as a pure function of one captured frame: answer a request for a proxied IP with our
 * own MAC; ignore probes (sender 0.0.0.0), gratuitous ARP, our own frames and replies. Malformed frames are
 * counted and dropped. Thread-safe: the proxied set is swapped atomically by the reconciler.
 */
public final class ArpResponder {

    private final MacAddress ownMac;
    private volatile ProxiedSet proxied = ProxiedSet.NONE;
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();

    public ArpResponder(MacAddress ownMac) {
        this.ownMac = ownMac;
    }

    public void setProxied(ProxiedSet set) {
        this.proxied = set;
    }

    public ProxiedSet proxied() {
        return proxied;
    }

    public MacAddress ownMac() {
        return ownMac;
    }

    /** Returns the reply frame to send, or empty. Never throws. */
    public Optional<byte[]> handle(byte[] frame) {
        Optional<ArpFrame> parsed = ArpFrame.parse(frame);
        if (parsed.isEmpty()) {
            malformed.incrementAndGet();
            return Optional.empty();
        }
        ArpFrame arp = parsed.get();
        if (arp.op() != ArpFrame.REQUEST || arp.isProbe() || arp.isGratuitous()
                || arp.ethSource().equals(ownMac) || arp.senderMac().equals(ownMac)
                || !proxied.contains(arp.targetIp())) {
            ignored.incrementAndGet();
            return Optional.empty();
        }
        answered.incrementAndGet();
        return Optional.of(ArpFrame.replyTo(arp, ownMac).toBytes());
    }

    public long answered() {
        return answered.get();
    }

    public long ignored() {
        return ignored.get();
    }

    public long malformed() {
        return malformed.get();
    }
}
