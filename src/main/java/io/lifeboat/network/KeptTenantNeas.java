package io.lifeboat.network;

import io.lifeboat.appliance.NeaRole;
import io.lifeboat.shared.DaemonThreads;
import io.lifeboat.tasks.TaskRecorder;
import io.lifeboat.tasks.TaskState;
import io.lifeboat.tasks.TaskType;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * A tenant's choice to keep a network's tenant NEA running between failovers (ADR 0012, the tenant site's part): it
 * runs on the tenant's own hosts, and a failover started without the wizard (API, automation, schedule) then boots
 * only the provider NEA. Saved at once; applied in the background, since starting an NEA VM can take a minute, with an
 * Administration task that says what happened. A job of {@link NetworkSchedules} powers a kept tenant NEA found off
 * later (its site restarted) on again, and power-cycles one whose VM runs while its agent stays silent; each says so in
 * an Administration task of its tenant.
 */
@Service
public class KeptTenantNeas {

    private static final Logger log = LoggerFactory.getLogger(KeptTenantNeas.class);
    private static final String CHECK = "Lifeboat (kept tenant NEA check)";

    private final TenantNetworkService networks;
    private final DataPlane dataPlane;
    private final ExtendedNetworks extended;
    private final ApplianceVms applianceVms;
    private final ApplianceConnections connections;
    private final TaskRecorder tasks;
    private final ExecutorService workers = DaemonThreads.pool("kept-tenant-neas", 1);
    private final Duration silentAfter;

    KeptTenantNeas(TenantNetworkService networks, DataPlane dataPlane, ExtendedNetworks extended, ApplianceVms applianceVms,
                   ApplianceConnections connections, TaskRecorder tasks,
                   @Value("${lifeboat.network.kept-tenant-nea-silent-after:PT2M}") Duration silentAfter) {
        this.silentAfter = silentAfter;
        this.networks = networks;
        this.dataPlane = dataPlane;
        this.extended = extended;
        this.applianceVms = applianceVms;
        this.connections = connections;
        this.tasks = tasks;
    }

    /**
     * Saves whether network {@code networkId} of {@code tenantId} keeps its tenant NEA running, and starts applying it.
     *
     * @return the id of the task that reports the outcome
     * @throws UnknownNetworkException when the tenant has no such network (nothing is saved)
     */
    public long keepRunning(long tenantId, long networkId, boolean keep, String startedBy) {
        TenantNetworkInfo network = networks.keepTenantNeaRunning(tenantId, networkId, keep);
        long taskId = tasks.start(TaskType.ADMINISTRATION, tenantId, (keep ? "Keep the tenant NEA of " : "Stop keeping the tenant NEA of ")
                + network.label() + " running", startedBy);
        workers.execute(() -> apply(tenantId, network, taskId));
        return taskId;
    }

    private void apply(long tenantId, TenantNetworkInfo network, long taskId) {
        try {
            tasks.finish(taskId, TaskState.SUCCEEDED, applyKeptTenantNea(tenantId, network.id()));
        } catch (RuntimeException e) {
            log.warn("Applying whether tenant {} keeps the tenant NEA of {} running failed", tenantId, network.label(), e);
            tasks.finish(taskId, TaskState.FAILED, "Saved, but " + e.getMessage() + " Check the tenant NEA's VM at your site; a failover"
                    + " starts the NEAs it needs in any case.");
        }
    }

    /**
     * Powers on every kept tenant NEA of an idle network whose VM is off; one that cannot be started is logged and
     * tried again next time.
     *
     * @return how many were powered on
     */
    public int powerOnThoseOff() {
        return (int) networks.withTenantNeaKeptRunning().stream().filter(this::powerOn).count();
    }

    private boolean powerOn(TenantNetworkInfo network) {
        try {
            boolean poweredOn = powerOnKeptTenantNea(network.tenantId(), network.id());
            if (poweredOn) {
                log.info("The kept tenant NEA of tenant {}'s {} was off and is powered on again", network.tenantId(), network.label());
                long taskId = tasks.start(TaskType.ADMINISTRATION, network.tenantId(), "Start the kept tenant NEA of " + network.label()
                        + " again", CHECK);
                tasks.finish(taskId, TaskState.SUCCEEDED, "Its VM was found powered off (its site restarted, or someone powered it off),"
                        + " so it was powered on again, as you keep it running. To keep it off, stop keeping it running first.");
            }
            return poweredOn;
        } catch (RuntimeException e) {
            log.warn("The kept tenant NEA of tenant {}'s {} is off and could not be powered on; trying again later: {}", network.tenantId(),
                    network.label(), e.getMessage(), e);
            return false;
        }
    }

    /**
     * Power-cycles every kept tenant NEA whose VM runs but whose agent has been connected to no portal node for
     * {@code lifeboat.network.kept-tenant-nea-silent-after} (its guest hangs), and says so in an Administration task of
     * its tenant; one that cannot be power-cycled is logged and tried again next time.
     *
     * @return how many were power-cycled
     */
    public int powerCycleThoseSilent() {
        return (int) networks.withTenantNeaKeptRunning().stream().filter(this::powerCycleIfSilent).count();
    }

    private boolean powerCycleIfSilent(TenantNetworkInfo network) {
        try {
            Optional<Duration> silent = powerCycleKeptTenantNeaIfSilent(network.tenantId(), network.id(), silentAfter);
            silent.ifPresent(duration -> {
                log.warn("The kept tenant NEA of tenant {}'s {} was power-cycled: its VM ran, its agent had been silent for {} s",
                        network.tenantId(), network.label(), duration.toSeconds());
                long taskId = tasks.start(TaskType.ADMINISTRATION, network.tenantId(), "Restart the silent tenant NEA of " + network.label(),
                        CHECK);
                tasks.finish(taskId, TaskState.SUCCEEDED, "Its VM was running, but its agent had not been connected to the portal for "
                        + duration.toSeconds() + " s (its guest may hang), so the VM was powered off and on. The agent dials in again"
                        + " once the VM has booted. If this happens again, check the VM's console at your site.");
            });
            return silent.isPresent();
        } catch (RuntimeException e) {
            log.warn("The kept tenant NEA of tenant {}'s {} could not be checked or power-cycled; trying again later: {}", network.tenantId(),
                    network.label(), e.getMessage(), e);
            return false;
        }
    }

    /**
     * Applies whether network {@code networkId}'s tenant keeps its tenant NEA running (saved before): kept, an idle
     * network's tenant NEA is started and rests on its LAN with nothing proxied and no tunnel; no longer kept, it is
     * stopped and its VM powered off. A network in use is left as it is: the setting applies when its tunnel closes.
     * Calls vSphere: no transaction.
     *
     * @return what was done, for the task log
     * @throws NetworkExtensionException when the tenant NEA cannot be started or stopped
     */
    private String applyKeptTenantNea(long tenantId, long networkId) {
        Optional<NetworkExtension> extension = dataPlane.extension();
        if (extension.isEmpty()) {
            return "Saved. Networks are not extended on this portal (" + dataPlane.unavailableReason() + "), so no NEA runs now.";
        }
        ExtendedNetworks.Ref ref = extended.ref(tenantId, networkId);
        boolean keep = ref.info().tenantNeaKeptRunning();
        long started = System.nanoTime();
        synchronized (extended.lock(networkId)) {
            // in use on any node: its VPN Tunnel task is active (an NEA another node holds serves that node's tunnel)
            if (extended.inUse(extension.get(), ref) || tasks.findActive(TaskType.VPN_TUNNEL, ref.taskKey()).isPresent()) {
                return "Saved. " + ref.label() + " is in use now; when its tunnel closes, its tenant NEA "
                        + (keep ? "stays running." : "stops with the provider NEA.");
            }
            if (!keep) {
                extension.get().stopTenantNea(ref.network());
                applianceVms.powerOff(ref.network().tenant(), tenantId, ref.info(), List.of(NeaRole.TENANT));
                return "Tenant NEA of " + ref.label() + " stopped and its VM powered off: a failover started without the wizard boots both NEAs.";
            }
            applianceVms.ensureTenantNeaRunning(ref.network().tenant(), tenantId, ref.info());
        }
        // Outside the network's lock: its agent takes seconds to connect, and a warm-up or failover that comes meanwhile
        // boots the provider NEA beside it. standBy leaves a network that such a start has taken as it is.
        extension.get().standBy(ref.network());
        return "Tenant NEA of " + ref.label() + " running on your LAN (VM on, agent connected) after " + (System.nanoTime() - started) / 1_000_000
                + " ms: a failover boots only the provider NEA now.";
    }

    /**
     * A kept tenant NEA's VM powered on again when it is off (its site restarted, or someone powered it off) and the
     * network is idle: its agent dials in and rests until a failover configures it. Calls vSphere only.
     *
     * @return true when the VM was off and is powered on now
     * @throws NetworkExtensionException when the VM cannot be started (rolled back)
     */
    private boolean powerOnKeptTenantNea(long tenantId, long networkId) {
        Optional<NetworkExtension> extension = dataPlane.extension();
        ExtendedNetworks.Ref ref = extended.ref(tenantId, networkId);
        if (extension.isEmpty() || !ref.info().tenantNeaKeptRunning()) {
            return false;
        }
        synchronized (extended.lock(networkId)) {
            if (extended.inUse(extension.get(), ref)) {
                return false;
            }
            return applianceVms.ensureTenantNeaRunning(ref.network().tenant(), tenantId, ref.info());
        }
    }

    /**
     * Power-cycles a kept tenant NEA whose VM runs but whose agent has been connected to no portal node for
     * {@code silentAfter} (its guest hangs): a failover would otherwise wait out the up timeout for it first. A network
     * warm or in use on any node (its VPN Tunnel task is active) is left to its failovers, which power-cycle a silent NEA
     * themselves. Calls vSphere: no transaction.
     *
     * @return how long the agent had been silent when its VM was power-cycled; empty when nothing was done
     * @throws NetworkExtensionException when the VM cannot be power-cycled
     */
    private Optional<Duration> powerCycleKeptTenantNeaIfSilent(long tenantId, long networkId, Duration silentAfter) {
        Optional<NetworkExtension> extension = dataPlane.extension();
        ExtendedNetworks.Ref ref = extended.ref(tenantId, networkId);
        if (extension.isEmpty() || !ref.info().tenantNeaKeptRunning()) {
            return Optional.empty();
        }
        String applianceId = ref.network().applianceId(NeaRole.TENANT);
        synchronized (extended.lock(networkId)) {
            if (extended.inUse(extension.get(), ref) || tasks.findActive(TaskType.VPN_TUNNEL, ref.taskKey()).isPresent()
                    || !applianceVms.poweredOn(ref.network().tenant(), tenantId, ref.info(), NeaRole.TENANT)) {
                connections.forgetSilence(applianceId);
                return Optional.empty();
            }
            Duration silent = connections.silentFor(applianceId);
            if (silent.compareTo(silentAfter) < 0) {
                return Optional.empty();
            }
            applianceVms.powerCycle(ref.network().tenant(), tenantId, ref.info(), List.of(NeaRole.TENANT));
            connections.forgetSilence(applianceId);
            return Optional.of(silent);
        }
    }

    @PreDestroy
    void close() {
        workers.shutdownNow();
    }
}
