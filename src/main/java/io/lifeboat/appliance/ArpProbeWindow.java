package io.lifeboat.appliance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * RFC 5227 probes of several addresses in one listening window, as logic without I/O: which probe frames are due
 * when, which captured frame claims which address, and when the window is over. {@value #ROUNDS} rounds 100 ms apart
 * (shorter than the RFC's 1–2 s, so a portal pre-flight stays interactive), each probing every address nobody has
 * claimed yet; the window ends when every address is claimed or its time is up. {@link PcapArpPort} drives it with
 * a capture and {@link System#nanoTime()}, tests with frames and times of their own. Not thread-safe: one window,
 * one thread.
 */
final class ArpProbeWindow {

    static final int ROUNDS = 3;
    static final Duration ROUND_GAP = Duration.ofMillis(100);

    private final List<Integer> asked;
    private final MacAddress ownMac;
    private final long start;
    private final long deadline;
    private final Set<Integer> unclaimed;
    private final Map<Integer, ProbeResult> claimed = new HashMap<>();
    private int rounds;

    /**
     * @param ips the addresses to probe, in the order {@link #results} answers (a repeated one is probed once)
     * @param startNanos the window's start on the clock every later call uses
     */
    ArpProbeWindow(List<Integer> ips, MacAddress ownMac, Duration window, long startNanos) {
        this.asked = List.copyOf(ips);
        this.ownMac = ownMac;
        this.start = startNanos;
        this.deadline = startNanos + window.toNanos();
        this.unclaimed = new LinkedHashSet<>(asked);
    }

    /** The probe frames to send at {@code now}: one per address not claimed yet when a round is due, else none. */
    List<byte[]> due(long now) {
        if (rounds >= ROUNDS || now - start < rounds * ROUND_GAP.toNanos() || unclaimed.isEmpty()) {
            return List.of();
        }
        rounds++;
        List<byte[]> frames = new ArrayList<>(unclaimed.size());
        for (int ip : unclaimed) {
            frames.add(ArpFrame.probe(ownMac, ip).toBytes());
        }
        return frames;
    }

    /** Takes a frame captured at {@code now}: it claims an address if another station answers or probes for it. */
    void observe(byte[] frame, long now) {
        for (Iterator<Integer> it = unclaimed.iterator(); it.hasNext(); ) {
            int ip = it.next();
            Optional<MacAddress> claimer = ArpProbe.conflictIn(frame, ip, ownMac);
            if (claimer.isPresent()) {
                claimed.put(ip, new ProbeResult(Ipv4.format(ip), true, claimer.get().toString(), elapsedMs(now)));
                it.remove();
            }
        }
    }

    /** Whether listening can stop at {@code now}: every address is claimed, or the window is over. */
    boolean done(long now) {
        return unclaimed.isEmpty() || now - deadline >= 0;
    }

    /** One result per address asked, in that order; an address nobody claimed reports the time listened until {@code now}. */
    List<ProbeResult> results(long now) {
        List<ProbeResult> results = new ArrayList<>(asked.size());
        for (int ip : asked) {
            ProbeResult r = claimed.get(ip);
            results.add(r != null ? r : new ProbeResult(Ipv4.format(ip), false, null, elapsedMs(now)));
        }
        return results;
    }

    private long elapsedMs(long now) {
        return Duration.ofNanos(now - start).toMillis();
    }
}
