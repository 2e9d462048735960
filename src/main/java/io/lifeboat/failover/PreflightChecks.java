package io.lifeboat.failover;

import io.lifeboat.inventory.InventoryService;
import io.lifeboat.inventory.ReplicaInfo;
import io.lifeboat.inventory.RestorePointInfo;
import io.lifeboat.network.AddressProbe;
import io.lifeboat.network.NetworkExtensionService;
import io.lifeboat.replica.ReplicaState;
import io.lifeboat.replica.ReplicaTransitions;
import io.lifeboat.tenancy.HardwarePlan;
import io.lifeboat.ui.Formats;
import io.lifeboat.hypervisor.HypervisorConnector;
import io.lifeboat.hypervisor.HypervisorException;
import io.lifeboat.hypervisor.VmInfo;
import io.lifeboat.shared.DaemonThreads;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

    /** How long a LAN probe may run before the pre-flight checks that the provider's vCenter answers at all. */
    static final Duration SLOW_PROBE = Duration.ofSeconds(5);

    private final InventoryService inventory;
    private final ReplicaTransitions states;
    private final HypervisorConnector connector;
    private final NetworkExtensionService extensions;
    private final RecentAddressProbes recentProbes;
    /** The LAN probes, each in a thread of its own so that a pre-flight can leave behind one held by a hung vCenter. */
    private final ExecutorService probes = DaemonThreads.cachedPool("preflight-probe");

    PreflightChecks(InventoryService inventory, ReplicaTransitions states, HypervisorConnector connector,
                    NetworkExtensionService extensions, RecentAddressProbes recentProbes) {
        this.extensions = extensions;
        this.recentProbes = recentProbes;
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
        providerFailingSince.ifPresent(since -> findings.add(providerNotAnswering(since)));
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
        checkOriginals(tenantId, replicas, findings);
        if (providerFailingSince.isEmpty()) {   // the probe starts the provider's NEA beside the tenant's: it would hang there
            probeUnlessTheProviderHangs(tenantId, replicas, findings, reuseRecentProbes);
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

    private void checkOriginals(long tenantId, Map<Long, ReplicaInfo> replicas, List<PreflightFinding> findings) {
        if (replicas.isEmpty()) {
            return;
        }
        Map<String, VmInfo> originals;
        try {
            var tenantSite = inventory.sitesOf(tenantId);
            originals = connector.connect(tenantSite.tenantSite()).listVms(tenantSite.tenantFolder()).stream()
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

    private static PreflightFinding providerNotAnswering(Instant since) {
        return PreflightFinding.blocker(null, "Your provider's vCenter has not answered since " + Formats.time(since) + ": a failover"
                + " cannot start until it does. Your provider sees this on their dashboard; try again in a few minutes.");
    }

    /**
     * The LAN probe of {@link #probeAddresses}. It starts the provider's NEA beside the tenant's, so a provider vCenter that
     * hangs would hold it for its two-minute read timeout: a probe still running after a few seconds (an NEA booting is
     * slower than that on real hardware) has the provider's vCenter checked, waited for a few seconds too. When it does not
     * answer, the pre-flight says so and leaves the probe behind; else it waits for the probe.
     */
    private void probeUnlessTheProviderHangs(long tenantId, Map<Long, ReplicaInfo> replicas, List<PreflightFinding> findings, boolean reuseRecentProbes) {
        List<PreflightFinding> probed = new ArrayList<>();
        CompletableFuture<Void> probing = CompletableFuture.runAsync(() -> probeAddresses(tenantId, replicas, probed, reuseRecentProbes), probes);
        try {
            probing.get(SLOW_PROBE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException slow) {
            Optional<Instant> providerFailing = inventory.providerSiteFailingNow(tenantId);
            if (providerFailing.isPresent()) {
                findings.add(providerNotAnswering(providerFailing.get()));
                return;
            }
            probing.join();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while probing your LAN", e);
        }
        findings.addAll(probed);
    }

    /** Probes each network's addresses in one window, into {@code answers}; returns why a network's probe failed. */
    private Map<Long, String> probeTogether(long tenantId, Map<Long, List<String>> ipsByNetwork, Map<NetworkAddress, Optional<AddressProbe>> answers) {
        Map<Long, String> failures = new HashMap<>();
        ipsByNetwork.forEach((networkId, ips) -> {
            try {
                Optional<List<AddressProbe>> probed = extensions.probe(tenantId, networkId, ips);
                for (int i = 0; i < ips.size(); i++) {
                    Optional<AddressProbe> answer = probed.isPresent() ? Optional.of(probed.get().get(i)) : Optional.empty();
                    recentProbes.remember(tenantId, networkId, ips.get(i), answer);
                    answers.put(new NetworkAddress(networkId, ips.get(i)), answer);
                }
            } catch (RuntimeException e) {
                failures.put(networkId, e.getMessage());
            }
        });
        return failures;
    }

    /** Where a replica's IP is probed: an address is the same one only on the same network. */
    private record NetworkAddress(long networkId, String ip) {
        static NetworkAddress of(ReplicaInfo replica) {
            return new NetworkAddress(replica.networkId(), replica.ipAddress());
        }
    }

    /**
     * ARP probe (RFC 5227) of each VM's IP on the tenant LAN through the tenant NEA: whoever answers would collide. The
     * addresses of one network that were not probed moments ago (when reuse is asked) are probed together, in one
     * listening window; if that fails, each of its VMs gets a warning saying why.
     */
    private void probeAddresses(long tenantId, Map<Long, ReplicaInfo> replicas, List<PreflightFinding> findings, boolean reuseRecentProbes) {
        List<ReplicaInfo> onNetworks = replicas.values().stream()
                .filter(replica -> replica.networkId() != null && replica.ipAddress() != null).toList();
        Map<NetworkAddress, Optional<AddressProbe>> answers = new HashMap<>();
        Map<Long, List<String>> toProbe = new LinkedHashMap<>();
        for (ReplicaInfo replica : onNetworks) {
            NetworkAddress at = NetworkAddress.of(replica);
            Optional<RecentAddressProbes.Probed> recent = reuseRecentProbes
                    ? recentProbes.recent(tenantId, at.networkId(), at.ip()) : Optional.empty();
            if (recent.isPresent()) {
                answers.put(at, recent.get().answer());
            } else {
                List<String> ips = toProbe.computeIfAbsent(at.networkId(), id -> new ArrayList<>());
                if (!ips.contains(at.ip())) {
                    ips.add(at.ip());
                }
            }
        }
        Map<Long, String> failures = probeTogether(tenantId, toProbe, answers);
        for (ReplicaInfo replica : onNetworks) {
            Optional<AddressProbe> answer = answers.get(NetworkAddress.of(replica));
            if (answer == null) {   // its network's probe failed
                findings.add(PreflightFinding.warning(replica.vmName(), "Could not probe " + replica.ipAddress() + " on your LAN: "
                        + failures.get(replica.networkId())));
                continue;
            }
            answer.filter(AddressProbe::answered)
                    .ifPresent(claimer -> findings.add(PreflightFinding.warning(replica.vmName(), "Something on your LAN still answers for "
                            + replica.ipAddress() + " (MAC " + claimer.mac() + "). Failing over would put a second machine on that address.")));
        }
    }
}
