package io.lifeboat.appliance;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The split-brain watchdog of the tenant NEA, as a function of captured frames: while it proxies the watched IPs,
 * any ARP frame from another station with a watched IP as sender (request, reply or gratuitous), or another
 * station's RFC 5227 probe for one, is an {@link ArpConflict}. Frames from the NEA's own MAC (ARP sender or
 * Ethernet source, e.g. its announcements on a VM's behalf) never count. A conflict not seen for {@link #GONE_AFTER_MS}
 * is over: the NEA probes the watched IPs every second, so a machine that still has one answers well within it.
 * Thread-safe: frames come from the capture thread, {@link #watch} from the reconciler, {@link #conflicts} from
 * status; frames that claim nothing take no lock.
 */
final class ConflictWatch {

    /** Five probe rounds unanswered: one lost reply, or a busy moment of the NEA, does not end a conflict. */
    static final long GONE_AFTER_MS = 5_000;

    private record Key(int ip, MacAddress mac) {
    }

    private final MacAddress ownMac;
    private final LongSupplier epochMs;
    private volatile Set<Integer> watched = Set.of();
    private final Map<Key, ArpConflict> seen = new HashMap<>();

    ConflictWatch(MacAddress ownMac, LongSupplier epochMs) {
        this.ownMac = ownMac;
        this.epochMs = epochMs;
    }

    /** Watches exactly {@code ips} from now on; conflicts of IPs no longer watched are forgotten. */
    synchronized void watch(Set<Integer> ips) {
        watched = Set.copyOf(ips);
        seen.keySet().removeIf(k -> !watched.contains(k.ip()));
    }

    /** The IPs watched now, for the NEA's probes. */
    Set<Integer> watched() {
        return watched;
    }

    /** Looks at one captured frame (any bytes; never throws). */
    void observe(byte[] frame) {
        Set<Integer> w = watched;
        if (w.isEmpty()) {
            return;                 // the usual case: nothing failed over, no parse
        }
        ArpFrame.parse(frame).ifPresent(arp -> {
            if (arp.senderMac().equals(ownMac) || arp.ethSource().equals(ownMac)) {
                return;
            }
            if (!arp.isProbe() && w.contains(arp.senderIp())) {
                record(arp.senderIp(), arp.senderMac(), false);
            } else if (arp.isProbe() && arp.op() == ArpFrame.REQUEST && w.contains(arp.targetIp())) {
                record(arp.targetIp(), arp.senderMac(), true);
            }
        });
    }

    private synchronized void record(int ip, MacAddress mac, boolean probe) {
        if (!watched.contains(ip)) {
            return;                 // dropped from the desired state while this frame was parsed
        }
        long now = epochMs.getAsLong();
        seen.merge(new Key(ip, mac), new ArpConflict(Ipv4.format(ip), mac.toString(), now, now, probe),
                (old, next) -> new ArpConflict(old.ip(), old.mac(), old.firstSeenEpochMs(), now, old.probe() && probe));
    }

    /** The conflicts seen within {@link #GONE_AFTER_MS}, oldest first; older ones are forgotten (a comeback is new). */
    synchronized List<ArpConflict> conflicts() {
        long now = epochMs.getAsLong();
        seen.values().removeIf(conflict -> now - conflict.lastSeenEpochMs() > GONE_AFTER_MS);
        return seen.values().stream()
                .sorted(Comparator.comparingLong(ArpConflict::firstSeenEpochMs).thenComparing(ArpConflict::ip)
                        .thenComparing(ArpConflict::mac))
                .toList();
    }
}
