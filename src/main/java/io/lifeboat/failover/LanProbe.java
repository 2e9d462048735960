package io.lifeboat.failover;

import io.lifeboat.hypervisor.BoundedReads;
import io.lifeboat.hypervisor.HypervisorConnector;
import io.lifeboat.hypervisor.HypervisorException;
import io.lifeboat.hypervisor.SiteEndpoint;
import io.lifeboat.inventory.InventoryService;
import io.lifeboat.inventory.ReplicaInfo;
import io.lifeboat.inventory.TenantSites;
import io.lifeboat.network.AddressProbe;
import io.lifeboat.network.LanAddressProbes;
import io.lifeboat.shared.DaemonThreads;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;

/**
 * The pre-flight's ARP probe (RFC 5227) of each VM's IP on the tenant LAN, through the tenant NEA: whoever answers
 * would collide. The probe starts the tenant's NEA, and the provider's beside it for the failover that follows, so a
 * vCenter at either site that hangs would hold it for its two-minute read timeout. A probe still running after a few
 * seconds (an NEA booting takes longer than that on real hardware) has both sites' vCenters checked, each waited for a
 * few seconds too: a provider that does not answer blocks the failover, a tenant site that does not answer leaves each VM
 * a warning that its address could not be probed; either way the probe is left behind. Else the pre-flight waits for it.
 * Networks whose NEAs run already (warm or hot) are probed through them, whatever the vCenters do.
 */
@Component
class LanProbe {

    /** How long a LAN probe may run before the pre-flight checks that both sites' vCenters answer at all. */
    static final Duration SLOW = Duration.ofSeconds(5);

    private final LanAddressProbes addressProbes;
    private final RecentAddressProbes recentProbes;
    private final InventoryService inventory;
    private final HypervisorConnector connector;
    private final BoundedReads boundedReads;
    /** Each probe in a thread of its own, so that a pre-flight can leave behind one held by a hung vCenter. */
    private final ExecutorService probes = DaemonThreads.cachedPool("preflight-probe");

    LanProbe(LanAddressProbes addressProbes, RecentAddressProbes recentProbes, InventoryService inventory,
             HypervisorConnector connector, BoundedReads boundedReads) {
        this.addressProbes = addressProbes;
        this.recentProbes = recentProbes;
        this.inventory = inventory;
        this.connector = connector;
        this.boundedReads = boundedReads;
    }

    /** Probes the replicas' addresses into {@code findings}; an address probed moments ago is reused when asked. */
    void probe(long tenantId, TenantSites sites, Map<Long, ReplicaInfo> replicas, List<PreflightFinding> findings, boolean reuseRecentProbes) {
        if (onNetworks(replicas).isEmpty()) {
            return;
        }
        Optional<String> tenantSiteHangs = tenantSiteHangs(sites.tenantSite(), false);
        if (tenantSiteHangs.isPresent() && !tenantNeasRunning(tenantId, replicas)) {   // the tenant NEA could not even be found
            notProbed(replicas, tenantSiteHangs.get(), findings);
            return;
        }
        List<PreflightFinding> probed = new ArrayList<>();
        CompletableFuture<Void> probing = CompletableFuture.runAsync(() -> probeAddresses(tenantId, replicas, probed, reuseRecentProbes), probes);
        try {
            probing.get(SLOW.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException slow) {
            Optional<Instant> providerFailing = inventory.providerSiteFailingNow(tenantId);
            if (providerFailing.isPresent()) {
                findings.add(PreflightFinding.providerNotAnswering(providerFailing.get()));
                return;
            }
            tenantSiteHangs = tenantSiteHangs(sites.tenantSite(), true);
            if (tenantSiteHangs.isPresent()) {
                notProbed(replicas, tenantSiteHangs.get(), findings);
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

    /** Whether every network of the replicas has its tenant NEA running: the probe then needs nothing of the tenant's vCenter. */
    private boolean tenantNeasRunning(long tenantId, Map<Long, ReplicaInfo> replicas) {
        return onNetworks(replicas).stream().map(ReplicaInfo::networkId).distinct().allMatch(networkId -> addressProbes.tenantNeaRunning(tenantId, networkId));
    }

    /**
     * Why the tenant's own vCenter cannot be waited for: a read someone waits for hangs there, or (when {@code checkNow})
     * a bounded read now does not answer. Empty when it answers, or fails otherwise (the probe then fails on its own).
     */
    private Optional<String> tenantSiteHangs(SiteEndpoint site, boolean checkNow) {
        if (!checkNow && boundedReads.hangingSince(site.url()).isEmpty()) {
            return Optional.empty();
        }
        try {
            boundedReads.read(site.url(), "checking your site", () -> connector.connect(site).listFolders());
            return Optional.empty();
        } catch (HypervisorException e) {
            return e.kind() == HypervisorException.Kind.TIMEOUT ? Optional.of(e.getMessage()) : Optional.empty();
        }
    }

    /** The tenant site hangs: no address is probed, and the network extension, which needs that site, may fail too. */
    private static void notProbed(Map<Long, ReplicaInfo> replicas, String why, List<PreflightFinding> findings) {
        onNetworks(replicas).forEach(replica -> findings.add(PreflightFinding.warning(replica.vmName(), "Could not probe " + replica.ipAddress()
                + " on your LAN: " + why + " If something there still has that address, the replica will conflict with it.")));
        findings.add(PreflightFinding.warning(null, "Your vCenter does not answer, and the network extension starts your site's"
                + " appliance through it: unless a network's appliance at your site runs already (kept running, or started"
                + " moments ago), the failover waits for your vCenter and fails if it still does not answer (the replicas are"
                + " then stopped again)."));
    }

    private static List<ReplicaInfo> onNetworks(Map<Long, ReplicaInfo> replicas) {
        return replicas.values().stream().filter(replica -> replica.networkId() != null && replica.ipAddress() != null).toList();
    }

    /** Probes each network's addresses in one window, into {@code answers}; returns why a network's probe failed. */
    private Map<Long, RuntimeException> probeTogether(long tenantId, Map<Long, List<String>> ipsByNetwork,
                                                      Map<NetworkAddress, Optional<AddressProbe>> answers) {
        Map<Long, RuntimeException> failures = new HashMap<>();
        ipsByNetwork.forEach((networkId, ips) -> {
            try {
                Optional<List<AddressProbe>> probed = addressProbes.probe(tenantId, networkId, ips);
                for (int i = 0; i < ips.size(); i++) {
                    Optional<AddressProbe> answer = probed.isPresent() ? Optional.of(probed.get().get(i)) : Optional.empty();
                    recentProbes.remember(tenantId, networkId, ips.get(i), answer);
                    answers.put(new NetworkAddress(networkId, ips.get(i)), answer);
                }
            } catch (RuntimeException e) {
                recentProbes.forget(tenantId, networkId);
                failures.put(networkId, e);
            }
        });
        return failures;
    }

    /**
     * A probe that could not start the network's tenant NEA because the tenant's vCenter refused (down, or its
     * credentials no longer work) tells what the failover would meet: it starts that NEA the same way, so it would fail
     * and be rolled back. Anything else (a vCenter that hangs may still answer) leaves the address unprobed, a warning.
     */
    private static PreflightFinding probeFailed(ReplicaInfo replica, RuntimeException failure) {
        if (vcenterRefused(failure)) {
            return PreflightFinding.blocker(replica.vmName(), "Its network cannot be extended to the provider now: " + failure.getMessage()
                    + " A failover would fail and be rolled back: run the checks again once your vCenter answers. A network whose"
                    + " tenant NEA you keep running (\"Keep the tenant NEA running\" on its line under Replicas) fails over without your vCenter.");
        }
        return PreflightFinding.warning(replica.vmName(), "Could not probe " + replica.ipAddress() + " on your LAN: " + failure.getMessage());
    }

    private static boolean vcenterRefused(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HypervisorException h) {
                return h.kind() == HypervisorException.Kind.UNREACHABLE || h.kind() == HypervisorException.Kind.AUTHENTICATION
                        || h.kind() == HypervisorException.Kind.UNTRUSTED;
            }
        }
        return false;
    }

    /** Where a replica's IP is probed: an address is the same one only on the same network. */
    private record NetworkAddress(long networkId, String ip) {
        static NetworkAddress of(ReplicaInfo replica) {
            return new NetworkAddress(replica.networkId(), replica.ipAddress());
        }
    }

    /**
     * The addresses of one network that were not probed moments ago (when reuse is asked) are probed together, in one
     * listening window; if that fails, each of its VMs gets a warning saying why.
     */
    private void probeAddresses(long tenantId, Map<Long, ReplicaInfo> replicas, List<PreflightFinding> findings, boolean reuseRecentProbes) {
        List<ReplicaInfo> onNetworks = onNetworks(replicas);
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
        Map<Long, RuntimeException> failures = probeTogether(tenantId, toProbe, answers);
        for (ReplicaInfo replica : onNetworks) {
            Optional<AddressProbe> answer = answers.get(NetworkAddress.of(replica));
            if (answer == null) {   // its network's probe failed
                findings.add(probeFailed(replica, failures.get(replica.networkId())));
                continue;
            }
            answer.filter(AddressProbe::answered)
                    .ifPresent(claimer -> findings.add(PreflightFinding.warning(replica.vmName(), "Something on your LAN still answers for "
                            + replica.ipAddress() + " (MAC " + claimer.mac() + "). Failing over would put a second machine on that address.")));
        }
    }
}
