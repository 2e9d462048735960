package io.lifeboat.lab;

import io.lifeboat.lab.network.ApplianceGuest;
import io.lifeboat.lab.network.LabNetwork;
import io.lifeboat.network.NetworkExtensionException;
import io.lifeboat.hypervisor.Hypervisor;
import io.lifeboat.hypervisor.HypervisorConnector;
import io.lifeboat.hypervisor.HypervisorException;
import io.lifeboat.hypervisor.SiteEndpoint;
import io.lifeboat.hypervisor.VmInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors the simulators into the lab network: every powered-on VM is a namespace host with its IP on its segment
 * (production VMs on the tenant LAN as {@code <prefix>-<tenant>-<vm>}, replicas on the provider segment as
 * {@code <prefix>-<tenant>-<vm>-r}; a VM of a tenant's further network in that network's lab site, e.g.
 * {@code <prefix>-acme-dmz-proxy-01}), or in the drill bubble when its NIC is on the tenant's drill port group, where it
 * also accepts its seeded TCP ports), and disappears when powered off. So powering off an original VM at the tenant
 * site is how a failure is staged, and a failed-over replica answers pings for real. A power change made through
 * Lifeboat's sessions shows as soon as the simulators answer ({@link #syncSoon}, {@link PowerWatchingConnector}), one
 * made elsewhere within a poll ({@value #POLL_MILLIS} ms); whoever needs it awaits the host's namespace.
 * NEA VMs ({@value LabGuestTools#APPLIANCE_FOLDER}{@code /<tenant>} at either site) are watched the same way: a
 * powered-on one becomes {@code nea-t}/{@code nea-p} running the appliance agent configured from its guestinfo
 * ({@link LabGuestTools}), whose agent is booted again if it dies while the VM is on; powered off, it goes.
 */
final class LabVmHosts implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LabVmHosts.class);
    /**
     * The poll is a safety net for changes made outside Lifeboat's sessions (they kick a sync at once): every 100 ms it
     * listed each tenant's folders at both sites, a quarter of the portal's CPU samples in a 50-VM failover bench.
     */
    private static final long POLL_MILLIS = 500;

    private record Host(String tenant, LabNetwork.Side side, String name, String ip, List<Integer> tcpPorts, String vmId) {
    }

    private final LabPlan plan;
    private final LabSites sites;
    private final HypervisorConnector connector;
    private final LabNetwork network;
    /** When each present host was seen powered on and when its namespace was up (nanoTime), for the benchmarks. */
    private final Map<String, Boot> boots = new ConcurrentHashMap<>();

    /** A host's boot: the poll that saw its VM powered on began at {@code seenNanos}; its NIC was up with its address (it answers) at {@code upNanos}. */
    record Boot(long seenNanos, long upNanos) {
    }
    /**
     * Powered-on NEA VMs by site and VM id, with what their guest tools read at power-on. Written by each site's
     * appliance poll under that site's lock; read without it by boots, which must not wait for a poll.
     */
    private final Map<String, ApplianceGuest> appliances = new ConcurrentHashMap<>();
    private final Map<String, String> applianceProblems = new ConcurrentHashMap<>();
    private final LabGuestTools guestTools;
    private final ExecutorService booter = Executors.newCachedThreadPool(daemon("lab-appliance-boot"));
    /** Keys of NEA VMs whose boot is under way: the next poll does not queue another. */
    private final Set<String> booting = ConcurrentHashMap.newKeySet();
    private final List<SiteWatch> watches;

    LabVmHosts(LabPlan plan, LabSites sites, HypervisorConnector connector, LabNetwork network) {
        this.plan = plan;
        this.sites = sites;
        this.connector = connector;
        this.network = network;
        this.guestTools = new LabGuestTools(plan, network);
        this.watches = List.of(new SiteWatch(Site.TENANT), new SiteWatch(Site.PROVIDER));
    }

    void start() {
        watches.forEach(SiteWatch::start);
    }

    /**
     * Syncs the hosts and NEAs of the site at {@code siteUrl} now, besides the polls (after a power change made through
     * Lifeboat); kicks that come while one is queued join it, so 50 power-ons make a few syncs, not 50. The other site
     * is not listed for it: a 50-VM failover's kicks listed both, and the simulators answered Lifeboat's calls slower.
     */
    void syncSoon(String siteUrl) {
        watchesOf(siteUrl).forEach(SiteWatch::syncSoon);
    }

    /** The watch of the site at {@code siteUrl}; both for a URL neither has (nothing is missed that way). */
    private List<SiteWatch> watchesOf(String siteUrl) {
        List<SiteWatch> of = watches.stream().filter(watch -> watch.url().equals(siteUrl)).toList();
        return of.isEmpty() ? watches : of;
    }

    private static void kick(ScheduledExecutorService thread, AtomicBoolean queued, Runnable sync) {
        if (queued.compareAndSet(false, true)) {
            try {
                thread.execute(() -> {
                    queued.set(false);
                    quietly(sync);
                });
            } catch (RejectedExecutionException e) {
                queued.set(false);   // closed: the lab is going down
            }
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The lab's two vCenters; a watch's keys of NEA VMs begin with its site's name. */
    private enum Site {
        TENANT, PROVIDER;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        String prefix() {
            return label() + "/";
        }
    }

    /**
     * One site's guests: its VM hosts and its NEA VMs, each watched on a thread of its own (two folders, not every VM of
     * the lab: a cold failover waits for them; building an NEA's namespace takes a second or more on a loaded machine).
     * Each site apart, as at real sites: a vCenter that hangs (its simulator frozen) holds up none of the other site's
     * guests; one poll of both sites left a provider NEA unbooted while the tenant's vCenter hung.
     */
    private final class SiteWatch {

        private final Site site;
        private final Map<String, Host> present = new HashMap<>();
        private final Object appliancesLock = new Object();
        private final ScheduledExecutorService hostPoller;
        private final ScheduledExecutorService appliancePoller;
        /** Whether {@link #syncSoon} has queued a sync of the hosts, or of the NEAs, that has not begun: further kicks join it. */
        private final AtomicBoolean hostsKicked = new AtomicBoolean();
        private final AtomicBoolean appliancesKicked = new AtomicBoolean();

        SiteWatch(Site site) {
            this.site = site;
            this.hostPoller = Executors.newSingleThreadScheduledExecutor(daemon("lab-vm-hosts-" + site.label()));
            this.appliancePoller = Executors.newSingleThreadScheduledExecutor(daemon("lab-appliances-" + site.label()));
        }

        void start() {
            syncHosts();
            syncAppliances();
            hostPoller.scheduleWithFixedDelay(() -> quietly(this::syncHosts), POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
            appliancePoller.scheduleWithFixedDelay(() -> quietly(this::syncAppliances), POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
        }

        void syncSoon() {
            kick(hostPoller, hostsKicked, this::syncHosts);
            kick(appliancePoller, appliancesKicked, this::syncAppliances);
        }

        private SiteEndpoint endpoint() {
            return site == Site.TENANT ? sites.tenantSite() : sites.providerSite();
        }

        private Hypervisor hypervisor() {
            return connector.connect(endpoint());
        }

        String url() {
            return endpoint().url();
        }

        private synchronized void syncHosts() {
            long polled = System.nanoTime();
            Hypervisor hypervisor = hypervisor();
            Map<String, Host> wanted = new HashMap<>();
            for (LabPlan.LabTenant tenant : plan.tenants()) {
                if (site == Site.TENANT) {
                    for (VmInfo vm : hypervisor.listVms(tenant.tenantSiteFolder())) {
                        want(wanted, tenant, LabNetwork.Side.TENANT_LAN, vm.name(), vm, List.of());
                    }
                    continue;
                }
                for (VmInfo vm : hypervisor.listVms(tenant.providerFolder())) {
                    boolean inDrill = tenant.drillPortGroupOf(vm.ipAddress()).equals(vm.network());
                    want(wanted, tenant, inDrill ? LabNetwork.Side.DRILL_BUBBLE : LabNetwork.Side.PROVIDER_SEGMENT, vm.name().replace("_replica", "-r"), vm,
                            inDrill ? tcpPorts(tenant, vm.name()) : List.of());
                }
            }
            removeAll(present.entrySet().stream().filter(entry -> !entry.getValue().equals(wanted.get(entry.getKey())))
                    .map(Map.Entry::getKey).toList());
            Map<String, Host> fresh = new HashMap<>(wanted);
            fresh.keySet().removeAll(present.keySet());
            bootAll(fresh, hypervisor, polled);
        }

        /** Powers off the hosts of VMs no longer powered on (or moved), together: one undo of 50 VMs removed them one by one. */
        private void removeAll(List<String> keys) {
            Map<String, List<String>> namesBySite = new HashMap<>();
            keys.stream().map(present::get).forEach(host -> namesBySite.computeIfAbsent(host.tenant(), s -> new ArrayList<>()).add(host.name()));
            namesBySite.forEach(network::removeVmHosts);
            keys.forEach(key -> {
                present.remove(key);
                boots.remove(key);
                log.info("Lab host {} removed (VM powered off)", key);
            });
        }

        /**
         * Boots the hosts of VMs newly seen powered on, all at once as real guests do. If they cannot be built, none is
         * present, so the next poll tries them again.
         */
        private void bootAll(Map<String, Host> fresh, Hypervisor hypervisor, long polled) {
            if (fresh.isEmpty()) {
                return;
            }
            Map<LabNetwork.VmHost, String> keys = new HashMap<>();
            fresh.forEach((key, host) -> keys.put(new LabNetwork.VmHost(host.tenant(), host.side(), host.name(), host.ip(), host.tcpPorts(),
                    host.side() == LabNetwork.Side.TENANT_LAN ? hypervisor.macAddress(host.vmId()).orElse(null) : null), key));
            network.addVmHosts(List.copyOf(keys.keySet())).forEach((vmHost, up) -> boots.put(keys.get(vmHost), new Boot(polled, up)));
            fresh.forEach((key, host) -> {
                present.put(key, host);
                log.info("Lab host {} up with {} on the {}", key, host.ip(), switch (host.side()) {
                    case TENANT_LAN -> "tenant LAN";
                    case PROVIDER_SEGMENT -> "provider segment";
                    case DRILL_BUBBLE -> "drill bubble";
                });
            });
        }

        boolean watches(String applianceKey) {
            return applianceKey.startsWith(site.prefix());
        }

        private void syncAppliances() {
            synchronized (appliancesLock) {
                Hypervisor hypervisor = hypervisor();
                Map<String, VmInfo> poweredOn = new HashMap<>();
                appliancesAt(hypervisor).stream().filter(vm -> vm.powerState() == VmInfo.PowerState.POWERED_ON)
                        .forEach(vm -> poweredOn.put(site.prefix() + vm.id(), vm));
                List<ApplianceGuest> poweredOff = new ArrayList<>();
                appliances.entrySet().removeIf(entry -> watches(entry.getKey()) && !poweredOn.containsKey(entry.getKey())
                        && poweredOff.add(entry.getValue()));
                for (ApplianceGuest guest : poweredOff) {   // gone from the map first: a boot queued before finds it off
                    guestTools.halt(guest);
                    log.info("Lab appliance {} halted (NEA VM powered off)", guest);
                }
                applianceProblems.keySet().removeIf(key -> watches(key) && !poweredOn.containsKey(key));
                poweredOn.forEach((key, vm) -> {
                    try {
                        ApplianceGuest guest = appliances.get(key);
                        if (guest == null) {
                            guest = guestTools.read(hypervisor, vm);
                            appliances.put(key, guest);
                            log.info("Lab appliance {} booting (NEA VM {} powered on)", guest, vm.name());
                        }
                        boot(key, vm, guest);
                    } catch (IllegalArgumentException | NetworkExtensionException e) {
                        problem(key, vm, e);
                    }
                });
            }
        }

        void close() {
            hostPoller.shutdownNow();
            appliancePoller.shutdownNow();
        }
    }

    /** If {@code vmId} at {@code siteUrl} is a booted NEA VM's, halts its appliance now (its site's sync sees it off) instead of a poll later. */
    void applianceVmPoweredOff(String siteUrl, String vmId) {
        watchesOf(siteUrl).stream().filter(watch -> appliances.containsKey(watch.site.prefix() + vmId)).forEach(watch -> quietly(watch::syncAppliances));
    }

    /** The boot of the host {@code name} of {@code tenant} (as in its namespace's name) while it is up. */
    Optional<Boot> boot(String tenant, String name) {
        return Optional.ofNullable(boots.get(tenant + "/" + name));
    }

    /** Boots (or, when its agent runs, leaves) the NEA on a thread of its own; a boot still under way is not queued again. */
    private void boot(String key, VmInfo vm, ApplianceGuest guest) {
        if (!booting.add(key)) {
            return;
        }
        booter.execute(() -> {
            try {
                guestTools.boot(guest, () -> appliances.get(key) == guest);
            } catch (IllegalArgumentException | NetworkExtensionException e) {
                problem(key, vm, e);
            } catch (RuntimeException e) {
                log.warn("Lab appliance of NEA VM {}: boot failed", vm.name(), e);
            } finally {
                booting.remove(key);
            }
        });
    }

    private void problem(String key, VmInfo vm, RuntimeException e) {
        if (!e.getMessage().equals(applianceProblems.put(key, e.getMessage()))) {
            log.warn("Lab appliance of NEA VM {} cannot boot: {}", vm.name(), e.getMessage());
        }
    }

    private static List<VmInfo> appliancesAt(Hypervisor site) {
        try {
            return site.listVms(LabGuestTools.APPLIANCE_FOLDER);
        } catch (HypervisorException e) {
            if (e.kind() == HypervisorException.Kind.NOT_FOUND) {
                return List.of();   // no NEA VM was ever cloned at this site
            }
            throw e;
        }
    }

    private static void want(Map<String, Host> wanted, LabPlan.LabTenant tenant, LabNetwork.Side side, String name, VmInfo vm,
                             List<Integer> tcpPorts) {
        if (vm.powerState() == VmInfo.PowerState.POWERED_ON && vm.ipAddress() != null) {
            wanted.put(tenant.name() + "/" + name, new Host(tenant.siteOf(vm.ipAddress()), side, name, vm.ipAddress(), tcpPorts, vm.id()));
        }
    }

    /**
     * The seeded services of a replica, which it offers in a drill's bubble. Only there: a listener is a small JVM, and
     * the drill checks are what asks for them; production VMs and failed-over replicas answer pings only, which keeps
     * the lab light on a small machine.
     */
    private List<Integer> tcpPorts(LabPlan.LabTenant tenant, String replicaName) {
        return tenant.vms().stream().filter(vm -> vm.replicaName().equals(replicaName)).findFirst().map(LabPlan.LabVm::tcpPorts).orElse(List.of());
    }

    private static void quietly(Runnable sync) {
        try {
            sync.run();
        } catch (HypervisorException e) {
            log.debug("Lab VM hosts: a simulator did not answer: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Lab VM hosts: sync failed", e);
        }
    }

    @Override
    public void close() {
        watches.forEach(SiteWatch::close);
        booter.shutdownNow();
    }
}
