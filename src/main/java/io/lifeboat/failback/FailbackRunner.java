package io.lifeboat.failback;

import io.lifeboat.inventory.InventoryService;
import io.lifeboat.inventory.ReplicaInfo;
import io.lifeboat.inventory.TenantSites;
import io.lifeboat.network.BackAtSiteReport;
import io.lifeboat.network.ExtensionOutcome;
import io.lifeboat.network.NetworkExtensionService;
import io.lifeboat.replica.OperationDeferred;
import io.lifeboat.replica.ReplicaChange;
import io.lifeboat.replica.ReplicaEvent;
import io.lifeboat.replica.ReplicaOperationRunner;
import io.lifeboat.replica.ReplicaState;
import io.lifeboat.replica.ReplicaStatus;
import io.lifeboat.replica.ReplicaTransitions;
import io.lifeboat.tasks.Figure;
import io.lifeboat.tasks.TaskRecorder;
import io.lifeboat.tasks.TaskState;
import io.lifeboat.ui.Formats;
import io.lifeboat.hypervisor.DatastoreFile;
import io.lifeboat.hypervisor.HypervisorAdmin;
import io.lifeboat.hypervisor.HypervisorConnector;
import io.lifeboat.hypervisor.NewVm;
import io.lifeboat.hypervisor.VmInfo;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Carries out failback, commit failback and undo failback for one replica (a failback task is about one VM). Every
 * step is idempotent, so a retry, or a job resumed after a restart, runs the whole operation again.
 *
 * <p>Failback: find (or create) the target VM at the tenant site and power it off, bring its disks up to the replica's
 * ({@link FailbackTransfer}), power the replica off, power the target on, and tell the network extension the IP is
 * back home. Until the replica is powered off it keeps serving, so a cancel or a failure before that point costs the
 * tenant nothing. Once it is off the switch is recorded, before the target is powered on: a re-run after that point
 * only completes the switch, because the target may already run and hold the tenant's new writes.
 */
@Component
class FailbackRunner implements ReplicaOperationRunner {

    private static final Logger log = LoggerFactory.getLogger(FailbackRunner.class);

    /** How often a failback waiting for a slot looks again. */
    private static final Duration WAIT_FOR_A_SLOT = Duration.ofSeconds(5);

    private final ReplicaTransitions states;
    private final InventoryService inventory;
    private final NetworkExtensionService extensions;
    private final HypervisorConnector connector;
    private final TaskRecorder tasks;
    private final Duration timeout;
    private final long maxBytesPerSecond;
    private final BackAtSiteReport backAtSite;
    private final FailbackSlots slots;

    FailbackRunner(ReplicaTransitions states, InventoryService inventory, NetworkExtensionService extensions,
                   HypervisorConnector connector, TaskRecorder tasks, BackAtSiteReport backAtSite, FailbackSlots slots,
                   @Value("${lifeboat.failover.vsphere-timeout:PT2M}") Duration timeout,
                   @Value("${lifeboat.failback.max-bytes-per-second:0}") long maxBytesPerSecond) {
        this.states = states;
        this.inventory = inventory;
        this.extensions = extensions;
        this.connector = connector;
        this.tasks = tasks;
        this.timeout = timeout;
        this.maxBytesPerSecond = maxBytesPerSecond;
        this.backAtSite = backAtSite;
        this.slots = slots;
    }

    @Override
    public Set<ReplicaState> runs() {
        return EnumSet.of(ReplicaState.FAILBACK_STARTING, ReplicaState.COMMITTING, ReplicaState.UNDOING_FAILBACK);
    }

    @Override
    public void run(ReplicaState operation, long taskId) {
        for (ReplicaStatus status : states.pending(taskId, operation)) {
            switch (operation) {
                case FAILBACK_STARTING -> failbackInASlot(taskId, status);
                case COMMITTING -> commit(taskId, status);
                default -> undoFailback(taskId, status);
            }
        }
    }

    /**
     * A failback copies in one of this node's slots; while all are taken it waits, with its task running and its VM at
     * the tenant site untouched, and a cancel ends it at once.
     *
     * @throws OperationDeferred while every slot is taken
     */
    private void failbackInASlot(long taskId, ReplicaStatus status) {
        ReplicaInfo replica = inventory.requireReplica(status.getTenantId(), status.getReplicaId());
        if (status.isCancelRequested() && !status.isFailbackSwitched()) {
            cancelled(taskId, status, replica, status.getFailbackTargetVmId() == null
                    ? "Failback cancelled before it began; nothing at your site was touched."
                    : "Failback cancelled before this retry began; what the earlier attempt did at your site stays as it is"
                      + " (the VM there stays powered off if it powered it off). The replica keeps running at the provider.");
            return;
        }
        if (!slots.tryTake(taskId)) {
            if (slots.firstWait(taskId)) {
                tasks.info(taskId, replica.vmName(), "Waiting: other failbacks are copying disks on this portal node; this one begins"
                        + " when one of them ends. The VM at your site is not touched until then, and you can still cancel.");
                tasks.progress(taskId, 0, "Waiting for other failbacks to finish copying");
            }
            throw new OperationDeferred(WAIT_FOR_A_SLOT);
        }
        try {
            failback(taskId, status);
        } finally {
            slots.release();
        }
    }

    private void failback(long taskId, ReplicaStatus status) {
        ReplicaInfo replica = inventory.requireReplica(status.getTenantId(), status.getReplicaId());
        TenantSites sites = inventory.sitesOf(replica.tenantId());
        String stage = "connecting to your site";
        boolean replicaOff = false;
        boolean ipReleased = false;
        try {
            HypervisorAdmin tenantSite = connector.admin(sites.tenantSite());
            stage = "connecting to the provider site";
            HypervisorAdmin providerSite = connector.admin(sites.providerSite());
            stage = "finding the target VM at your site";
            String targetVmId = targetVm(taskId, status, replica, sites, tenantSite, providerSite);
            VmInfo target = tenantSite.findVm(targetVmId);
            if (status.isFailbackSwitched()) {
                tasks.info(taskId, replica.vmName(), "An earlier run of this failback already copied the disks and powered the replica off; "
                        + target.name() + " at your site may hold writes made since, so it is neither powered off nor copied over again.");
            } else {
                stage = "powering off " + target.name() + " at your site";
                if (target.powerState() != VmInfo.PowerState.POWERED_OFF) {
                    tenantSite.powerOff(targetVmId, timeout);
                    tasks.info(taskId, replica.vmName(), target.name() + " at your site was powered off so its disks can be replaced.");
                }

                FailbackTransfer transfer = new FailbackTransfer(providerSite, tenantSite, timeout, maxBytesPerSecond);
                stage = "cleaning up an earlier, interrupted copy";
                int leftovers = transfer.removeLeftovers(targetVmId);
                if (leftovers > 0) {
                    tasks.info(taskId, replica.vmName(), "Removed " + leftovers + " temporary file(s) of an earlier, interrupted copy.");
                }
                stage = "planning the copy";
                List<FailbackTransfer.Disk> disks = transfer.plan(replica.vmId(), targetVmId);
                tasks.info(taskId, replica.vmName(), "Copying " + disks.size() + " disk file(s) from the replica to " + target.name()
                        + "; disks whose SHA-256 already matches are not sent.");
                stage = "copying the disks to your site";
                FailbackTransfer.Result result = transfer.copy(disks, new FailbackTransfer.Listener() {
                    @Override
                    public void progress(FailbackTransfer.Progress p) {
                        tasks.progress(taskId, p.percent(), describe(p));
                        if (p.rate() > 0) {
                            tasks.figure(taskId, replica.vmName(), Figure.TRANSFER_RATE_BYTES_PER_S, p.rate());
                        }
                    }

                    @Override
                    public boolean cancelRequested() {
                        return states.find(replica.id()).map(ReplicaStatus::isCancelRequested).orElse(false);
                    }
                });
                tasks.info(taskId, replica.vmName(), summary(result));

                stage = "taking " + replica.ipAddress() + " back from the network extension";
                if (replica.networkId() != null) { // the tenant LAN takes the IP back first: nothing is proxied to a VM going away
                    extensions.release(replica.tenantId(), replica.networkId(), replica.ipAddress(), tenantSite.macAddress(targetVmId).orElse(null));
                    ipReleased = true;
                }
            }
            stage = "powering off the replica at the provider";
            providerSite.powerOff(replica.vmId(), timeout);
            replicaOff = true;
            states.record(replica.id(), new ReplicaChange.RecordFailbackSwitch());
            stage = "powering on " + target.name() + " at your site";
            tenantSite.powerOn(targetVmId, timeout); // a target an earlier run powered on is left running
            long poweredOn = System.nanoTime();
            inventory.refreshOriginal(replica.tenantId(), replica.id());
            states.apply(replica.id(), replica.tenantId(), replica.vmName(), ReplicaEvent.FAILBACK_DONE);
            backAtSite.report(taskId, replica.tenantId(), replica.networkId(), replica.vmName(), replica.ipAddress(), poweredOn, "after power-on");
            tasks.info(taskId, replica.vmName(), "The replica is powered off and " + target.name() + " runs at your site again with IP "
                    + replica.ipAddress() + ". Commit the failback to keep it, or undo it to run on the replica again.");
            tasks.finish(taskId, TaskState.SUCCEEDED, "Failback completed, waiting for commit.");
        } catch (FailbackTransfer.CancelledException e) {
            cancelled(taskId, status, replica, e.getMessage() + (status.getFailbackTargetVmId() == null
                    ? " Nothing at your site was replaced; the replica keeps running at the provider."
                    : " The replica keeps running at the provider; the VM at your site stays powered off."));
        } catch (RuntimeException e) {
            log.warn("Task {}: failback of {} failed while {}", taskId, replica.vmName(), stage, e);
            String message = "Failback failed while " + stage + ": " + sentence(e.getMessage())
                    + (replicaOff ? " The replica is already powered off and your data is at your site."
                                  : ipReleased ? " The replica still runs at the provider, but " + replica.ipAddress()
                                                 + " is no longer carried to your LAN, so nothing answers there for it."
                                  : " The replica still runs at the provider.")
                    + " Retry the failback, or undo it to run on the replica.";
            states.fail(taskId, replica.id(), replica.tenantId(), replica.vmName(), message);
            tasks.finish(taskId, TaskState.FAILED, "Failback of " + replica.vmName() + " failed; retry it or undo it from the VM's options.");
        }
    }

    /**
     * A cancelled failback leaves the replica failed over, so after an earlier attempt (which may have failed after taking
     * the IP back, leaving nothing to answer for it on the tenant LAN while the replica showed failed over) its IP is carried
     * there again; safe to repeat. When that fails, the replica goes to ERROR: undoing the failback extends the IP as well.
     * A first attempt takes the IP back only after its copy: nothing to carry again.
     */
    private void cancelled(long taskId, ReplicaStatus status, ReplicaInfo replica, String outcome) {
        try {
            if (replica.networkId() != null && status.getFailbackTargetVmId() != null) {
                extensions.proxy(replica.tenantId(), replica.networkId(), replica.ipAddress(), status.getStartedBy());
            }
        } catch (RuntimeException e) {
            log.warn("Task {}: {} could not be extended again after its failback was cancelled", taskId, replica.vmName(), e);
            states.fail(taskId, replica.id(), replica.tenantId(), replica.vmName(), outcome + " But " + replica.ipAddress()
                    + " could not be carried to your LAN again (" + e.getMessage() + "), so nothing answers there for it."
                    + " Undo the failback to run on the replica with its IP extended, or retry the failback.");
            tasks.finish(taskId, TaskState.FAILED, "Failback of " + replica.vmName() + " cancelled, but its IP is not extended; undo the failback from the VM's options.");
            return;
        }
        states.apply(replica.id(), replica.tenantId(), replica.vmName(), ReplicaEvent.FAILBACK_CANCELLED);
        tasks.finish(taskId, TaskState.CANCELLED, outcome);
    }

    /** The original VM, or the new VM the tenant named (created on the first attempt, found again on a retry). */
    private String targetVm(long taskId, ReplicaStatus status, ReplicaInfo replica, TenantSites sites, HypervisorAdmin tenantSite,
                            HypervisorAdmin providerSite) {
        if (status.getFailbackTargetVmId() != null) {
            return status.getFailbackTargetVmId();
        }
        String vmId;
        if (status.getFailbackTargetName() == null) {
            vmId = replica.productionVmId();
            if (vmId == null) {
                throw new IllegalStateException("the original VM " + replica.vmName() + " is not known at your site; fail back to a new VM instead");
            }
        } else {
            String name = status.getFailbackTargetName();
            vmId = tenantSite.listVms(sites.tenantFolder()).stream().filter(vm -> vm.name().equals(name)).map(VmInfo::id).findFirst()
                    .orElseGet(() -> createTarget(taskId, replica, name, sites, tenantSite, providerSite));
        }
        String chosen = vmId;
        states.record(replica.id(), new ReplicaChange.RecordFailbackTargetVm(chosen));
        return vmId;
    }

    private String createTarget(long taskId, ReplicaInfo replica, String name, TenantSites sites, HypervisorAdmin tenantSite,
                                HypervisorAdmin providerSite) {
        String network = replica.productionVmId() == null ? null : originalNetwork(tenantSite, replica.productionVmId());
        if (network == null) {
            network = tenantSite.listNetworks().stream().findFirst().orElseThrow(() -> new IllegalStateException("your site has no network"));
        }
        long diskBytes = providerSite.listVmFiles(replica.vmId()).stream().filter(f -> f.fileName().endsWith("-flat.vmdk"))
                .mapToLong(DatastoreFile::size).max().orElse(0);
        long diskMb = Math.max(16, (diskBytes + (1 << 20) - 1) >> 20);
        String id = tenantSite.createVm(new NewVm(sites.tenantFolder(), name, replica.cpus(), replica.memoryMb(), network, replica.ipAddress(), diskMb), timeout);
        tasks.info(taskId, replica.vmName(), "Created the new VM " + name + " (" + id + ") in " + sites.tenantFolder() + " on " + network + ".");
        return id;
    }

    private static String originalNetwork(HypervisorAdmin tenantSite, String vmId) {
        try {
            return tenantSite.findVm(vmId).network();
        } catch (RuntimeException gone) {
            return null;
        }
    }

    private void commit(long taskId, ReplicaStatus status) {
        ReplicaInfo replica = inventory.requireReplica(status.getTenantId(), status.getReplicaId());
        try {
            HypervisorAdmin providerSite = connector.admin(inventory.sitesOf(replica.tenantId()).providerSite());
            providerSite.powerOff(replica.vmId(), timeout);
            // Already gone when a commit killed after removing it runs again.
            String marker = status.getMarkerSnapshotId();
            if (marker != null && providerSite.findVm(replica.vmId()).snapshots().stream().anyMatch(s -> s.id().equals(marker))) {
                providerSite.removeSnapshot(replica.vmId(), status.getMarkerSnapshotId(), timeout);
            }
            inventory.refreshOriginal(replica.tenantId(), replica.id());
            states.apply(replica.id(), replica.tenantId(), replica.vmName(), ReplicaEvent.COMMIT_DONE);
            tasks.info(taskId, replica.vmName(), "Failback committed: the failover marker snapshot is removed, the replica stays powered off"
                    + " and is Ready for the next failover.");
            tasks.finish(taskId, TaskState.SUCCEEDED, "Failback of " + replica.vmName() + " committed.");
        } catch (RuntimeException e) {
            failed(taskId, replica, "Commit failback", e, "Your VM keeps running at your site; retry the commit when the provider site is reachable.");
        }
    }

    private void undoFailback(long taskId, ReplicaStatus status) {
        ReplicaInfo replica = inventory.requireReplica(status.getTenantId(), status.getReplicaId());
        try {
            TenantSites sites = inventory.sitesOf(replica.tenantId());
            HypervisorAdmin tenantSite = connector.admin(sites.tenantSite());
            HypervisorAdmin providerSite = connector.admin(sites.providerSite());
            String targetVmId = status.getFailbackTargetVmId();
            if (targetVmId != null) {
                tenantSite.powerOff(targetVmId, timeout);
                int leftovers = new FailbackTransfer(providerSite, tenantSite, timeout, 0).removeLeftovers(targetVmId);
                if (leftovers > 0) {
                    tasks.info(taskId, replica.vmName(), "Removed " + leftovers + " temporary file(s) of the interrupted copy at your site.");
                }
            }
            providerSite.powerOn(replica.vmId(), timeout);
            if (replica.networkId() != null) {
                Optional<ExtensionOutcome> extended = extensions.extend(replica.tenantId(), replica.networkId(), replica.ipAddress(), status.getStartedBy());
                if (extended.isEmpty()) {
                    tasks.warn(taskId, replica.vmName(), "Network not extended: " + extensions.unavailableReason());
                }
            }
            inventory.refreshOriginal(replica.tenantId(), replica.id());
            states.apply(replica.id(), replica.tenantId(), replica.vmName(), ReplicaEvent.UNDO_FAILBACK_DONE);
            tasks.info(taskId, replica.vmName(), "The VM at your site is powered off and the replica runs at the provider again with IP "
                    + replica.ipAddress() + ".");
            tasks.finish(taskId, TaskState.SUCCEEDED, "Failback of " + replica.vmName() + " undone; it is failed over again.");
        } catch (RuntimeException e) {
            failed(taskId, replica, "Undo failback", e, "Retry the undo when both sites are reachable.");
        }
    }

    /** {@code operation} failed for the replica: logged, the replica in ERROR with what to do, the task finished as FAILED. */
    private void failed(long taskId, ReplicaInfo replica, String operation, RuntimeException e, String whatToDo) {
        log.warn("Task {}: {} of {} failed", taskId, operation.toLowerCase(), replica.vmName(), e);
        states.fail(taskId, replica.id(), replica.tenantId(), replica.vmName(), operation + " failed: " + e.getMessage() + " " + whatToDo);
        tasks.finish(taskId, TaskState.FAILED, operation + " of " + replica.vmName() + " failed; retry it from the VM's options.");
    }

    private static String sentence(String message) {
        String text = message == null ? "unknown error" : message.strip();
        return text.endsWith(".") ? text : text + ".";
    }

    static String describe(FailbackTransfer.Progress p) {
        if (p.bytesToSend() == 0) {
            return p.phase();
        }
        StringBuilder text = new StringBuilder(p.phase()).append(" · ").append(Formats.bytes(p.bytesSent())).append(" of ").append(Formats.bytes(p.bytesToSend()));
        if (p.rate() > 0) {
            text.append(" · ").append(Formats.rate(p.rate()));
        }
        if (p.timeLeft() != null) {
            text.append(" · ").append(p.timeLeft().toSeconds()).append(" s left");
        }
        return text.toString();
    }

    static String summary(FailbackTransfer.Result r) {
        String sent = r.filesSent() == 0 ? "Sent nothing: every disk already matched"
                : "Sent " + r.filesSent() + " changed disk file(s), " + Formats.bytes(r.bytesSent()) + " (" + r.bytesSent() + " bytes) in "
                + Formats.seconds(r.sendTime()) + " at " + Formats.rate(r.sendRate());
        String unchanged = r.filesUnchanged() == 0 ? "" : "; " + r.filesUnchanged() + " unchanged disk file(s), " + Formats.bytes(r.bytesUnchanged()) + ", not sent";
        return sent + unchanged + ". Every copy verified by SHA-256 (comparing " + Formats.seconds(r.checkTime()) + ", verifying "
                + Formats.seconds(r.verifyTime()) + ", total " + Formats.seconds(r.total()) + ").";
    }
}
