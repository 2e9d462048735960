package io.lifeboat.network;

import io.lifeboat.appliance.Ipv4Subnet;
import io.lifeboat.appliance.NeaRole;
import io.lifeboat.gateway.EnrolmentTokens;
import io.lifeboat.hypervisor.BoundedReads;
import io.lifeboat.hypervisor.Hypervisor;
import io.lifeboat.hypervisor.HypervisorConnector;
import io.lifeboat.hypervisor.HypervisorException;
import io.lifeboat.hypervisor.SiteEndpoint;
import io.lifeboat.hypervisor.VmClone;
import io.lifeboat.hypervisor.VmInfo;
import io.lifeboat.pki.ApplianceCertificates;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The NEA VMs of a tenant network through the {@code vsphere} port: the provider NEA at the provider site, the tenant
 * NEA at the tenant site, each cloned from its site's appliance template into {@value #FOLDER}{@code /<tenant>} with
 * its first NIC on the network's port group and, where the site names an uplink network, its second on that (the
 * provider NEA needs one; a tenant NEA without one dials out through its LAN's router, as at most sites), configured through
 * guestinfo (role, network, appliance id, gateway, subnet, the Cloud Gateways' control endpoints when configured and
 * the CA that signed their certificate, the NEA's addresses, a
 * one-time enrolment token that is never logged and is
 * registered with the control server's {@link EnrolmentTokens} before the VM exists, so its agent can enrol at first
 * boot). Callers serialise calls per network and never hold a transaction (every method calls vSphere).
 */
@Component
class ApplianceVms {

    static final String FOLDER = "lifeboat-appliances";
    static final String GUESTINFO = "guestinfo.lifeboat.";
    /** Long enough for a clone and its first boot; a VM that enrolled keeps its certificate and needs no token again. */
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(30);

    private static final Logger log = LoggerFactory.getLogger(ApplianceVms.class);

    private final ApplianceSites sites;
    private final HypervisorConnector connector;
    private final EnrolmentTokens tokens;
    private final Duration timeout;
    private final String cloudGateways;
    private final ApplianceCertificates certificates;
    private final ApplianceControlProperties control;
    private final NeaVmNics nics;
    private final SecureRandom random = new SecureRandom();
    /** Both sites' NEA VMs are started at once; idle threads go after a minute. */
    private final ExecutorService sitesAtOnce = Executors.newCachedThreadPool(daemon("nea-vms"));
    private final BoundedReads shownReads;

    ApplianceVms(ApplianceSites sites, HypervisorConnector connector, EnrolmentTokens tokens,
                 @Value("${lifeboat.failover.vsphere-timeout:PT2M}") Duration timeout,
                 @Value("${lifeboat.network.cloud-gateways:}") String cloudGateways,
                 BoundedReads shownReads, ApplianceCertificates certificates, ApplianceControlProperties control, NeaVmNics nics) {
        this.shownReads = shownReads;
        this.sites = sites;
        this.connector = connector;
        this.tokens = tokens;
        this.timeout = timeout;
        this.cloudGateways = cloudGateways.replace(" ", "");
        this.certificates = certificates;
        this.control = control;
        this.nics = nics;
    }

    /**
     * Both NEA VMs exist and run: clones the missing ones and powers on those that are off. When a step fails, what this
     * call made is undone (clones destroyed, VMs it powered on powered off again) and the exception says which NEA, at
     * which site, failed and why.
     *
     * A role whose agent answers ({@code answering}: connected, and asked now) and whose NIC is on record is left alone:
     * its VM runs, and its site's vCenter is not asked. A tenant NEA kept running thus spares a failover the tenant's
     * vCenter, which in a disaster may be down or hang.
     *
     * @return the roles whose VM was running already (their agents are connected, or should be soon)
     * @throws NetworkExtensionException with a message fit for the task log
     */
    Set<NeaRole> ensureRunning(String tenant, long tenantId, TenantNetworkInfo network, Predicate<NeaRole> answering) {
        List<NeaRole> both = List.of(NeaRole.PROVIDER, NeaRole.TENANT);
        Set<NeaRole> running = runningAlready(tenant, network, both, answering);
        Set<NeaRole> ranBefore = new HashSet<>(running);
        ranBefore.addAll(ensureRunning(tenant, tenantId, network, both.stream().filter(role -> !running.contains(role)).toList()));
        return Set.copyOf(ranBefore);
    }

    /**
     * Of {@code roles}, those whose VM's NIC is on record and whose agent answers: nothing to ask vCenter. The record is
     * read first: an NEA without one goes to vCenter in any case, so its agent is not asked.
     */
    private Set<NeaRole> runningAlready(String tenant, TenantNetworkInfo network, List<NeaRole> roles, Predicate<NeaRole> answering) {
        return roles.stream().filter(role -> nics.lanMac(TenantNetworkRef.applianceId(tenant, network.id(), role)).isPresent())
                .filter(answering)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Powers the roles' NEA VMs off and on again (their agents stay silent though the VMs run). */
    void powerCycle(String tenant, long tenantId, TenantNetworkInfo network, Collection<NeaRole> roles) {
        for (NeaRole role : roles) {
            forEachExisting(tenant, tenantId, network, List.of(role), (hypervisor, vmId) -> {
                hypervisor.powerOff(vmId, timeout);
                powerOn(hypervisor, vmId, TenantNetworkRef.applianceId(tenant, network.id(), role));
            }, "power-cycled");
        }
    }

    /** Whether the role's NEA VM exists and is powered on. */
    boolean poweredOn(String tenant, long tenantId, TenantNetworkInfo network, NeaRole role) {
        Hypervisor hypervisor = connector.connect(site(tenantId, role).endpoint());
        return hypervisor.findVmByName(folder(tenant), vmName(network, role))
                .map(vmId -> hypervisor.findVm(vmId).powerState() == VmInfo.PowerState.POWERED_ON).orElse(false);
    }

    /**
     * The tenant NEA VM alone exists and runs: the pre-flight ARP probe goes through it before any failover started.
     * Rolled back as {@link #ensureRunning(String, long, TenantNetworkInfo)} is.
     *
     * @return true when this call cloned or powered the VM on (the caller powers it off again when done with it)
     * @throws NetworkExtensionException with a message fit for the task log
     */
    boolean ensureTenantNeaRunning(String tenant, long tenantId, TenantNetworkInfo network) {
        return ensureRunning(tenant, tenantId, network, List.of(NeaRole.TENANT)).isEmpty();
    }

    /**
     * The pre-flight probe's NEAs: the tenant NEA as {@link #ensureTenantNeaRunning} and, beside it, the provider NEA, so
     * that the failover which usually follows at once finds both agents booted (or booting) instead of only then
     * starting the provider's. The provider NEA is best effort: when it cannot be started, that is logged and rolled back
     * and left for the failover to report; the probe only needs the tenant NEA.
     *
     * @return true when this call cloned or powered on either VM (the caller powers them off when they are not used)
     * @throws NetworkExtensionException when the tenant NEA cannot be started (a provider NEA this call started is
     *                                   powered off again)
     */
    boolean ensureRunningForProbe(String tenant, long tenantId, TenantNetworkInfo network, Predicate<NeaRole> answering) {
        Set<NeaRole> running = runningAlready(tenant, network, List.of(NeaRole.PROVIDER, NeaRole.TENANT), answering);
        CompletableFuture<Boolean> provider = CompletableFuture
                .supplyAsync(() -> !running.contains(NeaRole.PROVIDER) && ensureRunning(tenant, tenantId, network, List.of(NeaRole.PROVIDER)).isEmpty(), sitesAtOnce)
                .exceptionally(e -> {
                    log.info("The provider NEA of {} {} was not started beside the probe: {}", tenant, network.name(), e.getMessage());
                    return false;
                });
        boolean tenantStarted;
        try {
            tenantStarted = !running.contains(NeaRole.TENANT) && ensureTenantNeaRunning(tenant, tenantId, network);
        } catch (RuntimeException e) {
            if (provider.join()) {   // nothing of this call may run on after it: calls are serialised per network
                powerOff(tenant, tenantId, network, List.of(NeaRole.PROVIDER));
            }
            throw e;
        }
        return provider.join() | tenantStarted;
    }

    /**
     * The roles' sites at once (each NEA is a clone and a power-on at its own vCenter, and its agent boots as soon as
     * its VM runs: one after the other cost a cold failover a whole power-on). Rolled back once all have finished, so
     * what the other site did meanwhile is undone too.
     *
     * @return the roles whose VM was running already; the others this call cloned or powered on
     */
    private Set<NeaRole> ensureRunning(String tenant, long tenantId, TenantNetworkInfo network, List<NeaRole> roles) {
        Set<NeaRole> ranBefore = ConcurrentHashMap.newKeySet();
        Map<NeaRole, List<Runnable>> undo = new LinkedHashMap<>();
        Map<NeaRole, CompletableFuture<Void>> steps = new LinkedHashMap<>();
        for (NeaRole role : roles) {
            List<Runnable> undoOfRole = new ArrayList<>();
            undo.put(role, undoOfRole);
            steps.put(role, CompletableFuture.runAsync(() -> {
                if (ensureRunning(tenant, tenantId, network, role, undoOfRole)) {
                    ranBefore.add(role);
                }
            }, sitesAtOnce));
        }
        RuntimeException failure = null;
        NeaRole failed = null;
        for (Map.Entry<NeaRole, CompletableFuture<Void>> step : steps.entrySet()) {
            try {
                step.getValue().join();
            } catch (CompletionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r : e;
                    failed = step.getKey();
                }
            }
        }
        List<Runnable> all = undo.values().stream().flatMap(List::stream).toList();
        if (failure != null) {
            rollBack(all, failure);
            throw new NetworkExtensionException("the " + failed.label() + " of " + network.name() + " could not be started: "
                    + failure.getMessage(), failure);
        }
        return Set.copyOf(ranBefore);
    }

    /** @return true when the VM was running already */
    private boolean ensureRunning(String tenant, long tenantId, TenantNetworkInfo network, NeaRole role, List<Runnable> undo) {
        ApplianceSite site = site(tenantId, role);
        String lan = lanPortGroup(network, role);
        if (site.template() == null || (role == NeaRole.PROVIDER && site.uplinkNetwork() == null)) {
            throw new IllegalStateException("site " + site.siteName() + " has no appliance " + (site.template() == null ? "template" : "uplink network")
                    + ": set it on the Sites page.");
        }
        Hypervisor hypervisor = connector.connect(site.endpoint());
        String folder = folder(tenant);
        String name = vmName(network, role);
        Optional<String> existing = hypervisor.findVmByName(folder, name);
        String vmId;
        if (existing.isPresent()) {
            vmId = existing.get();
        } else {
            vmId = hypervisor.cloneVm(new VmClone(site.template(), folder, name, nics(lan, site),
                    guestinfo(tenant, network, role)), timeout);
            undo.add(() -> connector.connect(site.endpoint()).destroyVm(vmId, timeout));
            log.info("{} of {} {} cloned from {} at site {} as {}", role.label(), tenant, network.name(), site.template(), site.siteName(), vmId);
        }
        String applianceId = TenantNetworkRef.applianceId(tenant, network.id(), role);
        if (hypervisor.findVm(vmId).powerState() == VmInfo.PowerState.POWERED_ON) {
            nics.recordIfMissing(applianceId, () -> hypervisor.macAddress(vmId));
            return true;
        }
        powerOn(hypervisor, vmId, applianceId);
        undo.add(0, () -> connector.connect(site.endpoint()).powerOff(vmId, timeout));
        log.info("{} of {} {} powered on at site {}", role.label(), tenant, network.name(), site.siteName());
        return false;
    }

    /** Its agent dials as soon as it runs: the NIC it must dial from behind is known before (a NIC may have been changed). */
    private void powerOn(Hypervisor hypervisor, String vmId, String applianceId) {
        nics.record(applianceId, hypervisor.macAddress(vmId));
        hypervisor.powerOn(vmId, timeout);
    }

    /** The LAN port group, then the site's uplink network if it has one. */
    private static List<String> nics(String lan, ApplianceSite site) {
        return site.uplinkNetwork() == null ? List.of(lan) : List.of(lan, site.uplinkNetwork());
    }

    /**
     * Powers the roles' NEA VMs off (the network's last VM left failover, or a probe that powered the tenant NEA on is
     * done); VMs that do not exist are skipped.
     */
    void powerOff(String tenant, long tenantId, TenantNetworkInfo network, List<NeaRole> roles) {
        forEachExisting(tenant, tenantId, network, roles, (hypervisor, vmId) -> hypervisor.powerOff(vmId, timeout), "powered off");
    }

    /**
     * What the network's running NEA VMs use at both sites, as vCenter configures them: one folder listing per site
     * (the listing carries each VM's hardware). A site without the tenant's folder has no NEA of it. For what pages
     * show: a listing is waited for {@code lifeboat.vsphere.bounded-read-wait} at most ({@link BoundedReads}).
     *
     * @throws io.lifeboat.hypervisor.HypervisorException when a site's vCenter cannot be read, or does not answer in time
     */
    ApplianceResources running(String tenant, long tenantId, TenantNetworkInfo network) {
        ApplianceResources used = ApplianceResources.NONE;
        for (NeaRole role : List.of(NeaRole.TENANT, NeaRole.PROVIDER)) {
            String name = vmName(network, role);
            SiteEndpoint endpoint = site(tenantId, role).endpoint();
            String folder = folder(tenant);
            for (VmInfo vm : shownReads.read(endpoint.url(), "listing " + folder, () -> listFolder(connector.connect(endpoint), folder))) {
                if (vm.name().equals(name) && vm.powerState() == VmInfo.PowerState.POWERED_ON) {
                    used = used.plus(new ApplianceResources(1, vm.cpus(), vm.memoryMb()));
                }
            }
        }
        return used;
    }

    private static List<VmInfo> listFolder(Hypervisor hypervisor, String folder) {
        try {
            return hypervisor.listVms(folder);
        } catch (HypervisorException e) {
            if (e.kind() == HypervisorException.Kind.NOT_FOUND) {
                return List.of();
            }
            throw e;
        }
    }

    /** Destroys both NEA VMs (the network was removed); VMs that do not exist are skipped. */
    void remove(String tenant, long tenantId, TenantNetworkInfo network) {
        forEachExisting(tenant, tenantId, network, List.of(NeaRole.TENANT, NeaRole.PROVIDER), (hypervisor, vmId) -> hypervisor.destroyVm(vmId, timeout),
                "removed");
        for (NeaRole role : NeaRole.values()) {
            nics.forget(TenantNetworkRef.applianceId(tenant, network.id(), role));
        }
    }

    private void forEachExisting(String tenant, long tenantId, TenantNetworkInfo network, List<NeaRole> roles,
                                 java.util.function.BiConsumer<Hypervisor, String> action, String done) {
        for (NeaRole role : roles) {
            ApplianceSite site = site(tenantId, role);
            try {
                Hypervisor hypervisor = connector.connect(site.endpoint());
                Optional<String> vmId = hypervisor.findVmByName(folder(tenant), vmName(network, role));
                if (vmId.isPresent()) {
                    action.accept(hypervisor, vmId.get());
                    log.info("{} of {} {} {} at site {}", role.label(), tenant, network.name(), done, site.siteName());
                }
            } catch (RuntimeException e) {
                throw new NetworkExtensionException("the " + role.label() + " of " + network.name() + " at site " + site.siteName()
                        + " could not be " + done + ": " + e.getMessage(), e);
            }
        }
    }

    private ApplianceSite site(long tenantId, NeaRole role) {
        return role == NeaRole.PROVIDER ? sites.providerSite(tenantId) : sites.tenantSite(tenantId);
    }

    private static void rollBack(List<Runnable> undo, RuntimeException failure) {
        for (Runnable step : undo) {
            try {
                step.run();
            } catch (RuntimeException cleanup) {
                failure.addSuppressed(cleanup);
                log.warn("Rolling back an NEA VM failed: {}", cleanup.getMessage());
            }
        }
    }

    private static String lanPortGroup(TenantNetworkInfo network, NeaRole role) {
        String portGroup = role == NeaRole.PROVIDER ? network.providerPortGroup() : network.tenantPortGroup();
        if (portGroup == null) {
            throw new IllegalStateException("the network has no port group at the " + (role == NeaRole.PROVIDER ? "provider" : "tenant")
                    + " site for its NEA.");
        }
        return portGroup;
    }

    /**
     * What the appliance reads at boot through VMware Tools; the token is one-time, differs per VM and is registered for
     * this appliance's id before the VM exists.
     */
    private Map<String, String> guestinfo(String tenant, TenantNetworkInfo network, NeaRole role) {
        String applianceId = TenantNetworkRef.applianceId(tenant, network.id(), role);
        String token = enrolmentToken();
        tokens.register(token, applianceId, Instant.now().plus(TOKEN_LIFETIME));
        Map<String, String> values = new LinkedHashMap<>();
        values.put(GUESTINFO + "role", role.name().toLowerCase(Locale.ROOT));
        values.put(GUESTINFO + "network", tenant + "/" + network.name());
        values.put(GUESTINFO + "appliance-id", applianceId);
        values.put(GUESTINFO + "gateway", network.gateway());
        values.put(GUESTINFO + "subnet", network.subnet());
        values.put(GUESTINFO + "enrolment-token", token);
        if (!cloudGateways.isEmpty()) {
            values.put(GUESTINFO + "gateways", cloudGateways);   // else the template's configuration names them
        }
        // a PEM does not fit one guestinfo line: base64, as the image's boot step expects
        values.put(GUESTINFO + "gateway-ca", Base64.getEncoder().encodeToString(certificates.gatewayCaPem().getBytes(StandardCharsets.US_ASCII)));
        values.putAll(addresses(network, role));
        return values;
    }

    /** The tenant NEA's LAN address; the provider NEA's uplink address and routes where the portal allocates them. */
    private Map<String, String> addresses(TenantNetworkInfo network, NeaRole role) {
        Map<String, String> values = new LinkedHashMap<>();
        if (role == NeaRole.TENANT) {
            Ipv4Subnet lan = Ipv4Subnet.parse(network.subnet());
            values.put(GUESTINFO + "lan-address", NeaPlacement.tenantNeaIp(lan) + "/" + lan.prefixLength());
            return values;
        }
        String uplink = control.providerUplinkAddress(network.id());
        if (uplink != null) {
            values.put(GUESTINFO + "uplink-address", uplink);
            values.put(GUESTINFO + "uplink-routes", control.providerUplinkRoutes());
        }
        return values;
    }

    private String enrolmentToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    static String folder(String tenant) {
        return FOLDER + "/" + tenant;
    }

    /** e.g. {@code nea-lan-provider}: unique per network and role within the tenant's folder. */
    static String vmName(TenantNetworkInfo network, NeaRole role) {
        String slug = network.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return "nea-" + slug + "-" + network.id() + "-" + role.name().toLowerCase(Locale.ROOT);
    }
}
