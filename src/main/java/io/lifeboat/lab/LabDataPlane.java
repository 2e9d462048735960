package io.lifeboat.lab;

import io.lifeboat.appliance.ApplianceClient;
import io.lifeboat.appliance.NeaRole;
import io.lifeboat.drill.BubbleProbe;
import io.lifeboat.gateway.ApplianceNics;
import io.lifeboat.gateway.EnrolmentTokens;
import io.lifeboat.pki.ApplianceCertificates;
import io.lifeboat.hypervisor.HypervisorConnector;
import io.lifeboat.lab.network.JavaLauncher;
import io.lifeboat.lab.network.LabNetwork;
import io.lifeboat.network.ApplianceRuntime;
import io.lifeboat.network.DataPlaneUnavailableException;
import io.lifeboat.network.NeaPlacement;
import io.lifeboat.network.NetworkExtensionException;
import io.lifeboat.network.ReachabilityCheck;
import io.lifeboat.network.TenantNetworkRef;
import io.lifeboat.network.TunnelRelay;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The lab's data plane (docs/adr/0003): network namespaces for each tenant's LAN, provider segment, NEAs and the
 * Cloud Gateway, plus a namespace host for every powered-on VM of the simulators ({@link LabVmHosts}). It is the
 * lab's {@link ApplianceRuntime} and {@link TunnelRelay}, which the {@code network} room builds its network extension
 * on. Its NEAs are the NEA VMs the portal powers on in the simulators, their agents booted from the VMs' guestinfo
 * (ADR 0006) and enrolling with the portal's {@link EnrolmentTokens}. Needs root; without it the portal runs and
 * {@link #unavailableReason()} says why networks are not extended.
 */
@Component
@ConditionalOnProperty(name = "lifeboat.lab.enabled", havingValue = "true")
public class LabDataPlane implements ApplianceRuntime, TunnelRelay, ReachabilityCheck, BubbleProbe, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LabDataPlane.class);

    private final boolean wanted;
    private final String prefix;
    private final Path runDir;
    private final HypervisorConnector connector;
    private final EnrolmentTokens enrolmentTokens;
    private final ApplianceCertificates applianceCertificates;
    private volatile LabNetwork network;
    private volatile LabPlan plan = new LabPlan(List.of());
    private volatile LabVmHosts vmHosts;
    private volatile String unavailableReason = "The lab data plane has not started yet.";
    /** Registered before the lab starts (the network extension does so when it is built): called once it runs. */
    private final List<BiConsumer<Long, NeaRole>> connectedListeners = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<String, Instant>> certificateListeners = new CopyOnWriteArrayList<>();
    /** Set before the lab starts, as the listeners above: applied to its control server once it runs. */
    private volatile ApplianceNics nics = ApplianceNics.NONE;

    LabDataPlane(@Value("${lifeboat.lab.data-plane:true}") boolean wanted,
                 @Value("${lifeboat.lab.netns-prefix:lb}") String prefix,
                 @Value("${lifeboat.lab.run-dir:./data/lab/run}") Path runDir,
                 @Qualifier("hypervisorConnector") HypervisorConnector connector, EnrolmentTokens enrolmentTokens, ApplianceCertificates applianceCertificates) {
        this.wanted = wanted;
        this.prefix = prefix;
        this.runDir = runDir.toAbsolutePath();
        this.connector = connector;
        this.enrolmentTokens = enrolmentTokens;
        this.applianceCertificates = applianceCertificates;
    }

    /**
     * Builds the namespaces for the plan's tenants and their {@code moreNetworks} (each a lab site of its own, named as
     * {@link LabPlan.LabSegment#siteKey} says) and starts mirroring the simulators' powered-on VMs.
     */
    void start(LabPlan plan, LabSites sites, List<TenantNetworkRef> moreNetworks) {
        if (!wanted) {
            unavailableReason = "The lab data plane is switched off (lifeboat.lab.data-plane=false).";
            log.info(unavailableReason);
            return;
        }
        try {
            this.plan = plan;
            LabNetwork lab = LabNetwork.start(prefix, runDir, JavaLauncher.current(), applianceCertificates, enrolmentTokens);
            lab.onApplianceConnected((networkId, role) -> connectedListeners.forEach(l -> l.accept(networkId, role)));
            lab.onNeaCertificate((id, expires) -> certificateListeners.forEach(l -> l.accept(id, expires)));
            lab.checkNics(nics);
            network = lab;
            for (LabPlan.LabTenant tenant : plan.tenants()) {
                lab.addTenant(tenant.name(), tenant.subnet(), tenant.gateway());
                for (TenantNetworkRef ref : moreNetworks) {
                    if (ref.tenant().equals(tenant.name())) {
                        lab.addNetwork(ref, tenant.siteOf(ref.gateway()));
                    }
                }
            }
            vmHosts = new LabVmHosts(plan, sites, connector, lab);
            vmHosts.start();
            unavailableReason = null;
            log.info("Lab data plane up: namespaces {}-<tenant>-<host>, e.g. ip netns exec {}-acme-client ping 192.168.60.10", prefix, prefix);
        } catch (DataPlaneUnavailableException e) {
            unavailableReason = e.getMessage();
            log.warn("{}", unavailableReason);
        }
    }

    /**
     * A VM was powered on or off (or its NIC moved) through Lifeboat's sessions: its lab host follows now, not a poll
     * later. An NEA VM powered off is halted before the call returns, as a real VM's guest is gone once its power-off
     * ended: a power-cycle (off, at once on again) must reboot its appliance even when no poll saw it off.
     */
    void vmPowerChanged(String siteUrl, String call, String vmId) {
        LabVmHosts hosts = vmHosts;
        if (hosts != null) {
            if (call.equals("powerOff") || call.equals("destroyVm")) {
                hosts.applianceVmPoweredOff(siteUrl, vmId);
            }
            hosts.syncSoon(siteUrl);
        }
    }

    /** The NEA's guest of the lab site {@code tenant} hangs while its VM stays on ({@link LabNetwork#hangAppliance}). */
    void hangAppliance(String tenant, NeaRole role) {
        lab().hangAppliance(tenant, role);
    }

    /** The NEA's guest of the lab site {@code tenant} goes away unheard, its stream left open ({@link LabNetwork#cutOffAppliance}). */
    void cutOffAppliance(String tenant, NeaRole role) {
        lab().cutOffAppliance(tenant, role);
    }

    /** The NEA's guest of the lab site {@code tenant} never boots, through power-cycles too ({@link LabNetwork#breakAppliance}). */
    void breakAppliance(String tenant, NeaRole role) {
        lab().breakAppliance(tenant, role);
    }

    /** Undoes {@link #breakAppliance}. */
    void repairAppliance(String tenant, NeaRole role) {
        lab().repairAppliance(tenant, role);
    }

    /** When the lab's host {@code name} of {@code tenant} was seen powered on and was up; empty while it is not up. */
    Optional<LabVmHosts.Boot> hostBoot(String tenant, String name) {
        LabVmHosts hosts = vmHosts;
        return hosts == null ? Optional.empty() : hosts.boot(tenant, name);
    }

    @Override
    public String unavailableReason() {
        return unavailableReason;
    }

    /** The running lab network; the network extension asks only while {@link #unavailableReason()} is null. */
    private LabNetwork lab() {
        LabNetwork lab = network;
        if (lab == null) {
            throw new DataPlaneUnavailableException(unavailableReason);
        }
        return lab;
    }

    @Override
    public NeaPlacement placement(TenantNetworkRef ref, NeaRole role) {
        return lab().placement(ref, role);
    }

    @Override
    public ApplianceClient start(TenantNetworkRef ref, NeaRole role, Duration timeout) {
        return lab().start(ref, role, timeout);
    }

    @Override
    public boolean isRunning(TenantNetworkRef ref, NeaRole role) {
        return lab().isRunning(ref, role);
    }

    @Override
    public boolean answers(TenantNetworkRef ref, NeaRole role) {
        return lab().answers(ref, role);
    }

    @Override
    public Set<String> connectedApplianceIds() {
        LabNetwork lab = network;
        return lab == null ? Set.of() : lab.connectedApplianceIds();
    }

    @Override
    public List<RefusedCopy> refusedCopies() {
        LabNetwork lab = network;
        return lab == null ? List.of() : lab.refusedCopies();
    }

    @Override
    public void stop(TenantNetworkRef ref, NeaRole role) {
        lab().stop(ref, role);
    }

    @Override
    public InetSocketAddress open(TenantNetworkRef ref, InetSocketAddress providerNea) {
        return lab().open(ref, providerNea);
    }

    @Override
    public List<InetSocketAddress> openAll(TenantNetworkRef ref, InetSocketAddress providerNea) {
        return lab().openAll(ref, providerNea);
    }

    @Override
    public void checkNics(ApplianceNics nics) {
        this.nics = nics;
        LabNetwork lab = network;
        if (lab != null) {
            lab.checkNics(nics);
        }
    }

    @Override
    public void onApplianceConnected(BiConsumer<Long, NeaRole> listener) {
        connectedListeners.add(listener);
    }

    @Override
    public void onNeaCertificate(BiConsumer<String, Instant> listener) {
        certificateListeners.add(listener);
    }

    @Override
    public void close(TenantNetworkRef ref) {
        lab().close(ref);
    }

    @Override
    public Optional<RelayCounters> counters(TenantNetworkRef ref) {
        return lab().counters(ref);
    }

    /** From the tenant's client host in the lab. */
    @Override
    public Optional<Instant> firstReplyFromTenantLan(TenantNetworkRef ref, String ip, Duration timeout) {
        return running().firstReplyFromTenantLan(ref, ip, timeout);
    }

    /** From the tenant's client host in the lab, a reply with the TTL of a host on its own segment. */
    @Override
    public Optional<Instant> firstLocalReplyFromTenantLan(TenantNetworkRef ref, String ip, Duration timeout) {
        return running().firstLocalReplyFromTenantLan(ref, ip, timeout);
    }

    private LabNetwork running() {
        LabNetwork lab = network;
        if (lab == null) {
            throw new NetworkExtensionException("the lab data plane is not running: " + unavailableReason);
        }
        return lab;
    }

    /** The drill probe: a namespace host on the tenant's drill segment, reaching nothing but the bubble. */
    @Override
    public Optional<Instant> firstPing(String tenant, String ip, Duration timeout) {
        LabNetwork lab = network;
        if (lab == null) {
            throw new IllegalStateException(unavailableReason);
        }
        return lab.firstReplyInBubble(siteOf(tenant, ip), ip, timeout);
    }

    /** The drill probe opening a TCP connection from the drill segment. */
    @Override
    public Optional<Instant> firstTcpConnect(String tenant, String ip, int port, Duration timeout) {
        LabNetwork lab = network;
        if (lab == null) {
            throw new IllegalStateException(unavailableReason);
        }
        return lab.firstTcpConnectInBubble(siteOf(tenant, ip), ip, port, timeout);
    }

    /** The lab site whose drill bubble holds {@code ip}: the tenant's own, or that of its further network holding it. */
    private String siteOf(String tenant, String ip) {
        return plan.tenants().stream().filter(t -> t.name().equals(tenant)).findFirst().map(t -> t.siteOf(ip)).orElse(tenant);
    }

    @Override
    public void destroy() {
        if (vmHosts != null) {
            vmHosts.close();
        }
        if (network != null) {
            network.teardown();
        }
    }
}
