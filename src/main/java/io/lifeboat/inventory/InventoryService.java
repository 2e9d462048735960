package io.lifeboat.inventory;

import io.lifeboat.network.TenantNetworkService;
import io.lifeboat.network.TenantNetworkInfo;
import io.lifeboat.hypervisor.BoundedReads;
import io.lifeboat.hypervisor.HypervisorConnector;
import io.lifeboat.hypervisor.HypervisorException;
import io.lifeboat.hypervisor.SiteEndpoint;
import io.lifeboat.hypervisor.SnapshotInfo;
import io.lifeboat.hypervisor.VmInfo;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sites, tenant placement and the replica inventory. Methods that take a {@code tenantId} expect the caller to
 * have taken it from the current user's context: every read is scoped by it.
 */
@Service
public class InventoryService {

    /** Snapshots Lifeboat takes itself (failover markers) start with this and are not restore points. */
    public static final String LIFEBOAT_SNAPSHOT_PREFIX = "lifeboat-";
    static final String REPLICA_SUFFIX = "_replica";

    private static final Logger log = LoggerFactory.getLogger(InventoryService.class);

    private final SiteRepository sites;
    private final TenantPlacementRepository placements;
    private final ReplicaRepository replicas;
    private final RestorePointRepository restorePoints;
    private final TenantNetworkService networks;
    private final HypervisorConnector connector;
    private final SecretCipher cipher;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final SiteContacts contacts;
    private final BoundedReads boundedReads;

    InventoryService(SiteRepository sites, TenantPlacementRepository placements, ReplicaRepository replicas,
                     RestorePointRepository restorePoints, TenantNetworkService networks, HypervisorConnector connector,
                     SecretCipher cipher, Clock clock, PlatformTransactionManager transactionManager, SiteContacts contacts,
                     BoundedReads boundedReads) {
        this.boundedReads = boundedReads;
        this.sites = sites;
        this.placements = placements;
        this.replicas = replicas;
        this.restorePoints = restorePoints;
        this.networks = networks;
        this.connector = connector;
        this.cipher = cipher;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
        this.contacts = contacts;
    }

    /** Creates or updates a site; the password is encrypted before it is stored. */
    @Transactional
    public void registerSite(String name, String url, String username, String password, boolean trustAllCerts) {
        Site site = sites.findByName(name).orElseGet(() -> new Site(name));
        site.connectTo(url, username, cipher.encrypt(password, "site:" + name), trustAllCerts);
        sites.save(site);
    }

    /**
     * Applies a site declared in configuration and marks it so: read-only in the portal. Returns false, changing
     * nothing, when a site of that name was created in the portal (configuration never silently overwrites it).
     */
    @Transactional
    public boolean registerConfiguredSite(String name, String url, String username, String password, boolean trustAllCerts,
                                          String certificateSha256) {
        Optional<Site> existing = sites.findByName(name);
        if (existing.isPresent() && existing.get().getManagedBy() == null) {
            return false;
        }
        registerSite(name, url, username, password, trustAllCerts);
        Site site = sites.findByName(name).orElseThrow();
        site.managedBy(io.lifeboat.tenancy.TenancyService.CONFIGURATION);
        site.trustCertificate(certificateSha256 == null || certificateSha256.isBlank() ? null : certificateSha256.trim());
        return true;
    }

    /**
     * Sets what the site's NEA VMs are cloned from and connected to (configuration and the lab declare it; the Sites page
     * edits it). With {@code keepExisting}, values already set (e.g. edited on the Sites page) are kept.
     */
    @Transactional
    public void configureAppliances(String siteName, String template, String uplinkNetwork, boolean keepExisting) {
        Site site = site(siteName);
        site.applianceSettings(keepExisting && site.getApplianceTemplate() != null ? site.getApplianceTemplate() : template,
                keepExisting && site.getApplianceUplinkNetwork() != null ? site.getApplianceUplinkNetwork() : uplinkNetwork);
    }

    @Transactional
    public void placeTenant(long tenantId, String tenantSiteName, String tenantFolder, String providerSiteName, String providerFolder) {
        TenantPlacement placement = placements.findById(tenantId).orElseGet(() -> new TenantPlacement(tenantId));
        placement.place(site(tenantSiteName), tenantFolder, site(providerSiteName), providerFolder);
        placements.save(placement);
    }

    @Transactional(readOnly = true)
    public TenantSites sitesOf(long tenantId) {
        return sitesOf(placement(tenantId));
    }

    private TenantPlacement placement(long tenantId) {
        return placements.findById(tenantId)
                .orElseThrow(() -> new IllegalStateException("Tenant " + tenantId + " has no sites configured yet."));
    }

    private TenantSites sitesOf(TenantPlacement placement) {
        return new TenantSites(endpoint(placement.getTenantSite()), placement.getTenantFolder(),
                endpoint(placement.getProviderSite()), placement.getProviderFolder());
    }

    /** How the tenant's sites did at their last check, or empty before it has a placement. */
    @Transactional(readOnly = true)
    public Optional<PlacedSitesHealth> sitesHealth(long tenantId) {
        return placements.findById(tenantId).map(p -> new PlacedSitesHealth(p.getProviderSite().contact(), p.getTenantSite().contact()));
    }

    /**
     * Since when the tenant's provider site has failed, when its last check failed and a check now fails too (one that
     * answers now is recorded as working; a vCenter that hangs is waited for {@link BoundedReads}' few seconds, not its
     * two-minute read timeout); else since when a read someone waits for has hung there ({@link BoundedReads}). vSphere
     * is called only after a failed check, so a failover's pre-flight pays one query while all is well.
     */
    public Optional<Instant> providerSiteFailingSince(long tenantId) {
        return siteFailingSince(tenantId, TenantPlacement::getProviderSite, false);
    }

    /**
     * As {@link #providerSiteFailingSince(long)}, with the site checked now even when its last check worked: for a caller
     * that waits on the site longer than it should and must tell a hung vCenter from a slow one.
     */
    public Optional<Instant> providerSiteFailingNow(long tenantId) {
        return siteFailingSince(tenantId, TenantPlacement::getProviderSite, true);
    }

    /** As {@link #providerSiteFailingNow}, for the tenant's own site: for an operation that would wait on both. */
    public Optional<Instant> tenantSiteFailingNow(long tenantId) {
        return siteFailingSince(tenantId, TenantPlacement::getTenantSite, true);
    }

    private Optional<Instant> siteFailingSince(long tenantId, Function<TenantPlacement, Site> which, boolean checkEvenIfWorking) {
        Optional<Site> placed = placements.findById(tenantId).map(which);
        if (placed.isEmpty()) {
            return Optional.empty();
        }
        Site site = placed.get();
        if (checkEvenIfWorking || site.contact().failing()) {
            checkBriefly(site);
            Optional<Instant> failingSince = transactions.execute(status -> sites.findById(site.getId()).map(Site::contact)
                    .filter(SiteContact::failing).map(SiteContact::failingSince));
            if (failingSince.isPresent()) {
                return failingSince;
            }
        }
        return boundedReads.hangingSince(site.getUrl());
    }

    /** Checks the site with one read waited for a few seconds ({@link BoundedReads}) and records how it went. */
    void checkBriefly(Site site) {
        SiteEndpoint endpoint = endpoint(site);
        try {
            contacts.check(site.getId(), () -> boundedReads.read(endpoint.url(), "checking the site", () -> connector.connect(endpoint).listFolders()));
        } catch (HypervisorException e) {
            log.info("The site {} fails its check: {}", site.getName(), e.getMessage());
        }
    }

    /** The tenant's placement by site name, or empty before it has one. */
    @Transactional(readOnly = true)
    public Optional<PlacementInfo> placementOf(long tenantId) {
        return placements.findById(tenantId).map(InventoryService::info);
    }

    /**
     * Another tenant than {@code tenantId} (null: any) with a folder that is, holds or lies in {@code folder} at
     * {@code site}: a sync reads a folder's whole subtree, so both would see, and act on, the same VMs.
     */
    @Transactional(readOnly = true)
    public Optional<Long> tenantSharing(Long tenantId, String site, String folder) {
        return placements.findAll().stream().filter(p -> !p.getTenantId().equals(tenantId))
                .filter(p -> info(p).overlaps(site, folder)).map(TenantPlacement::getTenantId).findFirst();
    }

    private static PlacementInfo info(TenantPlacement p) {
        return new PlacementInfo(p.getTenantSite().getName(), p.getTenantFolder(), p.getProviderSite().getName(), p.getProviderFolder());
    }

    /**
     * What the periodic sync runs: every placed tenant's sync (one tenant's failure, logged, does not stop the others),
     * then a check of the sites no tenant uses. A provider site that could not be used for one tenant is not asked
     * again for the next ones in the same round: a vCenter that hangs answers each call only at the read timeout (two
     * minutes), and the tenants after them, on healthy sites too, waited that long for each tenant placed on it.
     */
    public void syncEverything() {
        Map<Long, String> unusableProviderSites = new HashMap<>();
        providerSiteByTenant().forEach((tenantId, providerSiteId) -> {
            String why = unusableProviderSites.get(providerSiteId);
            if (why != null) {
                log.info("Inventory sync of tenant {} skipped this round: its provider site failed {}", tenantId, why);
                return;
            }
            try {
                SyncResult result = sync(tenantId);
                log.debug("Inventory sync of tenant {}: {}", tenantId, result);
            } catch (RuntimeException e) {
                // a vSphere failure that escapes the sync is the provider site's: the tenant site's are the sync's own
                if (e instanceof HypervisorException h && SiteContacts.saysUnusable(h)) {
                    unusableProviderSites.put(providerSiteId, "the sync of tenant " + tenantId + " (" + e.getMessage() + ")");
                }
                log.warn("Inventory sync of tenant {} failed: {}", tenantId, e.getMessage(), e);
            }
        });
        checkSitesWithoutTenants();
    }

    /** Each placed tenant's provider site, by tenant id in ascending order. */
    private Map<Long, Long> providerSiteByTenant() {
        return transactions.execute(status -> placements.findAll().stream().collect(Collectors.toMap(TenantPlacement::getTenantId,
                placement -> placement.getProviderSite().getId(), (a, b) -> a, TreeMap::new)));
    }

    /**
     * Checks the sites no tenant is placed on with a login and a folder listing (a tenant's sync checks its sites), so
     * the Sites page tells the state of every site; one that fails is recorded and logged, the others still checked.
     */
    private void checkSitesWithoutTenants() {
        List<Site> unused = transactions.execute(status -> {
            Map<Long, Long> using = placements.countUsingEachSite();
            return sites.findAll().stream().filter(site -> !using.containsKey(site.getId())).toList();
        });
        for (Site site : unused) {
            try {
                contacts.check(site.getId(), () -> connector.connect(endpoint(site)).listFolders());
            } catch (HypervisorException e) {
                log.warn("Site {}, which no tenant uses yet, failed its check: {}", site.getName(), e.getMessage());
            }
        }
    }

    /** The tenant's replica, or empty when there is none with that id in this tenant. */
    @Transactional(readOnly = true)
    public Optional<ReplicaInfo> replica(long tenantId, long replicaId) {
        return replicas.findByIdAndTenantId(replicaId, tenantId).map(ReplicaInfo::of);
    }

    /** The replica a running operation works on; it must still be in the inventory. */
    @Transactional(readOnly = true)
    public ReplicaInfo requireReplica(long tenantId, long replicaId) {
        return replica(tenantId, replicaId).orElseThrow(() -> new IllegalStateException("Replica " + replicaId + " vanished from the inventory"));
    }

    @Transactional(readOnly = true)
    public List<ReplicaInfo> replicas(long tenantId, List<Long> replicaIds) {
        return replicas.findByIdInAndTenantId(replicaIds, tenantId).stream().map(ReplicaInfo::of).toList();
    }

    /** The tenant's restore points among {@code pointIds}, by id, in one query; those of other tenants' replicas are left out. */
    @Transactional(readOnly = true)
    public Map<Long, RestorePointInfo> restorePointsById(long tenantId, List<Long> pointIds) {
        return restorePoints.findByIdInAndTenant(pointIds, tenantId).stream().map(RestorePoint::view)
                .collect(Collectors.toMap(RestorePointInfo::id, Function.identity()));
    }

    /** The replica's restore points, newest first; empty for another tenant's replica. */
    @Transactional(readOnly = true)
    public List<RestorePointInfo> restorePoints(long tenantId, long replicaId) {
        if (replicas.findByIdAndTenantId(replicaId, tenantId).isEmpty()) {
            return List.of();
        }
        return restorePoints.findByReplicaIdOrderByCreatedAtDesc(replicaId).stream().map(RestorePoint::view).toList();
    }

    /**
     * Reads the tenant's replicas and their snapshots from the provider site in one batch, and the power state of the
     * originals from the tenant site. An unreachable tenant site is normal in a disaster: the replicas are still
     * synced and the originals' state becomes UNKNOWN.
     */
    public SyncResult sync(long tenantId) {
        long started = System.nanoTime();
        TenantPlacement placement = placement(tenantId); // vSphere calls run outside any transaction: no connection held while waiting
        TenantSites where = sitesOf(placement);
        List<VmInfo> providerVms = contacts.check(placement.getProviderSite().getId(),
                () -> connector.connect(where.providerSite()).listVms(where.providerFolder()));
        String productionError = null;
        Map<String, VmInfo> production;
        try {
            production = contacts.check(placement.getTenantSite().getId(), () -> connector.connect(where.tenantSite()).listVms(where.tenantFolder()))
                    .stream().collect(Collectors.toMap(VmInfo::name, Function.identity(), (a, b) -> a));
        } catch (HypervisorException e) {
            log.warn("Tenant site of tenant {} is unreachable during sync: {}", tenantId, e.getMessage());
            productionError = e.getMessage();
            production = null;
        }
        Map<String, VmInfo> originals = production;
        String productionSiteError = productionError;
        SyncResult result = transactions.execute(status -> apply(tenantId, providerVms, originals, productionSiteError));
        long millis = (System.nanoTime() - started) / 1_000_000;
        return new SyncResult(result.tenant(), result.replicas(), result.restorePoints(), result.added(), result.missing(),
                millis, productionError);
    }

    /**
     * Reads the original VM's power state at the tenant site now and records it, so that what an operation has just
     * changed there (a failback powering it on, an undo powering it off) is shown as it is, not as the last sync saw it.
     * A site that does not answer is recorded as UNKNOWN, as a sync would; the next sync corrects it.
     */
    public void refreshOriginal(long tenantId, long replicaId) {
        Optional<ReplicaInfo> replica = replica(tenantId, replicaId);
        if (replica.isEmpty() || replica.get().productionVmId() == null) {
            return;
        }
        String powerState;
        try {
            powerState = connector.connect(sitesOf(tenantId).tenantSite()).findVm(replica.get().productionVmId()).powerState().name();
        } catch (HypervisorException e) {
            log.warn("Could not read the original VM of replica {} at the tenant site: {}", replicaId, e.getMessage());
            powerState = e.kind() == HypervisorException.Kind.NOT_FOUND ? "NOT_FOUND" : "UNKNOWN";
        }
        String observed = powerState;
        transactions.executeWithoutResult(status -> replicas.findByIdAndTenantId(replicaId, tenantId)
                .ifPresent(r -> r.production(r.getProductionVmId(), observed)));
    }

    private SyncResult apply(long tenantId, List<VmInfo> providerVms, Map<String, VmInfo> production, String productionError) {
        Instant now = clock.instant();
        List<TenantNetworkInfo> tenantNetworks = networks.networksOf(tenantId);
        Map<String, Replica> byVmId = replicas.findByTenantId(tenantId).stream()
                .collect(Collectors.toMap(Replica::getVmId, Function.identity()));
        Map<Long, Map<String, RestorePoint>> pointsByReplica = new HashMap<>();
        for (RestorePoint point : restorePoints.findByTenant(tenantId)) {
            pointsByReplica.computeIfAbsent(point.getReplicaId(), id -> new HashMap<>()).put(point.getSnapshotId(), point);
        }
        Set<String> seen = new HashSet<>();
        int added = 0;
        int pointCount = 0;
        List<RestorePoint> newPoints = new ArrayList<>();
        List<RestorePoint> gonePoints = new ArrayList<>();
        for (VmInfo vm : providerVms) {
            if (!vm.name().endsWith(REPLICA_SUFFIX)) {
                continue;
            }
            seen.add(vm.id());
            Replica replica = byVmId.get(vm.id());
            boolean isNew = replica == null;
            if (isNew) {
                replica = new Replica(tenantId, vm.id());
                added++;
            }
            String vmName = vm.name().substring(0, vm.name().length() - REPLICA_SUFFIX.length());
            replica.update(vmName, vm.name(), vm.ipAddress(), vm.cpus(), vm.memoryMb(), now);
            TenantNetworkInfo network = tenantNetworks.stream().filter(n -> n.contains(vm.ipAddress())).findFirst().orElse(null);
            replica.attachNetwork(network == null ? null : network.id(), network == null ? null : network.label());
            if (production != null) {
                VmInfo original = production.get(vmName);
                replica.production(original == null ? null : original.id(), original == null ? "NOT_FOUND" : original.powerState().name());
            } else if (productionError != null) {
                replica.production(replica.getProductionVmId(), "UNKNOWN");
            }
            replica.restorePoints(countRestorePoints(vm.snapshots()), latestRestorePoint(vm.snapshots()));
            if (isNew) {
                replica = replicas.save(replica); // after its fields are set: the insert takes the state of this moment
            }
            pointCount += syncRestorePoints(replica, vm.snapshots(),
                    pointsByReplica.getOrDefault(replica.getId(), Map.of()), newPoints, gonePoints);
        }
        restorePoints.saveAll(newPoints);
        restorePoints.deleteAll(gonePoints);
        int missing = 0;
        for (Replica replica : byVmId.values()) {
            if (!seen.contains(replica.getVmId()) && replica.isPresent()) {
                replica.markMissing();
                missing++;
            }
        }
        return new SyncResult(String.valueOf(tenantId), seen.size(), pointCount, added, missing, 0, productionError);
    }

    private static int syncRestorePoints(Replica replica, List<SnapshotInfo> snapshots, Map<String, RestorePoint> known,
                                         List<RestorePoint> newPoints, List<RestorePoint> gonePoints) {
        Set<String> current = new HashSet<>();
        for (SnapshotInfo snapshot : snapshots) {
            if (!isRestorePoint(snapshot)) {
                continue;
            }
            current.add(snapshot.id());
            if (!known.containsKey(snapshot.id())) {
                newPoints.add(new RestorePoint(replica.getId(), snapshot.id(), snapshot.name(), snapshot.description(), snapshot.createdAt()));
            }
        }
        known.values().stream().filter(point -> !current.contains(point.getSnapshotId())).forEach(gonePoints::add);
        return current.size();
    }

    /** Lifeboat's own snapshots (failover markers) are not restore points. */
    private static boolean isRestorePoint(SnapshotInfo snapshot) {
        return !snapshot.name().startsWith(LIFEBOAT_SNAPSHOT_PREFIX);
    }

    private static int countRestorePoints(List<SnapshotInfo> snapshots) {
        return (int) snapshots.stream().filter(InventoryService::isRestorePoint).count();
    }

    private static Instant latestRestorePoint(List<SnapshotInfo> snapshots) {
        return snapshots.stream().filter(InventoryService::isRestorePoint).map(SnapshotInfo::createdAt)
                .filter(java.util.Objects::nonNull).max(Instant::compareTo).orElse(null);
    }

    private Site site(String name) {
        return sites.findByName(name).orElseThrow(() -> new IllegalArgumentException("No site named " + name));
    }

    private SiteEndpoint endpoint(Site site) {
        return site.endpoint(cipher);
    }


    /** The tenant's replica that has {@code ip} on network {@code networkId}, if any. */
    @Transactional(readOnly = true)
    public Optional<ReplicaInfo> replicaWithIp(long tenantId, long networkId, String ip) {
        return replicas.findByTenantId(tenantId).stream()
                .filter(replica -> Long.valueOf(networkId).equals(replica.getNetworkId()) && ip.equals(replica.getIpAddress()))
                .findFirst().map(ReplicaInfo::of);
    }

    /** The names of the tenant's replicas connected to one of its networks (they join it when they fail over). */
    @Transactional(readOnly = true)
    public List<String> replicasOnNetwork(long tenantId, long networkId) {
        return replicas.findByTenantId(tenantId).stream().filter(replica -> Long.valueOf(networkId).equals(replica.getNetworkId()))
                .map(Replica::getVmName).sorted().toList();
    }
}
