package io.lifeboat.failover;

import io.lifeboat.inventory.InventoryService;
import io.lifeboat.inventory.ReplicaInfo;
import io.lifeboat.inventory.RestorePointInfo;
import io.lifeboat.inventory.TenantSites;
import io.lifeboat.network.BackAtSiteReport;
import io.lifeboat.network.NetworkExtensionException;
import io.lifeboat.network.NetworkExtensionService;
import io.lifeboat.network.TenantNetworkService;
import io.lifeboat.network.TenantNetworkInfo;
import io.lifeboat.network.TunnelStatus;
import io.lifeboat.replica.ReplicaChange;
import io.lifeboat.replica.ReplicaEvent;
import io.lifeboat.replica.ReplicaOperationRunner;
import io.lifeboat.replica.ReplicaState;
import io.lifeboat.replica.ReplicaStatus;
import io.lifeboat.replica.ReplicaTransitions;
import io.lifeboat.shared.DatabaseOutage;
import io.lifeboat.tasks.Figure;
import io.lifeboat.tasks.TaskRecorder;
import io.lifeboat.tasks.TaskState;
import io.lifeboat.hypervisor.Hypervisor;
import io.lifeboat.hypervisor.HypervisorConnector;
import io.lifeboat.hypervisor.SnapshotInfo;
import io.lifeboat.hypervisor.VmInfo;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Carries out failover and undo on the provider's vCenter, VMs in parallel. Each step is idempotent and the
 * replicas' stored state says how far a run got, so a run resumed after a restart simply runs again.
 *
 * <p>Failover of one VM: take a marker snapshot (undo reverts to it), revert to the chosen restore point, connect the
 * NIC to the tenant's provider port group, power on. If a step fails, the VM is rolled back to its marker and is
 * Ready again; if even that fails (provider site down), it goes to ERROR with both reasons and a retry. The power-on is
 * recorded just before it is asked for: a run resumed after that (the node killed, the database away) leaves the
 * replica as it is, since it may already hold new writes, makes sure it runs and only completes the network flip.
 */
@Component
class FailoverRunner implements ReplicaOperationRunner {

    private static final Logger log = LoggerFactory.getLogger(FailoverRunner.class);
    /** A flip not done this long after its VM's power-on is waited for with a line in the task saying why. */
    static final Duration SLOW_FLIP = Duration.ofSeconds(5);

    private final ReplicaTransitions states;
    private final InventoryService inventory;
    private final TenantNetworkService networks;
    private final NetworkExtensionService extensions;
    private final HypervisorConnector connector;
    private final TaskRecorder tasks;
    private final ExecutorService workers;
    private final ExecutorService flips;
    private final ExecutorService reachabilityWatchers;
    private final Duration timeout;
    private final Timer failoverTimer;
    private final BackAtSiteReport backAtSite;
    private final MeterRegistry meters;

    FailoverRunner(ReplicaTransitions states, InventoryService inventory, TenantNetworkService networks,
                   NetworkExtensionService extensions, HypervisorConnector connector, TaskRecorder tasks,
                   @Qualifier("failoverWorkers") ExecutorService workers, @Qualifier("networkFlipWorkers") ExecutorService flips,
                   @Qualifier("reachabilityWatchers") ExecutorService reachabilityWatchers,
                   @Value("${lifeboat.failover.vsphere-timeout:PT2M}") Duration timeout, MeterRegistry meters,
                   BackAtSiteReport backAtSite) {
        this.backAtSite = backAtSite;
        this.meters = meters;
        this.states = states;
        this.inventory = inventory;
        this.networks = networks;
        this.extensions = extensions;
        this.connector = connector;
        this.tasks = tasks;
        this.workers = workers;
        this.flips = flips;
        this.reachabilityWatchers = reachabilityWatchers;
        this.timeout = timeout;
        this.failoverTimer = Timer.builder("lifeboat.failover.duration").description("Cloud Failover task: start to all VMs running")
                .publishPercentileHistogram().register(meters);
    }

    @Override
    public Set<ReplicaState> runs() {
        return EnumSet.of(ReplicaState.FAILOVER_STARTING, ReplicaState.UNDOING);
    }

    @Override
    public void run(ReplicaState operation, long taskId) {
        if (operation == ReplicaState.FAILOVER_STARTING) {
            runFailover(taskId);
        } else {
            runUndo(taskId);
        }
    }

    private void runFailover(long taskId) {
        long started = System.nanoTime();
        List<ReplicaStatus> pending = states.pending(taskId, ReplicaState.FAILOVER_STARTING);
        List<Future<?>> reachability = new CopyOnWriteArrayList<>();
        int succeeded = runAll(taskId, pending, started, step -> failoverOne(step, reachability));
        awaitReports(taskId, reachability);
        // A run resumed after an interruption (a restart, the database away) counts what the earlier run finished.
        int doneBefore = Math.max(0, states.pending(taskId, ReplicaState.FAILED_OVER).size() - succeeded);
        finish(taskId, pending.size() + doneBefore, succeeded + doneBefore, "running at the provider");
        failoverTimer.record(Duration.ofNanos(System.nanoTime() - started));
    }

    private void runUndo(long taskId) {
        List<ReplicaStatus> pending = states.pending(taskId, ReplicaState.UNDOING);
        int succeeded = runAll(taskId, pending, System.nanoTime(), this::undoOne);
        finish(taskId, pending.size(), succeeded, "stopped and reverted; they are Ready again");
    }

    private int runAll(long taskId, List<ReplicaStatus> pending, long runStartedNanos, Function<Step, Boolean> work) {
        if (pending.isEmpty()) {
            return 0;
        }
        TenantSites sites = inventory.sitesOf(pending.get(0).getTenantId());
        AtomicInteger done = new AtomicInteger();
        List<Future<Boolean>> outcomes = new ArrayList<>();
        for (ReplicaStatus status : pending) {
            outcomes.add(workers.submit(() -> {
                boolean ok = work.apply(new Step(taskId, status, sites, runStartedNanos));
                tasks.progress(taskId, 100 * done.incrementAndGet() / pending.size());
                return ok;
            }));
        }
        int succeeded = 0;
        RuntimeException databaseAway = null;
        for (Future<Boolean> outcome : outcomes) {
            try {
                succeeded += outcome.get() ? 1 : 0;
            } catch (ExecutionException e) {
                if (DatabaseOutage.isCauseOf(e.getCause()) && e.getCause() instanceof RuntimeException away) {
                    databaseAway = away; // not this VM's failure: the whole run resumes once the database is back
                } else {
                    log.error("Task {}: a VM's run ended with an unexpected error", taskId, e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while task " + taskId + " was running", e);
            }
        }
        if (databaseAway != null) {
            throw databaseAway;
        }
        return succeeded;
    }

    /** The task ends once every VM's time-to-reachable is logged (or known not to come). */
    private static void awaitReports(long taskId, List<Future<?>> reports) {
        for (Future<?> report : reports) {
            try {
                report.get();
            } catch (ExecutionException e) {
                log.warn("Task {}: a VM's time-to-reachable could not be reported", taskId, e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while task " + taskId + " awaited its VMs' first replies", e);
            }
        }
    }

    /**
     * Fails one VM over. It is failed over once it runs at the provider with its IP extended; its first reply from the
     * tenant LAN is then awaited on a watcher of its own ({@code reachability}), so a worker goes on to the next VM at
     * once instead of waiting for this one's guest to boot (50 VMs on 8 workers waited for 6 boots in a row).
     */
    private boolean failoverOne(Step step, List<Future<?>> reachability) {
        StepTimes times = new StepTimes(step.runStartedNanos());
        ReplicaInfo replica = step.replica(inventory);
        long started = System.nanoTime();
        times.done("load");
        String stage = "connecting to the provider site";
        Hypervisor provider = null;
        Future<Flip> proxied = null;
        boolean startedBefore = step.status().isFailoverPowerOnAsked();
        try {
            provider = connector.connect(step.sites().providerSite());
            times.done("connect");
            TenantNetworkInfo network = java.util.Optional.ofNullable(replica.networkId()).flatMap(networks::find)
                    .orElseThrow(() -> new IllegalStateException("its tenant network is no longer configured"));
            long flipStarted = System.nanoTime();
            // The ARP flip needs nothing of the guest nor of vCenter: done while vCenter takes the marker, reverts, connects
            // and powers the VM on, the IP is routed to the provider by the time the guest answers.
            proxied = flips.submit(() -> new Flip(extensions.proxy(replica.tenantId(), network.id(),
                    replica.ipAddress(), step.status().getStartedBy()), System.nanoTime()));
            String marker = step.status().getMarkerSnapshotId();
            if (marker == null) {
                stage = "taking the undo marker snapshot";
                states.record(replica.id(), new ReplicaChange.RecordMarker(markerOf(provider, replica.vmId(), step.taskId())));
                times.done("marker");
            }
            long poweredOn;
            if (startedBefore) {
                // An earlier run reverted it and asked for its power-on: it may serve and hold writes a revert would lose.
                stage = "making sure it runs";
                provider.powerOn(replica.vmId(), timeout);   // already on: nothing to do
                poweredOn = System.nanoTime();
                tasks.info(step.taskId(), replica.vmName(), "An earlier run already started " + replica.vmName()
                        + " at the provider; it is left running as it is.");
            } else {
                RestorePointInfo point = restorePoint(replica, step.status().getRestorePointId());
                stage = "reverting to restore point \"" + point.name() + "\"";
                provider.revertToSnapshot(replica.vmId(), point.snapshotId(), timeout);
                times.done("revert");
                stage = "connecting its NIC to " + network.providerPortGroup();
                provider.connectNic(replica.vmId(), network.providerPortGroup(), timeout);
                times.done("NIC");
                stage = "powering it on";
                // recorded first: once on it may take writes, and a run resumed after any later outage must not revert it
                states.record(replica.id(), new ReplicaChange.RecordFailoverPowerOnAsked());
                provider.powerOn(replica.vmId(), timeout);
                poweredOn = System.nanoTime();
                times.done("power-on");
                times.record(meters);
                tasks.info(step.taskId(), replica.vmName(), "Running at the provider from restore point \"" + point.name() + "\", on "
                        + network.providerPortGroup() + " with IP " + replica.ipAddress() + " (" + millisSince(started) + " ms: " + times.summary() + ").");
            }
            stage = "extending " + network.label() + " to the provider";
            Flip flip = awaitFlip(step, replica, network, proxied);
            recordFlip(flip, flipStarted);
            states.apply(replica.id(), replica.tenantId(), replica.vmName(), ReplicaEvent.FAILOVER_DONE);
            reachability.add(reachabilityWatchers.submit(() -> watchReachability(step, replica, network, flip, poweredOn)));
            return true;
        } catch (RuntimeException e) {
            if (DatabaseOutage.isCauseOf(e)) {
                throw e; // no roll-back: nothing failed at the provider, and the run resumes from the stored state
            }
            settle(proxied, e);
            if (movedOnElsewhere(step, replica)) {
                log.warn("Task {}: {} was moved on by another run of its task meanwhile (this one failed while {}); it is left as that run left it",
                        step.taskId(), replica.vmName(), stage, e);
                return isFailedOver(replica);   // so this run's end of the task says what the other run did
            }
            log.warn("Task {}: failover of {} failed while {}", step.taskId(), replica.vmName(), stage, e);
            String reason = "Failover failed while " + stage + ": " + e.getMessage();
            if (startedBefore) {
                leaveRunning(step, replica, reason);
            } else {
                tasks.error(step.taskId(), replica.vmName(), reason);
                rollBack(step, replica, provider, reason);
            }
            return false;
        }
    }

    /**
     * This task's marker snapshot: the one a run killed between taking it and recording it left behind, else a new one.
     * Taking a second would leave the first on the VM for good, and undo would revert to the wrong one.
     */
    private String markerOf(Hypervisor provider, String vmId, long taskId) {
        String name = InventoryService.LIFEBOAT_SNAPSHOT_PREFIX + "failover-" + taskId;
        return provider.findVm(vmId).snapshots().stream().filter(s -> s.name().equals(name)).map(SnapshotInfo::id).findFirst()
                .orElseGet(() -> provider.takeSnapshot(vmId, name, "Taken by Lifeboat before failover; Undo failover reverts to it.", timeout));
    }

    /**
     * The flip's outcome. Hot, it is done by power-on; when the network's appliances are still starting after a few
     * seconds (cold on real hardware, or a vCenter that does not answer), the task says what the VM waits for.
     */
    private Flip awaitFlip(Step step, ReplicaInfo replica, TenantNetworkInfo network, Future<Flip> proxied) {
        if (!endedWithin(proxied, SLOW_FLIP)) {
            tasks.info(step.taskId(), replica.vmName(), "Running at the provider; waiting for " + network.label() + " to be extended to it:"
                    + " its network extension appliances are still starting, each through its site's vCenter.");
        }
        return outcome(proxied);
    }

    /** Whether the future ended, either way, within {@code wait}; what it ended with is {@link #outcome}'s to report. */
    private static boolean endedWithin(Future<?> future, Duration wait) {
        try {
            future.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException slow) {
            return false;
        } catch (ExecutionException failed) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();   // outcome() reports it
            return true;
        }
    }

    /** A step failed: the flip running beside it ends first, so the roll-back releases what it did. */
    private static void settle(Future<Flip> proxied, RuntimeException failure) {
        if (proxied == null) {
            return;
        }
        try {
            outcome(proxied);
        } catch (RuntimeException flipFailed) {
            if (flipFailed != failure) {
                failure.addSuppressed(flipFailed);
            }
        }
    }

    private static <T> T outcome(Future<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while extending the network", e);
        }
    }

    /** The flip runs beside the vCenter steps, so its timer counts from its own start (after "connect"), not back to back. */
    private void recordFlip(Flip flip, long startedNanos) {
        Timer.builder(StepTimes.TIMER).description("One step of a VM's failover").tag("step", "flip").register(meters)
                .record(Duration.ofNanos(flip.doneNanos() - startedNanos));
    }

    /** The ARP flip done beside the power-on: the tunnel (empty without a data plane) and when it was done. */
    private record Flip(Optional<TunnelStatus> tunnel, long doneNanos) {
    }

    /** The VM is failed over whatever this finds: a check that breaks is said in the task log, not a failure. */
    private void watchReachability(Step step, ReplicaInfo replica, TenantNetworkInfo network, Flip flip, long poweredOnNanos) {
        try {
            reportReachability(step, replica, network, flip, poweredOnNanos);
        } catch (RuntimeException e) {
            log.warn("Task {}: the first reply of {} from the tenant LAN could not be awaited", step.taskId(), replica.vmName(), e);
            tasks.warn(step.taskId(), replica.vmName(), "Running and extended, but its first reply from your LAN could not be awaited: "
                    + e.getMessage());
        }
    }

    /**
     * Logs the time-to-reachable: from power-on to the first reply on the tenant LAN, and whether the network extension
     * was ready by then (warm or hot) or had to start its appliances and tunnel first (cold).
     */
    private void reportReachability(Step step, ReplicaInfo replica, TenantNetworkInfo network, Flip flip, long poweredOnNanos) {
        if (flip.tunnel().isEmpty()) {
            tasks.warn(step.taskId(), replica.vmName(), "Network not extended: " + extensions.unavailableReason());
            return;
        }
        Optional<Duration> fromNow = extensions.timeToReachable(replica.tenantId(), network.id(), replica.ipAddress());
        if (fromNow.isEmpty()) {
            tasks.warn(step.taskId(), replica.vmName(), "Extended, but " + replica.ipAddress() + " did not answer from your LAN yet (is the guest up?).");
            return;
        }
        long total = millisSince(poweredOnNanos);
        long extensionLate = (flip.doneNanos() - poweredOnNanos) / 1_000_000;
        tasks.info(step.taskId(), replica.vmName(), "Reachable from your LAN at " + replica.ipAddress() + ": time-to-reachable " + total
                + " ms after power-on (" + (extensionLate <= 0 ? "the network extension was ready before the VM was powered on"
                : "the network extension was ready " + extensionLate + " ms after power-on") + ").");
        tasks.figure(step.taskId(), replica.vmName(), Figure.TIME_TO_REACHABLE_MS, total);
    }

    /**
     * Whether the replica is no longer this task's failover under way: another node that took the task over (while this
     * one sat in a long vCenter call through a database outage) finished it. Rolled back here, a replica that run had
     * failed over would be powered off and reverted under its feet.
     */
    private boolean isFailedOver(ReplicaInfo replica) {
        return states.find(replica.id()).map(status -> status.getState() == ReplicaState.FAILED_OVER).orElse(false);
    }

    private boolean movedOnElsewhere(Step step, ReplicaInfo replica) {
        return states.find(replica.id()).map(status -> status.getState() != ReplicaState.FAILOVER_STARTING
                || !java.util.Objects.equals(status.getTaskId(), step.taskId())).orElse(false);
    }

    /**
     * A resumed run failed after an earlier one had powered the replica on: it may have served, and held writes, since
     * (through a database outage, or a node that died). Rolled back, those writes would be lost: it stays as it is, in
     * ERROR, and the tenant chooses between resuming the failover and discarding them.
     */
    private void leaveRunning(Step step, ReplicaInfo replica, String reason) {
        states.fail(step.taskId(), replica.id(), replica.tenantId(), replica.vmName(), reason + " " + replica.vmName()
                + " was left as it is at the provider, not rolled back: an earlier run started it, and it may hold new writes."
                + " Retry failover resumes the failover; Undo failover discards what it wrote.");
    }

    private void rollBack(Step step, ReplicaInfo replica, Hypervisor provider, String reason) {
        try {
            states.record(replica.id(), new ReplicaChange.RollingBackFailover());
            releaseNetwork(step, replica);
            Hypervisor hypervisor = provider != null ? provider : connector.connect(step.sites().providerSite());
            String marker = states.find(replica.id()).map(ReplicaStatus::getMarkerSnapshotId).orElse(null);
            restoreToMarker(hypervisor, replica, marker);
            states.apply(replica.id(), replica.tenantId(), replica.vmName(), ReplicaEvent.FAILOVER_ROLLED_BACK);
            tasks.info(step.taskId(), replica.vmName(), "Rolled back: the replica is powered off, unchanged and Ready again.");
        } catch (RuntimeException cleanupFailure) {
            log.warn("Task {}: rollback of {} failed", step.taskId(), replica.vmName(), cleanupFailure);
            String message = reason + " The clean-up failed too (" + cleanupFailure.getMessage()
                    + "). The replica may be half-started: use Retry clean-up when the provider site is reachable again.";
            states.apply(replica.id(), replica.tenantId(), replica.vmName(), ReplicaEvent.STEP_FAILED, new ReplicaChange.RecordError(message));
            tasks.error(step.taskId(), replica.vmName(), "Clean-up failed: " + cleanupFailure.getMessage() + " The VM is in Error; retry the clean-up from its options.");
        }
    }

    private boolean undoOne(Step step) {
        ReplicaInfo replica = step.replica(inventory);
        try {
            long released = System.nanoTime();
            releaseNetwork(step, replica);
            Hypervisor provider = connector.connect(step.sites().providerSite());
            restoreToMarker(provider, replica, step.status().getMarkerSnapshotId());
            states.apply(replica.id(), replica.tenantId(), replica.vmName(), ReplicaEvent.UNDO_DONE);
            tasks.info(step.taskId(), replica.vmName(), "Powered off and reverted to its state before failover; changes made in it were discarded.");
            reportOriginal(step, replica, released);
            return true;
        } catch (RuntimeException e) {
            log.warn("Task {}: undo of {} failed", step.taskId(), replica.vmName(), e);
            String message = "Undo failed: " + e.getMessage() + (e instanceof NetworkExtensionException
                    ? " Retry once the network extension appliances answer: until then the tenant NEA may still answer for " + replica.ipAddress() + "."
                    : " Retry when the provider site is reachable.");
            states.fail(step.taskId(), replica.id(), replica.tenantId(), replica.vmName(), message);
            return false;
        }
    }

    /**
     * After an undo the IP is the original VM's again: when it runs at the tenant site, how soon it answered there (from
     * the release); when it is off, what brings it back. A tenant site that cannot be asked only leaves the advice out.
     */
    private void reportOriginal(Step step, ReplicaInfo replica, long releasedNanos) {
        if (replica.productionVmId() == null) {
            return;
        }
        try {
            Hypervisor tenantSite = connector.connect(step.sites().tenantSite());
            if (tenantSite.findVm(replica.productionVmId()).powerState() == VmInfo.PowerState.POWERED_ON) {
                backAtSite.report(step.taskId(), replica.tenantId(), replica.networkId(), replica.vmName(), replica.ipAddress(),
                        releasedNanos, "from the release of its IP, the original VM running at your site");
            } else {
                tasks.info(step.taskId(), replica.vmName(), "Your original VM is powered off: " + replica.ipAddress()
                        + " answers at your site once you power it on.");
            }
        } catch (RuntimeException e) {
            log.warn("Task {}: cannot tell whether the original of {} runs at the tenant site", step.taskId(), replica.vmName(), e);
        }
    }

    /**
     * The tenant LAN takes the IP back first, so nothing is proxied to a VM that is going away; LAN hosts are pointed at
     * the original VM's MAC at once.
     */
    private void releaseNetwork(Step step, ReplicaInfo replica) {
        if (replica.networkId() != null) {
            extensions.release(replica.tenantId(), replica.networkId(), replica.ipAddress(), originalMac(step, replica));
        }
    }

    /** The original VM's MAC from the tenant site's vCenter; null when it is not known or the site does not answer. */
    private String originalMac(Step step, ReplicaInfo replica) {
        if (replica.productionVmId() == null) {
            return null;
        }
        try {
            return connector.connect(step.sites().tenantSite()).macAddress(replica.productionVmId()).orElse(null);
        } catch (RuntimeException e) {
            log.warn("Task {}: the MAC of the original of {} is not known ({}); LAN hosts follow when it announces itself",
                    step.taskId(), replica.vmName(), e.getMessage());
            return null;
        }
    }

    /**
     * Powers the replica off and, when a marker exists, reverts to it and removes it. A marker already gone was reverted
     * to and removed by a run that was killed before it could record so: there is nothing left to restore.
     */
    private void restoreToMarker(Hypervisor provider, ReplicaInfo replica, String marker) {
        provider.powerOff(replica.vmId(), timeout);
        if (marker != null && hasSnapshot(provider, replica.vmId(), marker)) {
            provider.revertToSnapshot(replica.vmId(), marker, timeout);
            provider.removeSnapshot(replica.vmId(), marker, timeout);
        }
    }

    private static boolean hasSnapshot(Hypervisor provider, String vmId, String snapshotId) {
        return provider.findVm(vmId).snapshots().stream().anyMatch(s -> s.id().equals(snapshotId));
    }

    private void finish(long taskId, int total, int succeeded, String doneText) {
        if (total == 0) {
            return; // an earlier, interrupted run did the work: ReplicaOperationJob ends the task as its replicas say it went
        }
        if (succeeded == total) {
            tasks.finish(taskId, TaskState.SUCCEEDED, plural(total) + " " + doneText + ".");
        } else if (succeeded == 0) {
            tasks.finish(taskId, TaskState.FAILED, "Failed for " + plural(total) + "; see the log lines for each VM.");
        } else {
            tasks.finish(taskId, TaskState.PARTIALLY_FAILED, succeeded + " of " + plural(total) + " " + doneText + "; the others failed (see their log lines).");
        }
    }

    private RestorePointInfo restorePoint(ReplicaInfo replica, Long restorePointId) {
        return inventory.restorePoints(replica.tenantId(), replica.id()).stream().filter(p -> restorePointId != null && p.id() == restorePointId)
                .findFirst().orElseThrow(() -> new IllegalStateException("the chosen restore point no longer exists in vCenter"));
    }

    private static String plural(int vms) {
        return vms + (vms == 1 ? " VM" : " VMs");
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private record Step(long taskId, ReplicaStatus status, TenantSites sites, long runStartedNanos) {

        ReplicaInfo replica(InventoryService inventory) {
            return inventory.requireReplica(status.getTenantId(), status.getReplicaId());
        }
    }
}
