package io.lifeboat.appliance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Sends gratuitous ARP for an IP on the LAN, for the NEA itself (an IP failed over) or on behalf of another station
 * (the original VM on switch-back). Each announcement goes out in {@link #ROUNDS} (request and reply form each), so
 * one lost frame leaves no stale cache behind; the first round is sent before {@link #announce} returns, the later
 * ones from {@code scheduler}, so a control call or an {@code apply} of many IPs does not wait for them.
 * A newer announcement of an IP cancels the rounds still pending for it: caches must end on the latest owner.
 */
final class ArpAnnouncer {

    /** 0, 50, 100 ms: within the portal's status poll (≈ 250 ms), spaced past a brief queue drop. */
    static final List<Duration> ROUNDS = List.of(Duration.ZERO, Duration.ofMillis(50), Duration.ofMillis(100));

    private final Consumer<byte[]> send;
    private final MacAddress ownMac;
    private final ScheduledExecutorService scheduler;
    private final Map<Integer, Pending> pending = new HashMap<>();

    private record Pending(MacAddress owner, List<ScheduledFuture<?>> rounds) {
        void cancel() {
            rounds.forEach(f -> f.cancel(false));
        }
    }

    ArpAnnouncer(Consumer<byte[]> send, MacAddress ownMac, ScheduledExecutorService scheduler) {
        this.send = send;
        this.ownMac = ownMac;
        this.scheduler = scheduler;
    }

    /**
     * Announces "{@code ip} is at {@code owner}" (Ethernet source: the NEA's own MAC).
     *
     * @throws IllegalArgumentException when {@code owner} is not a unicast MAC (a group address would blackhole the IP)
     */
    void announce(int ip, MacAddress owner) {
        if (!owner.isUnicast()) {
            throw new IllegalArgumentException("cannot announce " + Ipv4.format(ip) + " at " + owner + ": not a unicast MAC");
        }
        List<byte[]> frames = ArpFrame.announcement(ownMac, owner, ip).stream().map(ArpFrame::toBytes).toList();
        synchronized (this) {
            Pending old = pending.remove(ip);
            if (old != null) {
                old.cancel();
            }
            frames.forEach(send);
            List<ScheduledFuture<?>> later = new ArrayList<>();
            for (Duration at : ROUNDS.subList(1, ROUNDS.size())) {
                later.add(scheduler.schedule(() -> frames.forEach(send), at.toMillis(), TimeUnit.MILLISECONDS));
            }
            pending.put(ip, new Pending(owner, later));
        }
    }

    /**
     * The NEA no longer stands in for {@code ip}: its own rounds still pending stop, so none claims the IP late.
     * Rounds announcing another station (the VM, perhaps sent just before this release) go on.
     */
    synchronized void withdraw(int ip) {
        Pending p = pending.get(ip);
        if (p != null && p.owner().equals(ownMac)) {
            pending.remove(ip);
            p.cancel();
        }
    }
}
