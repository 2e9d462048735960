package io.lifeboat.network;

import io.lifeboat.appliance.NeaRole;
import io.lifeboat.tasks.TaskRecorder;
import io.lifeboat.tasks.TaskState;
import io.lifeboat.tasks.TaskType;
import io.lifeboat.tenancy.TenancyService;
import io.lifeboat.tenancy.TenantSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * The portal's side of network extension. The first VM of a tenant network that fails over brings up the NEA pair and
 * the tunnel (a VPN Tunnel task, ACTIVE while any VM of the network is failed over) and every failed-over IP is
 * proxied to the provider; the last VM out stops both NEAs and completes the task. The NEA VMs ({@link ApplianceVms}) follow
 * the same steps: cloned if missing and powered on before the tunnel comes up, powered off after the last VM left,
 * destroyed when the network is removed. Calls for one network are serialised ({@link ExtendedNetworks}). Callers (the
 * failover runner) have checked the tenant already. The pre-flight's probes of the tenant LAN are
 * {@link LanAddressProbes}'; keeping a tenant NEA running between failovers is {@link KeptTenantNeas}'; what pages show
 * of the tunnels, {@link TunnelViews}'.
 */
@Service
public class NetworkExtensionService {

    private static final Logger log = LoggerFactory.getLogger(NetworkExtensionService.class);
    private static final Duration REACHABLE_WAIT = Duration.ofSeconds(15);

    private final DataPlane dataPlane;
    private final TenancyService tenancy;
    private final TaskRecorder tasks;
    private final ApplicationEventPublisher events;
    private final Optional<ReachabilityCheck> reachability;
    private final ApplianceVms applianceVms;
    private final IdleAppliances idle;
    private final ApplianceConnections connections;
    private final ExtendedNetworks extended;
    private final FlipBatches flipBatches = new FlipBatches();

    NetworkExtensionService(DataPlane dataPlane, ExtendedNetworks extended, TenancyService tenancy, TaskRecorder tasks,
                            ApplicationEventPublisher events, Optional<ReachabilityCheck> reachability, ApplianceVms applianceVms,
                            IdleAppliances idle, ApplianceConnections connections) {
        this.extended = extended;
        this.idle = idle;
        this.connections = connections;
        this.applianceVms = applianceVms;
        this.reachability = reachability;
        this.events = events;
        this.dataPlane = dataPlane;
        this.tenancy = tenancy;
        this.tasks = tasks;
    }

    /** Why networks are not extended here; null when they are. */
    public String unavailableReason() {
        return dataPlane.unavailableReason();
    }

    /** How long a warmed-up network waits for a failover (the idle grace period). */
    public Duration warmUpLasts() {
        return idle.grace();
    }

    /** Why a warm-up starts nothing on this installation: no data plane, or no idle grace period to keep appliances for. */
    public Optional<String> warmUpUnavailableReason() {
        if (dataPlane.extension().isEmpty()) {
            return Optional.of(dataPlane.unavailableReason());
        }
        return idle.keepsWarm() ? Optional.empty()
                : Optional.of("appliances are not kept warm on this installation (lifeboat.network.idle-grace is 0): a failover starts them itself");
    }

    /**
     * Extends a failed-over VM's IP ({@link #proxy}), then waits for the first reply from the tenant LAN. Empty when
     * there is no data plane.
     *
     * @throws NetworkExtensionException when the tunnel does not come up or an NEA refuses the change
     */
    public Optional<ExtensionOutcome> extend(long tenantId, long networkId, String ip, String startedBy) {
        return proxy(tenantId, networkId, ip, startedBy)
                .map(tunnel -> new ExtensionOutcome(tunnel, timeToReachable(tenantId, networkId, ip).orElse(null)));
    }

    /**
     * Proxies a failed-over VM's IP to the provider: tunnel up (started if needed, hot when warm), IP proxied at both
     * ends with gratuitous ARP. Needs nothing of the guest, so it may run while the VM powers on. Empty when there is no
     * data plane.
     *
     * @throws NetworkExtensionException when the tunnel does not come up or an NEA refuses the change
     */
    public Optional<TunnelStatus> proxy(long tenantId, long networkId, String ip, String startedBy) {
        Optional<NetworkExtension> extension = dataPlane.extension();
        if (extension.isEmpty()) {
            return Optional.empty();
        }
        ExtendedNetworks.Ref ref = extended.ref(tenantId, networkId);
        FlipBatches.Batch batch = flipBatches.join(networkId, ip);
        TunnelStatus tunnel;
        synchronized (extended.lock(networkId)) {
            tunnel = flipBatches.applyOnce(networkId, batch, ips -> extend(extension.get(), ref, ips, startedBy));
        }
        log.info("{} of {} extended to the provider", ip, ref.label());
        tasks.findActive(TaskType.VPN_TUNNEL, ref.taskKey())
                .ifPresent(task -> tasks.info(task, ip, extension.get().announcesOnTheLan() ? "Extended to the provider (gratuitous ARP sent on the tenant LAN)."
                        : "Extended to the provider; LAN hosts that still know the original's MAC follow once it expires (kernel proxy-ARP sends no announcement)."));
        return Optional.of(tunnel);
    }

    /** One flip for the IPs of a batch: the NEA pair and tunnel up, then both NEAs told the new set at once. */
    private TunnelStatus extend(NetworkExtension extension, ExtendedNetworks.Ref ref, Set<String> ips, String startedBy) {
        idle.cancel(ref.info().id());
        TunnelStatus tunnel = bringUp(extension, ref, startedBy, null);
        extension.addFailedOverIps(ref.network(), ips);
        return tunnel;
    }

    /**
     * From now until {@code ip} first answers from the tenant LAN (a ping from a host there); empty when it does not
     * within the wait or nothing here can ping from the tenant LAN.
     */
    public Optional<Duration> timeToReachable(long tenantId, long networkId, String ip) {
        TenantNetworkRef network = extended.ref(tenantId, networkId).network();
        return timeUntil(check -> check.firstReplyFromTenantLan(network, ip, REACHABLE_WAIT));
    }

    /**
     * From now until {@code ip} answers a host of the tenant LAN from the tenant site itself (TTL 64: a VM there, not
     * the replica); empty when it does not within the wait or nothing here can ping from the tenant LAN.
     */
    public Optional<Duration> timeToReachableAtSite(long tenantId, long networkId, String ip) {
        TenantNetworkRef network = extended.ref(tenantId, networkId).network();
        return timeUntil(check -> check.firstLocalReplyFromTenantLan(network, ip, REACHABLE_WAIT));
    }

    private Optional<Duration> timeUntil(java.util.function.Function<ReachabilityCheck, Optional<Instant>> firstReply) {
        Instant start = Instant.now();
        return reachability.flatMap(firstReply).map(reply -> Duration.between(start, reply));
    }

    /**
     * Opening the failover wizard, or an API client announcing a failover ({@code occasion}): brings network
     * {@code networkId}'s NEA pair and tunnel up now, so the failover that may follow finds them hot; they are let go
     * after the idle grace period unless a VM fails over meanwhile. Nothing happens without a data plane, without a
     * grace period, or while VMs of the network are failed over.
     *
     * @throws NetworkExtensionException when the appliances or the tunnel do not come up (the failover tries again)
     */
    public void warmUp(long tenantId, long networkId, String startedBy, WarmUpFor occasion) {
        Optional<NetworkExtension> extension = dataPlane.extension();
        if (warmUpUnavailableReason().isPresent()) {
            return;
        }
        ExtendedNetworks.Ref ref = extended.ref(tenantId, networkId);
        synchronized (extended.lock(networkId)) {
            if (!extension.get().failedOverIps(ref.network()).isEmpty()) {
                return;
            }
            bringUp(extension.get(), ref, startedBy, occasion);
            idle.startGracePeriod(networkId, () -> stopIfIdle(tenantId, networkId));
        }
    }

    /**
     * The NEA pair and tunnel of {@code ref}, started when this node has not brought them up yet (the VPN Tunnel task
     * logs it once); a network already up costs one status call. {@code warmUp}: why it is warmed up before any
     * failover; null for a failover.
     */
    private TunnelStatus bringUp(NetworkExtension extension, ExtendedNetworks.Ref ref, String startedBy, WarmUpFor warmUp) {
        long networkId = ref.info().id();
        if (extended.isUp(networkId)) {
            TunnelStatus known = extension.status(ref.network());
            if (known.up()) {
                return known;
            }
        }
        long started = System.nanoTime();
        Set<NeaRole> ranBefore = applianceVms.ensureRunning(ref.network().tenant(), ref.tenantId(), ref.info(),
                role -> extension.applianceAnswers(ref.network(), role));
        // one active task per network on all nodes: another node's may be returned, and must not be finished here
        boolean ownTask = tasks.findActive(TaskType.VPN_TUNNEL, ref.taskKey()).isEmpty();
        long tunnelTask = tasks.startActive(TaskType.VPN_TUNNEL, ref.tenantId(), "VPN Tunnel for " + ref.label(), startedBy, ref.taskKey());
        boolean adopted = !extension.failedOverIps(ref.network()).isEmpty();   // up before this node's restart
        TunnelStatus tunnel;
        try {
            tunnel = upOrPowerCycled(extension, ref, ranBefore, tunnelTask);
        } catch (RuntimeException e) {
            afterFailedStart(extension, ref, tunnelTask, ownTask, warmUp, e);
            throw e;
        }
        if (extended.markUp(networkId) && !adopted) {
            tasks.info(tunnelTask, null, (warmUp == null ? "" : "Warmed up for " + warmUp.label() + ": ") + "NEA VMs running; tunnel up through the Cloud Gateway in "
                    + (System.nanoTime() - started) / 1_000_000 + " ms"
                    + (tunnel.rttMs() == null ? "" : String.format(" (RTT %.2f ms)", tunnel.rttMs()))
                    + (idle.keepsWarm() ? "; kept up " + idle.describe() + " after the last VM leaves (idle grace period)." : "."));
            events.publishEvent(new TunnelStateChanged(ref.tenantId(), ref.label(), true));
        }
        return tunnel;
    }

    /**
     * A start that failed leaves nothing running that carries nothing: the NEAs stop, their VMs are powered off (a
     * tenant NEA its tenant keeps running stays) and the VPN Tunnel task fails saying why, so a failover that follows
     * boots them afresh rather than waiting out a silent agent first, and no task claims a tunnel that is not there.
     * NEAs that may carry VMs failed over before (what they extend is unknown: the portal restarted and could not ask)
     * or that another portal node holds are left running, and the task says so.
     */
    private void afterFailedStart(NetworkExtension extension, ExtendedNetworks.Ref ref, long tunnelTask, boolean ownTask, WarmUpFor warmUp,
                                  RuntimeException why) {
        String what = warmUp == null ? "Bringing the tunnel up for a failover" : "Warming up for " + warmUp.label();
        if (EnumSet.allOf(NeaRole.class).stream().anyMatch(role -> nodeHolding(ref, role).isPresent())) {
            if (ownTask && !extended.isUp(ref.info().id())) {   // this start's own: left active, it would claim a tunnel for good
                tasks.finish(tunnelTask, TaskState.FAILED, what + " failed: " + why.getMessage() + " The next failover tries again.");
            } else {   // the task of a tunnel up before, on this node or another: it stays theirs
                tasks.warn(tunnelTask, null, what + " failed: " + why.getMessage() + " The next failover tries again.");
            }
            return;
        }
        if (!extended.knowsWhatItExtends(extension, ref) || !extension.carriesNothing(ref.network())) {
            tasks.warn(tunnelTask, null, what + " failed (" + why.getMessage() + "). The NEAs were left running: they may extend VMs"
                    + " failed over before the portal restarted. The next failover tries again.");
            return;
        }
        extended.markDown(ref.info().id());
        try {
            stopNeas(extension, ref);
        } catch (RuntimeException e) {
            log.warn("Stopping the NEAs of {} after their failed start failed; their VMs are powered off anyway: {}", ref.label(), e.getMessage(), e);
        }
        tasks.finish(tunnelTask, TaskState.FAILED, what + " failed (" + why.getMessage() + "). The NEA VMs were powered off"
                + (ref.info().tenantNeaKeptRunning() ? " (the tenant NEA stays, as you keep it)" : "") + "; the next failover starts them again.");
        powerOffAppliances(ref.tenantId(), ref);
    }

    /**
     * The tunnel up. An agent that stays silent although its VM was running before this start (its guest hangs, or it
     * was shut down and its VM's power-off failed) does not come back by waiting longer: its VM is power-cycled once,
     * as an operator would, and the tunnel tried again. One connected to another portal node is not silent: it serves
     * that node, which alone reaches it (ADR 0008), and is left running.
     */
    private TunnelStatus upOrPowerCycled(NetworkExtension extension, ExtendedNetworks.Ref ref, Set<NeaRole> ranBefore, long tunnelTask) {
        try {
            return extension.ensureUp(ref.network());
        } catch (ApplianceNotConnectedException e) {
            List<NeaRole> silent = ranBefore.stream().filter(role -> !extension.applianceRunning(ref.network(), role)).sorted().toList();
            silent.forEach(role -> failIfConnectedElsewhere(ref, role, e));
            if (silent.isEmpty()) {
                throw e;
            }
            String cycling = "Power-cycling " + silent.stream().map(role -> "the " + role.name().toLowerCase(Locale.ROOT) + " NEA's")
                    .collect(Collectors.joining(" and ")) + (silent.size() == 1 ? " VM" : " VMs") + " once (running already, agent silent) and trying again.";
            log.warn("{} {} ({})", e.getMessage(), cycling, ref.label());
            tasks.warn(tunnelTask, null, e.getMessage() + " " + cycling);
            applianceVms.powerCycle(ref.network().tenant(), ref.tenantId(), ref.info(), silent);
            return extension.ensureUp(ref.network());
        }
    }

    private boolean notHeldElsewhere(ExtendedNetworks.Ref ref, NeaRole role) {
        Optional<String> node = nodeHolding(ref, role);
        node.ifPresent(holder -> log.info("The {} NEA of {} is connected to portal node {}: its VM stays powered on for that node",
                role.name().toLowerCase(Locale.ROOT), ref.label(), holder));
        return node.isEmpty();
    }

    private void failIfConnectedElsewhere(ExtendedNetworks.Ref ref, NeaRole role, ApplianceNotConnectedException notHere) {
        nodeHolding(ref, role).ifPresent(node -> {
            throw new NetworkExtensionException("the " + role.name().toLowerCase(Locale.ROOT) + " NEA of " + ref.label()
                    + " is connected to another portal node (" + node + "), which alone reaches it, so this node cannot configure it"
                    + " (ADR 0008: networks are extended from one portal node). It was left running.", notHere);
        });
    }

    /** The other portal node that holds the NEA's control stream; empty when none does (it may be connected here). */
    private Optional<String> nodeHolding(ExtendedNetworks.Ref ref, NeaRole role) {
        return connections.connectedElsewhere(ref.network().applianceId(role));
    }

    /**
     * Takes a VM's IP back from the provider. When the last one leaves, the NEA pair and tunnel stay up for the idle
     * grace period (the VPN Tunnel task says so) and are let go after it, NEA VMs powered off; without a grace period
     * at once (also when an earlier release stopped the tunnel but could not power them off: retries finish the job;
     * a site that cannot be reached is logged, never fails the caller).
     *
     * @throws NetworkExtensionException when the tenant NEA does not take the IP back (or, after a portal restart, does
     *         not say what it extends): it may still answer for it, so the caller retries rather than go on
     */
    public void release(long tenantId, long networkId, String ip) {
        release(tenantId, networkId, ip, null);
    }

    /**
     * As {@link #release(long, long, String)}; with {@code macAtSite} (the MAC of the VM that has the IP at the tenant
     * site again, known from vSphere) the tenant NEA also announces that MAC for the IP, so every LAN host's ARP cache
     * points at that VM at once instead of at the NEA that answered for the replica. An announcement that fails is
     * logged: the VM's own announcement at boot, or the hosts' cache timeouts, still get there.
     */
    public void release(long tenantId, long networkId, String ip, String macAtSite) {
        Optional<NetworkExtension> extension = dataPlane.extension();
        if (extension.isEmpty()) {
            return;
        }
        ExtendedNetworks.Ref ref = extended.ref(tenantId, networkId);
        synchronized (extended.lock(networkId)) {
            // after a portal restart: asks the tenant NEA first; one that does not answer fails the release, as a change
            // it does not take would, since it may still answer for the IP the VM at the site takes back
            extension.get().adopt(ref.network());
            boolean held = extension.get().failedOverIps(ref.network()).contains(ip);
            if (held) {
                extension.get().removeFailedOverIp(ref.network(), ip);
                boolean announced = macAtSite != null && announceAtSite(extension.get(), ref, ip, macAtSite);
                tasks.findActive(TaskType.VPN_TUNNEL, ref.taskKey()).ifPresent(id -> tasks.info(id, ip,
                        "Back on the tenant LAN; no longer proxied to the provider" + (announced
                                ? " (announced for " + macAtSite + ", the VM at your site, so LAN hosts reach it at once)." : ".")));
            }
            if (!extension.get().failedOverIps(ref.network()).isEmpty()) {
                return;
            }
            if (idle.keepsWarm() && extended.isUp(networkId)) {
                if (held) {
                    tasks.findActive(TaskType.VPN_TUNNEL, ref.taskKey()).ifPresent(id -> tasks.info(id, null, "The last VM of " + ref.label()
                            + " left failover: both NEAs and the tunnel stay up " + idle.describe()
                            + " (idle grace period) so a next failover is instant, then stop."));
                }
                idle.startGracePeriod(networkId, () -> stopIfIdle(tenantId, networkId));
            } else {
                stopAppliances(extension.get(), ref, held, "The last VM of " + ref.label() + " left failover");
            }
        }
    }

    /**
     * The machine that claimed a failed-over IP at the tenant site is gone (split brain resolved): the tenant NEA
     * announces the IP again, so LAN hosts that followed that machine come back to the replica at once.
     */
    public void reclaim(long tenantId, long networkId, String ip) {
        Optional<NetworkExtension> extension = dataPlane.extension();
        if (extension.isEmpty()) {
            return;
        }
        ExtendedNetworks.Ref ref = extended.ref(tenantId, networkId);
        synchronized (extended.lock(networkId)) {
            if (extension.get().failedOverIps(ref.network()).contains(ip)) {
                announceAtSite(extension.get(), ref, ip, null);
            }
        }
    }

    private boolean announceAtSite(NetworkExtension extension, ExtendedNetworks.Ref ref, String ip, String mac) {
        try {
            extension.announceAtSite(ref.network(), ip, mac);
            return true;
        } catch (NetworkExtensionException | IllegalArgumentException e) {
            log.warn("The tenant NEA of {} did not announce {} for {}; LAN hosts follow when the VM announces itself: {}",
                    ref.label(), ip, mac, e.getMessage(), e);
            return false;
        }
    }

    /** The grace period of an idle network ended: its appliances go unless a VM failed over meanwhile. */
    private void stopIfIdle(long tenantId, long networkId) {
        Optional<NetworkExtension> extension = dataPlane.extension();
        ExtendedNetworks.Ref ref;
        try {
            ref = extended.ref(tenantId, networkId);
        } catch (IllegalStateException removed) {   // its removal stopped and destroyed its appliances
            log.info("The idle grace period of network {} ended after it was removed: nothing to let go", networkId);
            return;
        }
        try {
            synchronized (extended.lock(networkId)) {
                if (extension.isPresent() && extended.isUp(networkId) && extension.get().failedOverIps(ref.network()).isEmpty()) {
                    stopAppliances(extension.get(), ref, false, "No VM of " + ref.label() + " failed over for " + idle.describe()
                            + " (idle grace period)");
                }
            }
        } catch (RuntimeException e) {
            log.warn("Letting the idle appliances of network {} go failed; trying again after another idle grace period: {}", networkId,
                    e.getMessage(), e);
            idle.startGracePeriod(networkId, () -> stopIfIdle(tenantId, networkId));
        }
    }

    /**
     * Stops the NEA pair and tunnel (when up), completes the VPN Tunnel task and powers the NEA VMs off; a tenant NEA its
     * tenant keeps running stays, on its LAN with nothing proxied.
     */
    private void stopAppliances(NetworkExtension extension, ExtendedNetworks.Ref ref, boolean lastIpReleased, String why) {
        long networkId = ref.info().id();
        boolean keepTenantNea = ref.info().tenantNeaKeptRunning();
        idle.cancel(networkId);
        if (extended.isUp(networkId) || lastIpReleased) {
            stopNeas(extension, ref);   // may fail: the network stays up, so the next release or idle timer stops it again
            extended.markDown(networkId);
            events.publishEvent(new TunnelStateChanged(ref.tenantId(), ref.label(), false));
            tasks.findActive(TaskType.VPN_TUNNEL, ref.taskKey()).ifPresent(id -> tasks.finish(id, TaskState.SUCCEEDED, why + (keepTenantNea
                    ? ": provider NEA stopped, tunnel closed; the tenant NEA stays running, as you keep it, so a next failover boots only the provider NEA."
                    : ": both NEAs stopped, tunnel closed.")));
        }
        powerOffAppliances(ref.tenantId(), ref);
    }

    /** Both NEAs stopped and the tunnel closed; a tenant NEA its tenant keeps running stays, resting on its LAN. */
    private void stopNeas(NetworkExtension extension, ExtendedNetworks.Ref ref) {
        if (ref.info().tenantNeaKeptRunning()) {
            stopKeepingTenantNea(extension, ref);
        } else {
            extension.stop(ref.network());
        }
    }

    /** A tenant NEA that does not take its resting state is left as it is and logged: the next failover configures it anew. */
    private void stopKeepingTenantNea(NetworkExtension extension, ExtendedNetworks.Ref ref) {
        try {
            extension.stopKeepingTenantNea(ref.network());
        } catch (NetworkExtensionException e) {
            log.warn("The tenant NEA of {} did not take its resting state after the tunnel closed; the next failover configures it: {}",
                    ref.label(), e.getMessage(), e);
        }
    }

    /**
     * An NEA VM left running after the tunnel closed carries nothing; failing the VM's undo or rollback for it (a site
     * that is down) would put a replica that is back to normal in Error. So this warns, and the next release of the
     * network's last VM tries again. An NEA connected to another portal node serves that node's tunnel and stays on.
     * Also for the NEA VMs a pre-flight probe started and no failover used ({@link LanAddressProbes}).
     */
    void powerOffAppliances(long tenantId, ExtendedNetworks.Ref ref) {
        List<NeaRole> roles = (ref.info().tenantNeaKeptRunning() ? List.of(NeaRole.PROVIDER) : List.of(NeaRole.TENANT, NeaRole.PROVIDER))
                .stream().filter(role -> notHeldElsewhere(ref, role)).toList();
        try {
            applianceVms.powerOff(ref.network().tenant(), tenantId, ref.info(), roles);
        } catch (NetworkExtensionException e) {
            log.warn("The NEA VMs of {} stay powered on: {}", ref.label(), e.getMessage(), e);
        }
    }

    /**
     * Destroys the NEA VMs of a network that was just removed (call after the removal committed: this calls vSphere).
     *
     * @throws NetworkExtensionException when a site cannot be reached; the VMs stay until an administrator removes them
     */
    public void removeAppliances(long tenantId, TenantNetworkInfo removed) {
        TenantSummary tenant = tenancy.findTenant(tenantId).orElseThrow(() -> new IllegalStateException("No tenant " + tenantId));
        synchronized (extended.lock(removed.id())) {
            idle.cancel(removed.id());
            boolean warm = extended.markDown(removed.id());   // nothing failed over: a network in use cannot be removed
            // stopped even when not known as up here: after a restart a warm network's relay flow is still kept for the
            // gateways, and nothing else would ever close it
            dataPlane.extension().ifPresent(extension -> extension.stop(TenantNetworkRef.of(tenant.name(), removed)));
            if (warm) {
                tasks.findActive(TaskType.VPN_TUNNEL, ExtendedNetworks.tunnelTaskKey(tenantId, removed.id())).ifPresent(id -> tasks.finish(id,
                        TaskState.SUCCEEDED, "The network " + removed.label() + " was removed: both NEAs stopped, tunnel closed."));
            }
            applianceVms.remove(tenant.name(), tenantId, removed);
        }
        extended.forget(removed.id());
    }
}
