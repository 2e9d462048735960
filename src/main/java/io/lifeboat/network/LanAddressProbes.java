package io.lifeboat.network;

import io.lifeboat.appliance.NeaRole;
import io.lifeboat.appliance.ProbeResult;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The pre-flight's look at the tenant LAN before a failover: whether anything there still answers for a replica's
 * address, asked through the network's tenant NEA, which is started for it when it does not run yet. Calls for one
 * network are serialised with its extension ({@link ExtendedNetworks#lock}).
 */
@Service
public class LanAddressProbes {

    private static final Logger log = LoggerFactory.getLogger(LanAddressProbes.class);
    /**
     * How long NEA VMs a pre-flight probe started stay up for the failover that may follow (at most the idle grace
     * period): the API's and a cold wizard's failover starts right after its pre-flight, and then finds them booted.
     */
    static final Duration PROBE_HOLD = Duration.ofSeconds(60);

    private final DataPlane dataPlane;
    private final ExtendedNetworks extended;
    private final NetworkExtensionService extensions;
    private final ApplianceVms applianceVms;
    private final IdleAppliances idle;

    LanAddressProbes(DataPlane dataPlane, ExtendedNetworks extended, NetworkExtensionService extensions, ApplianceVms applianceVms,
                     IdleAppliances idle) {
        this.dataPlane = dataPlane;
        this.extended = extended;
        this.extensions = extensions;
        this.applianceVms = applianceVms;
        this.idle = idle;
    }

    /**
     * RFC 5227 probe of {@code ips} on the tenant LAN through the tenant NEA: one NEA start, one hold of the network, one
     * listening window. One answer per address, in the order given; empty without a data plane. The tenant NEA is a VM
     * at the tenant site: it is cloned or powered on first if needed (the probe runs before any failover started) and
     * powered off again afterwards unless the network is extended meanwhile, in production and in the lab alike. While
     * the network is being brought up (the wizard's warm-up), the probe answers once the tenant NEA is connected, not
     * once the tunnel is up.
     *
     * @throws NetworkExtensionException when the tenant NEA VM cannot be started (rolled back) or the probe fails (then
     *         no address has an answer)
     */
    public Optional<List<AddressProbe>> probe(long tenantId, long networkId, List<String> ips) {
        Optional<NetworkExtension> extension = dataPlane.extension();
        if (extension.isEmpty()) {
            return Optional.empty();
        }
        if (ips.isEmpty()) {
            return Optional.of(List.of());
        }
        ExtendedNetworks.Ref ref = extended.ref(tenantId, networkId);
        // A network coming up (the wizard's warm-up, a cold failover) holds its lock until the tunnel is up; its start
        // owns the NEA VMs, so the probe has nothing to power on or off and goes through the start's tenant NEA.
        if (extension.get().starting(ref.network())) {
            return Optional.of(answers(extension.get().probe(ref.network(), ips, true)));
        }
        synchronized (extended.lock(networkId)) {
            Set<NeaRole> answering = answering(extension.get(), ref.network());
            if (answering.containsAll(EnumSet.allOf(NeaRole.class))) {   // warm or hot: nothing to start, no vCenter to ask
                return Optional.of(answers(extension.get().probe(ref.network(), ips, true)));
            }
            boolean hold = idle.keepsWarm();
            boolean kept = ref.info().tenantNeaKeptRunning();
            boolean poweredOn = hold ? applianceVms.ensureRunningForProbe(ref.network().tenant(), tenantId, ref.info(), answering::contains)
                    : !answering.contains(NeaRole.TENANT) && applianceVms.ensureTenantNeaRunning(ref.network().tenant(), tenantId, ref.info());
            try {
                return Optional.of(answers(extension.get().probe(ref.network(), ips, hold || kept)));
            } finally {
                // a warm network's own idle timer stays: it lets go of the VM this probe started again with the rest
                if (poweredOn && !extended.isUp(networkId) && extension.get().failedOverIps(ref.network()).isEmpty()) {
                    if (hold) {   // the failover that follows the pre-flight finds them booted; else they go soon
                        idle.startGracePeriod(networkId, PROBE_HOLD, () -> powerOffUnused(tenantId, networkId));
                    } else if (!kept) {
                        powerOffTenantNea(tenantId, ref);
                    }
                }
            }
        }
    }

    /**
     * Whether the network's tenant NEA runs (in production: its agent is connected here; not asked, a probe asks it),
     * kept running or warm: a probe or a failover then needs nothing of the tenant's vCenter, so a tenant site that hangs
     * or is down stands in the way of neither (a provider NEA not running yet is started through the provider's vCenter).
     */
    public boolean tenantNeaRunning(long tenantId, long networkId) {
        return dataPlane.extension()
                .map(extension -> extension.applianceRunning(extended.ref(tenantId, networkId).network(), NeaRole.TENANT)).orElse(false);
    }

    /** The network's NEAs whose agents answer now, each asked once (a silent one is let go by the asking). */
    private static Set<NeaRole> answering(NetworkExtension extension, TenantNetworkRef network) {
        return EnumSet.allOf(NeaRole.class).stream().filter(role -> extension.applianceAnswers(network, role))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(NeaRole.class)));
    }

    private static List<AddressProbe> answers(List<ProbeResult> results) {
        return results.stream().map(result -> new AddressProbe(result.ip(), result.answered(), result.mac())).toList();
    }

    /** The NEA VMs a probe started, when no failover brought the network up since: they carry nothing. */
    private void powerOffUnused(long tenantId, long networkId) {
        try {
            Optional<NetworkExtension> extension = dataPlane.extension();
            ExtendedNetworks.Ref ref = extended.ref(tenantId, networkId);
            synchronized (extended.lock(networkId)) {
                if (extension.isPresent() && !extended.isUp(networkId) && extension.get().failedOverIps(ref.network()).isEmpty()) {
                    extensions.powerOffAppliances(tenantId, ref);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Powering off the NEA VMs a probe of network {} started failed: {}", networkId, e.getMessage(), e);
        }
    }

    private void powerOffTenantNea(long tenantId, ExtendedNetworks.Ref ref) {
        try {
            applianceVms.powerOff(ref.network().tenant(), tenantId, ref.info(), List.of(NeaRole.TENANT));
        } catch (NetworkExtensionException e) {
            log.warn("The tenant NEA VM of {} stays powered on after the probe: {}", ref.label(), e.getMessage(), e);
        }
    }
}
