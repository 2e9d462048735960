package io.lifeboat.failover;

import io.lifeboat.inventory.InventoryService;
import io.lifeboat.inventory.ReplicaInfo;
import io.lifeboat.inventory.RestorePointInfo;
import io.lifeboat.inventory.TenantSites;
import io.lifeboat.replica.ReplicaState;
import io.lifeboat.replica.ReplicaTransitions;
import io.lifeboat.tenancy.HardwarePlan;
import io.lifeboat.ui.Formats;
import io.lifeboat.hypervisor.BoundedReads;
import io.lifeboat.hypervisor.HypervisorConnector;
import io.lifeboat.hypervisor.HypervisorException;
import io.lifeboat.hypervisor.VmInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The checks a failover request must pass. Blockers: unknown replica, replica not Ready, restore point not of that
 * replica, no tenant network, quota. Warnings (need explicit override): the original VM still powered on at the
 * tenant site — Lifeboat reads it live, because running both means an IP conflict — or its state cannot be read.
 */
@Component
class PreflightChecks {

    private final InventoryService inventory;
    private final ReplicaTransitions states;
    private final HypervisorConnector connector;
    private final BoundedReads boundedReads;
    private final LanProbe lanProbe;

    PreflightChecks(InventoryService inventory, ReplicaTransitions states, HypervisorConnector connector, BoundedReads boundedReads,
                    LanProbe lanProbe) {
        this.boundedReads = boundedReads;
        this.lanProbe = lanProbe;
        this.inventory = inventory;
        this.states = states;
        this.connector = connector;
    }

    /** Every check, each address probed afresh (the wizard's summary). */
    Preflight check(long tenantId, HardwarePlan plan, FailoverRequest request) {
        return check(tenantId, plan, request, false);
    }

    /** Every check; an address probed moments ago (by the summary before this Finish) is not probed again. */
    Preflight checkBeforeStart(long tenantId, HardwarePlan plan, FailoverRequest request) {
        return check(tenantId, plan, request, true);
    }

    private Preflight check(long tenantId, HardwarePlan plan, FailoverRequest request, boolean reuseRecentProbes) {
        List<PreflightFinding> findings = new ArrayList<>();
        if (request.vms().isEmpty()) {
            findings.add(PreflightFinding.blocker(null, "Choose at least one VM to fail over."));
        }
        Optional<Instant> providerFailingSince = inventory.providerSiteFailingSince(tenantId);
        providerFailingSince.ifPresent(since -> findings.add(PreflightFinding.providerNotAnswering(since)));
        List<Long> ids = request.vms().stream().map(FailoverRequest.VmChoice::replicaId).toList();
        Map<Long, ReplicaInfo> replicas = inventory.replicas(tenantId, ids).stream()
                .collect(Collectors.toMap(ReplicaInfo::id, Function.identity()));
        Map<Long, ReplicaState> stateOf = states.statesOf(List.copyOf(replicas.keySet()));
        Map<Long, RestorePointInfo> points = inventory.restorePointsById(tenantId,
                request.vms().stream().map(FailoverRequest.VmChoice::restorePointId).toList());
        Set<Long> seen = new HashSet<>();
        int cpus = 0;
        int memory = 0;
        for (FailoverRequest.VmChoice choice : request.vms()) {
            ReplicaInfo replica = replicas.get(choice.replicaId());
            if (replica == null) {
                findings.add(PreflightFinding.blocker(null, "There is no replica with id " + choice.replicaId() + " in your organisation."));
                continue;
            }
            if (!seen.add(replica.id())) {
                findings.add(PreflightFinding.blocker(replica.vmName(), "This VM is in the request twice."));
                continue;
            }
            checkReplica(replica, stateOf.get(replica.id()), points.get(choice.restorePointId()), findings);
            cpus += replica.cpus();
            memory += replica.memoryMb();
        }
        int usedCpus = 0;
        int usedMemory = 0;
        List<Long> busy = states.usingProviderResources(tenantId);
        for (ReplicaInfo running : inventory.replicas(tenantId, busy)) {
            usedCpus += running.cpus();
            usedMemory += running.memoryMb();
        }
        if (usedCpus + cpus > plan.cpus()) {
            findings.add(PreflightFinding.blocker(null, "Quota exceeded: these VMs need " + cpus + " vCPU, " + usedCpus
                    + " of your " + plan.cpus() + " vCPU are already in use at the provider. Fail over fewer VMs or ask your provider for a larger plan."));
        }
        if (usedMemory + memory > plan.memoryMb()) {
            findings.add(PreflightFinding.blocker(null, "Quota exceeded: these VMs need " + Formats.memory(memory) + " RAM, " + Formats.memory(usedMemory)
                    + " of your " + Formats.memory(plan.memoryMb()) + " are already in use at the provider. Fail over fewer VMs or ask your provider for a larger plan."));
        }
        if (!replicas.isEmpty()) {
            TenantSites sites = inventory.sitesOf(tenantId);
            checkOriginals(sites, replicas, findings);
            if (providerFailingSince.isEmpty()) {   // the probe starts the provider's NEA beside the tenant's: it would hang there
                lanProbe.probe(tenantId, sites, replicas, findings, reuseRecentProbes);
            }
        }
        return new Preflight(List.copyOf(findings), cpus, memory, usedCpus, usedMemory, plan.cpus(), plan.memoryMb());
    }

    /** {@code point} is the chosen restore point when it is the tenant's (null otherwise). */
    private static void checkReplica(ReplicaInfo replica, ReplicaState state, RestorePointInfo point, List<PreflightFinding> findings) {
        if (state != ReplicaState.READY) {
            findings.add(PreflightFinding.blocker(replica.vmName(), "Only Ready replicas can be failed over; this one is " + state.label() + "."));
        }
        if (!replica.present()) {
            findings.add(PreflightFinding.blocker(replica.vmName(), "The replica is no longer in the provider's vCenter. Ask your provider."));
        }
        if (replica.networkId() == null) {
            findings.add(PreflightFinding.blocker(replica.vmName(), "Its IP " + replica.ipAddress() + " is in none of your extended networks, so it could not be reached after failover."));
        }
        if (point == null || point.replicaId() != replica.id()) {
            findings.add(PreflightFinding.blocker(replica.vmName(), "The chosen restore point does not belong to this replica. Pick one of its own restore points."));
        }
    }

    private void checkOriginals(TenantSites sites, Map<Long, ReplicaInfo> replicas, List<PreflightFinding> findings) {
        Map<String, VmInfo> originals;
        try {
            // bounded: in a disaster the tenant's own vCenter may hang, and the failover must not wait for it
            originals = boundedReads.read(sites.tenantSite().url(), "listing " + sites.tenantFolder(),
                            () -> connector.connect(sites.tenantSite()).listVms(sites.tenantFolder())).stream()
                    .collect(Collectors.toMap(VmInfo::name, Function.identity(), (a, b) -> a));
        } catch (HypervisorException e) {
            findings.add(PreflightFinding.warning(null, "Could not check whether the original VMs are still running ("
                    + e.getMessage() + "). If one still runs, its replica will have the same IP address: an IP conflict."));
            return;
        }
        for (ReplicaInfo replica : replicas.values()) {
            VmInfo original = originals.get(replica.vmName());
            if (original != null && original.powerState() == VmInfo.PowerState.POWERED_ON) {
                findings.add(PreflightFinding.warning(replica.vmName(), "The original VM is still powered on at your site. "
                        + "Its replica will use the same IP address " + replica.ipAddress() + ": an IP conflict on your network. Power the original off first, or override."));
            }
        }
    }
}
