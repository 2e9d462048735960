package io.lifeboat.drill;

import io.lifeboat.inventory.InventoryService;
import io.lifeboat.inventory.ReplicaInfo;
import io.lifeboat.inventory.RestorePointInfo;
import io.lifeboat.inventory.TenantSites;
import io.lifeboat.replica.ReplicaEvent;
import io.lifeboat.replica.ReplicaOperationRunner;
import io.lifeboat.replica.ReplicaState;
import io.lifeboat.replica.ReplicaChange;
import io.lifeboat.replica.ReplicaStatus;
import io.lifeboat.replica.ReplicaTransitions;
import io.lifeboat.tasks.TaskRecorder;
import io.lifeboat.tasks.TaskState;
import io.lifeboat.hypervisor.Hypervisor;
import io.lifeboat.hypervisor.HypervisorConnector;
import io.lifeboat.hypervisor.SnapshotInfo;
import io.lifeboat.shared.DatabaseOutage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.ArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Qualifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.lifeboat.tenancy.TenancyService;
import io.lifeboat.tenancy.TenantSummary;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Carries out the start and the end of a drill on the provider's vCenter. Start of one VM: remember its port group,
 * take a marker snapshot, revert to the chosen restore point, connect the NIC to the network's isolated port group,
 * power on. End: power off, revert to the marker and remove it, reconnect the NIC where it was. No network extension
 * and nothing at the tenant's site. Once the VMs are on, a probe inside the bubble runs the checks the tenant named
 * (ping, TCP ports), recording power-on → first success of each. Steps are idempotent and the stored state says how far a run got, so a resumed
 * run simply runs again. VMs are started, checked and ended in parallel on a few workers, so each VM's figures are its own
 * and not the sum of those before it.
 */
@Component
class DrillRunner implements ReplicaOperationRunner {

    private static final Logger log = LoggerFactory.getLogger(DrillRunner.class);

    private final ReplicaTransitions states;
    private final InventoryService inventory;
    private final HypervisorConnector connector;
    private final TaskRecorder tasks;
    private final DrillRepository drills;
    private final DrillVmRepository drillVms;
    private final Clock clock;
    private final Duration timeout;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;
    private final ObjectProvider<BubbleProbe> probe;
    private final TenancyService tenancy;
    private final Duration checkTimeout;
    private final DrillVmCheckRepository checks;
    private final DrillEvidence evidence;
    private final DrillEnding ending;
    private final ExecutorService workers;

    DrillRunner(ReplicaTransitions states, InventoryService inventory, HypervisorConnector connector,
                TaskRecorder tasks, DrillRepository drills, DrillVmRepository drillVms, Clock clock,
                @Value("${lifeboat.failover.vsphere-timeout:PT2M}") Duration timeout, PlatformTransactionManager transactions,
                ApplicationEventPublisher events, ObjectProvider<BubbleProbe> probe, TenancyService tenancy,
                @Value("${lifeboat.drill.check-timeout:PT60S}") Duration checkTimeout, DrillVmCheckRepository checks, DrillEvidence evidence, DrillEnding ending,
                @Qualifier("drillWorkers") ExecutorService workers) {
        this.ending = ending;
        this.workers = workers;
        this.checks = checks;
        this.evidence = evidence;
        this.events = events;
        this.probe = probe;
        this.tenancy = tenancy;
        this.checkTimeout = checkTimeout;
        this.states = states;
        this.inventory = inventory;
        this.connector = connector;
        this.tasks = tasks;
        this.drills = drills;
        this.drillVms = drillVms;
        this.clock = clock;
        this.timeout = timeout;
        this.transaction = new TransactionTemplate(transactions);
    }

    @Override
    public Set<ReplicaState> runs() {
        return EnumSet.of(ReplicaState.DRILL_STARTING, ReplicaState.DRILL_ENDING);
    }

    @Override
    public void run(ReplicaState operation, long taskId) {
        List<ReplicaStatus> pending = states.pending(taskId, operation);
        if (operation == ReplicaState.DRILL_STARTING) {
            start(taskId, pending);
        } else {
            end(taskId, pending);
        }
    }

    /**
     * Starts the VMs, checks them, and marks the drill started (or ended, when every VM rolled back). A run broken by a
     * defect still marks it started: no run resumes it, and a drill left Starting could never be ended, its started VMs
     * left in the drill for good. (The VMs it left starting go to Error next, see {@code OperationLeftovers}; each is
     * cleaned up by its Retry.) A database outage is not settled here: the whole run resumes once the database is back.
     */
    private void start(long taskId, List<ReplicaStatus> pending) {
        long succeeded;
        try {
            succeeded = eachVm(taskId, pending, this::startOne);
            drills.findByTaskId(taskId).ifPresent(drill ->
                    checkAll(taskId, drill, pending.stream().map(ReplicaStatus::getReplicaId).collect(Collectors.toSet())));
        } catch (RuntimeException broke) {
            if (!DatabaseOutage.isCauseOf(broke)) {
                settleAfterBreak(taskId, broke);
            }
            throw broke;
        }
        markStarted(taskId);
        finish(taskId, pending.size(), (int) succeeded, "running in the isolated network");
        // checked: a scheduled drill ends itself and files its report
        drills.findByTaskId(taskId).filter(drill -> drill.getScheduleId() != null)
                .ifPresent(drill -> ending.endIfRunning(drill.getId(), "schedule #" + drill.getScheduleId()));
    }

    private void end(long taskId, List<ReplicaStatus> pending) {
        if (pending.isEmpty() && states.ofTask(taskId).isEmpty()) {
            endWithNothingLeft(taskId);
            return;
        }
        long succeeded = eachVm(taskId, pending, this::endOne);
        pending.stream().map(s -> drillVms.findFirstByReplicaIdOrderByIdDesc(s.getReplicaId())).flatMap(Optional::stream)
                .map(DrillVm::getDrillId).distinct().forEach(this::endIfClean);
        finish(taskId, pending.size(), (int) succeeded, "powered off, reverted and Ready again");
    }

    /**
     * An end given no VM, as each was rolled back or cleaned up before (a drill left Starting by a start that broke off):
     * the drill is ended as it is and its report sealed. Left Ending, nothing would ever end it. A resumed run of an end
     * whose VMs are done has VMs in its task, and is ended from their states instead.
     */
    private void endWithNothingLeft(long taskId) {
        drills.findByEndTaskId(taskId).ifPresent(drill -> {
            endIfClean(drill.getId());
            if (drills.findById(drill.getId()).map(Drill::getState).orElse(null) == DrillState.ENDED) {
                tasks.finishIfRunning(taskId, TaskState.SUCCEEDED, "Ended with nothing left to end: each VM of test failover #" + drill.getId()
                        + " had been rolled back or cleaned up before. Its report is sealed.");
            }
        });
    }

    /** Runs {@code work} for each VM on the drill workers, raising the task's progress; returns how many succeeded. */
    private long eachVm(long taskId, List<ReplicaStatus> pending, Function<Step, Boolean> work) {
        AtomicInteger done = new AtomicInteger();
        return inParallel(pending, status -> {
            boolean ok = work.apply(step(taskId, status));
            tasks.progress(taskId, 100 * done.incrementAndGet() / pending.size());
            return ok;
        }).stream().filter(ok -> ok).count();
    }

    private void markStarted(long taskId) {
        drills.findByTaskId(taskId).ifPresent(drill -> {
            updateDrill(drill.getId(), Drill::started);
            endIfClean(drill.getId()); // every VM rolled back: nothing is left running
        });
    }

    /** The run broke off: the drill is marked started anyway; a failure doing so is kept with the break, which the job records. */
    private void settleAfterBreak(long taskId, RuntimeException broke) {
        try {
            markStarted(taskId);
        } catch (RuntimeException alsoFailed) {
            broke.addSuppressed(alsoFailed);
        }
    }

    private boolean startOne(Step step) {
        ReplicaInfo replica = step.replica();
        String stage = "connecting to the provider site";
        Hypervisor provider = null;
        try {
            provider = connector.connect(step.sites().providerSite());
            String originalNetwork = provider.findVm(replica.vmId()).network();
            updateVm(step.vm(), vm -> vm.rememberOriginalNetwork(originalNetwork));
            if (step.status().getMarkerSnapshotId() == null) {
                stage = "taking the marker snapshot";
                states.record(replica.id(), new ReplicaChange.RecordMarker(markerOf(provider, replica.vmId(), step.vm().getDrillId())));
            }
            RestorePointInfo point = restorePoint(replica, step.vm().getRestorePointId());
            stage = "reverting to restore point \"" + point.name() + "\"";
            provider.revertToSnapshot(replica.vmId(), point.snapshotId(), timeout);
            stage = "connecting its NIC to the isolated port group " + step.vm().getDrillNetwork();
            provider.connectNic(replica.vmId(), step.vm().getDrillNetwork(), timeout);
            stage = "powering it on";
            provider.powerOn(replica.vmId(), timeout);
            updateVm(step.vm(), vm -> vm.poweredOn(clock.instant()));
            states.apply(replica.id(), replica.tenantId(), replica.vmName(), ReplicaEvent.DRILL_STARTED);
            tasks.info(step.taskId(), replica.vmName(), "Running in the isolated port group " + step.vm().getDrillNetwork()
                    + " from restore point \"" + point.name() + "\" with IP " + replica.ipAddress() + "; your LAN is not connected to it.");
            return true;
        } catch (RuntimeException e) {
            log.warn("Task {}: test failover of {} failed while {}", step.taskId(), replica.vmName(), stage, e);
            String reason = "Test failover failed while " + stage + ": " + e.getMessage();
            tasks.error(step.taskId(), replica.vmName(), reason);
            updateVm(step.vm(), vm -> vm.startFailed(reason));
            rollBack(step, provider, reason);
            return false;
        }
    }

    /**
     * Runs the checks of each started VM from inside the bubble, VMs in parallel. Runs after every VM is on, so
     * one slow guest does not delay the others' start; the figure is measured from each VM's own power-on. Every VM of
     * the drill whose checks have no outcome yet is checked, not only those this run started: a start resumed after a
     * restart or a database outage found the others started already, and sealed a report without their checks.
     */
    private void checkAll(long taskId, Drill drill, Set<Long> startedNow) {
        String tenant = tenancy.findTenant(drill.getTenantId()).map(TenantSummary::name).orElse("?");
        List<DrillVm> unchecked = drillVms.findByDrillIdOrderByVmName(drill.getId()).stream().filter(DrillVm::awaitsChecks)
                .filter(vm -> states.stateOf(vm.getReplicaId()) == ReplicaState.IN_DRILL).toList();
        inParallel(unchecked, vm -> {
            if (!startedNow.contains(vm.getReplicaId())) {
                tasks.warn(taskId, vm.getVmName(), "Checked after the drill's start was resumed: its time from power-on to the first answer"
                        + " includes the interruption.");
            }
            checkOne(taskId, tenant, vm);
            return null;
        });
    }

    /**
     * Runs {@code work} for each VM on the bounded drill workers and waits for all; a failure outside a VM's own
     * handling (its drill row is gone) fails the run as it would one after another, but only once every VM is done:
     * failed earlier, the job would put VMs still being worked on in Error, or run them twice when it resumes. A
     * database outage goes first, as the whole run then resumes once the database is back.
     */
    private <V, T> List<T> inParallel(List<V> vms, Function<V, T> work) {
        List<Future<T>> outcomes = vms.stream().map(vm -> workers.submit(() -> work.apply(vm))).toList();
        List<T> results = new ArrayList<>();
        RuntimeException failure = null;
        for (Future<T> outcome : outcomes) {
            try {
                results.add(outcome.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while the drill's VMs were being handled", e);
            } catch (ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
                if (failure == null || (DatabaseOutage.isCauseOf(cause) && !DatabaseOutage.isCauseOf(failure))) {
                    failure = cause;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return results;
    }

    /**
     * Runs the VM's checks from inside the bubble, each from the VM's power-on until its first success or the check
     * timeout, and records each outcome; the VM passes when every check did, at the last check's first success.
     */
    private void checkOne(long taskId, String tenant, DrillVm vm) {
        BubbleProbe available = probe.getIfAvailable();
        String unavailable = available == null ? "no probe is placed in the isolated network" : available.unavailableReason();
        List<DrillVmCheck> named = checks.findByDrillVmIdOrderByPosition(vm.getId());
        if (unavailable != null) {
            named.forEach(c -> updateCheck(c, x -> x.notRun("Not run: " + unavailable + ".")));
            updateVm(vm, v -> v.checkNotRun("Not checked: " + unavailable + "."));
            tasks.warn(taskId, vm.getVmName(), "Not checked inside the isolated network: " + unavailable + ".");
            return;
        }
        int passed = 0;
        Instant last = null;
        for (DrillVmCheck check : named) {
            Optional<Instant> success = runCheck(taskId, available, tenant, vm, check);
            if (success.isPresent()) {
                passed++;
                last = last == null || success.get().isAfter(last) ? success.get() : last;
            }
        }
        Instant allPassedAt = last;
        String failed = (named.size() - passed) + " of " + named.size() + " checks failed or did not run; see each check.";
        if (passed == named.size() && allPassedAt != null) {
            updateVm(vm, v -> v.checked(allPassedAt));
        } else {
            updateVm(vm, v -> v.checkFailed(failed));
        }
    }

    private Optional<Instant> runCheck(long taskId, BubbleProbe available, String tenant, DrillVm vm, DrillVmCheck check) {
        DrillCheck what = check.check();
        String target = what.kind() == DrillCheck.Kind.PING ? "ping at " + vm.getIpAddress() : "TCP port " + what.port() + " at " + vm.getIpAddress();
        try {
            Optional<Instant> answer = what.kind() == DrillCheck.Kind.PING ? available.firstPing(tenant, vm.getIpAddress(), checkTimeout)
                    : available.firstTcpConnect(tenant, vm.getIpAddress(), what.port(), checkTimeout);
            if (answer.isPresent()) {
                updateCheck(check, c -> c.succeeded(answer.get()));
                tasks.info(taskId, vm.getVmName(), "Check " + what + " passed: " + target + " answered inside the isolated network "
                        + Duration.between(vm.getPoweredOnAt(), answer.get()).toMillis() + " ms after power-on.");
            } else {
                String note = "No answer to " + target + " within " + checkTimeout.toSeconds() + " s of the check.";
                updateCheck(check, c -> c.failed(note));
                tasks.warn(taskId, vm.getVmName(), "Check " + what + " failed: " + note);
            }
            return answer;
        } catch (RuntimeException e) {
            log.warn("Task {}: check {} of {} could not run", taskId, what, vm.getVmName(), e);
            updateCheck(check, c -> c.notRun("Not run: " + e.getMessage()));
            tasks.warn(taskId, vm.getVmName(), "Check " + what + " could not run: " + e.getMessage());
            return Optional.empty();
        }
    }

    private void rollBack(Step step, Hypervisor provider, String reason) {
        ReplicaInfo replica = step.replica();
        try {
            restore(provider != null ? provider : connector.connect(step.sites().providerSite()), step);
            states.apply(replica.id(), replica.tenantId(), replica.vmName(), ReplicaEvent.DRILL_ROLLED_BACK);
            updateVm(step.vm(), vm -> vm.cleanedUp(clock.instant()));
            tasks.info(step.taskId(), replica.vmName(), "Rolled back: the replica is powered off, unchanged and Ready again.");
        } catch (RuntimeException cleanupFailure) {
            log.warn("Task {}: rollback of {} failed", step.taskId(), replica.vmName(), cleanupFailure);
            String message = reason + " The clean-up failed too (" + cleanupFailure.getMessage() + "). Retry the clean-up when the provider site is reachable.";
            updateVm(step.vm(), vm -> vm.cleanupFailed(message));
            states.fail(step.taskId(), replica.id(), replica.tenantId(), replica.vmName(), message);
        }
    }

    private boolean endOne(Step step) {
        ReplicaInfo replica = step.replica();
        try {
            restore(connector.connect(step.sites().providerSite()), step);
            states.apply(replica.id(), replica.tenantId(), replica.vmName(), ReplicaEvent.DRILL_ENDED);
            updateVm(step.vm(), vm -> vm.cleanedUp(clock.instant()));
            tasks.info(step.taskId(), replica.vmName(), "Powered off, reverted to its state before the drill and back on "
                    + step.vm().getOriginalNetwork() + "; the marker snapshot is removed.");
            return true;
        } catch (RuntimeException e) {
            log.warn("Task {}: end of drill for {} failed", step.taskId(), replica.vmName(), e);
            String message = "Ending the test failover failed: " + e.getMessage() + " Retry when the provider site is reachable.";
            updateVm(step.vm(), vm -> vm.cleanupFailed(message));
            states.fail(step.taskId(), replica.id(), replica.tenantId(), replica.vmName(), message);
            return false;
        }
    }

    /**
     * This drill's marker snapshot: the one a run killed between taking it and recording it left behind, else a new one.
     * Taking a second would leave the first on the VM for good.
     */
    private String markerOf(Hypervisor provider, String vmId, long drillId) {
        return markerNamed(provider, vmId, drillId).orElseGet(() -> provider.takeSnapshot(vmId, markerName(drillId),
                "Taken by Lifeboat before a test failover; ending the drill reverts to it.", timeout));
    }

    private static Optional<String> markerNamed(Hypervisor provider, String vmId, long drillId) {
        String name = markerName(drillId);
        return provider.findVm(vmId).snapshots().stream().filter(s -> s.name().equals(name)).map(SnapshotInfo::id).findFirst();
    }

    private static String markerName(long drillId) {
        return InventoryService.LIFEBOAT_SNAPSHOT_PREFIX + "drill-" + drillId;
    }

    /**
     * Powers off, reverts to the marker and removes it, and puts the NIC back on the port group it was on. A marker
     * already gone was reverted to and removed by a run killed before it could record so: nothing is left to revert. A
     * marker never recorded (its snapshot's task outlived the wait) is found by its name: left, it stayed on the VM.
     */
    private void restore(Hypervisor provider, Step step) {
        String vmId = step.replica().vmId();
        provider.powerOff(vmId, timeout);
        String marker = states.find(step.replica().id()).map(ReplicaStatus::getMarkerSnapshotId)
                .or(() -> markerNamed(provider, vmId, step.vm().getDrillId())).orElse(null);
        if (marker != null && provider.findVm(vmId).snapshots().stream().anyMatch(s -> s.id().equals(marker))) {
            provider.revertToSnapshot(vmId, marker, timeout);
            provider.removeSnapshot(vmId, marker, timeout);
        }
        String original = drillVms.findById(step.vm().getId()).map(DrillVm::getOriginalNetwork).orElse(null);
        if (original != null && !original.equals(provider.findVm(vmId).network())) {
            provider.connectNic(vmId, original, timeout);
        }
    }

    /**
     * Ends the drill once every VM is cleaned up, then seals its report with the hash of what was stored. A drill ended
     * and sealed before (a VM retried after the end) is left as it is; one ended but not sealed yet (the run was
     * interrupted in between) is sealed now.
     */
    private void endIfClean(long drillId) {
        if (drillVms.findByDrillIdOrderByVmName(drillId).stream().allMatch(DrillVm::isCleanedUp)) {
            transaction.executeWithoutResult(tx -> drills.findById(drillId).ifPresent(drill -> drill.ended(clock.instant())));
            if (drills.findById(drillId).map(Drill::getReportSha256).isEmpty()) {
                updateDrill(drillId, drill -> { // a new transaction: the hash covers the end time as stored
                    drill.seal(DrillSeal.sha256(evidence.view(drill)));
                    Long endTask = drill.getEndTaskId() != null ? drill.getEndTaskId() : drill.getTaskId();
                    tasks.info(endTask, "Test failover", "Report of test failover #" + drillId + " filed and sealed, SHA-256 " + drill.getReportSha256() + ".");
                });
            }
        }
    }

    private void updateCheck(DrillVmCheck check, Consumer<DrillVmCheck> change) {
        transaction.executeWithoutResult(tx -> checks.findById(check.getId()).ifPresent(change));
    }

    /** Changes the drill; announced only when its state or seal changed (a resumed start marks it started again). */
    private void updateDrill(long drillId, Consumer<Drill> change) {
        transaction.executeWithoutResult(tx -> drills.findById(drillId).ifPresent(drill -> {
            DrillState stateBefore = drill.getState();
            String sealBefore = drill.getReportSha256();
            change.accept(drill);
            if (drill.getState() == stateBefore && Objects.equals(drill.getReportSha256(), sealBefore)) {
                return;
            }
            boolean anyVmStarted = drillVms.findByDrillIdOrderByVmName(drillId).stream().anyMatch(DrillVm::wasStarted);
            events.publishEvent(new DrillChanged(drill.getId(), drill.getTenantId(), drill.getState(), drill.getReportSha256(), anyVmStarted));
        }));
    }

    private void updateVm(DrillVm vm, Consumer<DrillVm> change) {
        transaction.executeWithoutResult(tx -> drillVms.findById(vm.getId()).ifPresent(change));
    }

    private Step step(long taskId, ReplicaStatus status) {
        ReplicaInfo replica = inventory.requireReplica(status.getTenantId(), status.getReplicaId());
        DrillVm vm = drillVms.findFirstByReplicaIdOrderByIdDesc(replica.id())
                .orElseThrow(() -> new IllegalStateException("Replica " + replica.vmName() + " is in a drill state but in no drill"));
        return new Step(taskId, status, replica, vm, inventory.sitesOf(replica.tenantId()));
    }

    private RestorePointInfo restorePoint(ReplicaInfo replica, Long restorePointId) {
        return inventory.restorePoints(replica.tenantId(), replica.id()).stream().filter(p -> p.id() == restorePointId)
                .findFirst().orElseThrow(() -> new IllegalStateException("the chosen restore point no longer exists in vCenter"));
    }

    private void finish(long taskId, int total, int succeeded, String doneText) {
        String vms = total + (total == 1 ? " VM" : " VMs");
        if (total == 0) {
            return; // an earlier, interrupted run did the work: ReplicaOperationJob ends the task as its replicas say it went
        }
        if (succeeded == total) {
            tasks.finish(taskId, TaskState.SUCCEEDED, vms + " " + doneText + ".");
        } else if (succeeded == 0) {
            tasks.finish(taskId, TaskState.FAILED, "Failed for " + vms + "; see the log lines for each VM.");
        } else {
            tasks.finish(taskId, TaskState.PARTIALLY_FAILED, succeeded + " of " + vms + " " + doneText + "; the others failed (see their log lines).");
        }
    }

    private record Step(long taskId, ReplicaStatus status, ReplicaInfo replica, DrillVm vm, TenantSites sites) {
    }
}
