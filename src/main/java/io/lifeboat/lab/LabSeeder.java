package io.lifeboat.lab;

import io.lifeboat.lab.LabPlan.LabTenant;
import io.lifeboat.lab.LabPlan.LabVm;
import io.lifeboat.hypervisor.DatastoreFile;
import io.lifeboat.hypervisor.HypervisorAdmin;
import io.lifeboat.hypervisor.HypervisorConnector;
import io.lifeboat.hypervisor.NewVm;
import io.lifeboat.hypervisor.SiteEndpoint;
import io.lifeboat.hypervisor.SnapshotInfo;
import io.lifeboat.hypervisor.VmInfo;

import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Seeds the lab's two vSphere sites from a {@link LabPlan} through the vSphere API: the tenants' production VMs at the
 * tenant site (powered on, on {@code VM Network}) and, at the provider site, the tenants' port groups, the isolated
 * port group and one powered-off replica per production VM with its restore points (snapshots) and a disk file with
 * some data, so failback has something to copy. Objects that exist already are kept, so seeding twice is harmless.
 */
public final class LabSeeder {

    /** VLAN of {@link LabPlan#ISOLATED_PORT_GROUP}: a port group without uplink traffic of its own. */
    public static final int ISOLATED_VLAN = 0;
    /** Bytes of deterministic pseudo-random data written into each replica's disk file. */
    public static final long REPLICA_DISK_BYTES = 4L << 20;

    private static final Duration TASK_TIMEOUT = Duration.ofSeconds(60);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final LocalTime NIGHTLY_REPLICATION = LocalTime.of(2, 0);

    /** What one seeding run did; {@code created} has one line per object it created, in no particular order. */
    public record SeedReport(List<String> created, int vmsCreated, int snapshotsCreated, Duration took) {
        @Override
        public String toString() {
            return "Seeded " + vmsCreated + " VMs and " + snapshotsCreated + " restore points in " + took.toMillis() + " ms"
                    + created.stream().sorted().map(l -> "\n  " + l).collect(Collectors.joining());
        }
    }

    private final HypervisorConnector connector;
    private final Clock clock;
    private final int threads;

    public LabSeeder(HypervisorConnector connector) {
        this(connector, Clock.systemDefaultZone(), 8);
    }

    public LabSeeder(HypervisorConnector connector, Clock clock, int threads) {
        this.connector = connector;
        this.clock = clock;
        this.threads = threads;
    }

    /** A restore point the lab seeds: its name and when the nightly replication that made it ran. */
    public record SeededRestorePoint(String name, Instant takenAt) {
    }

    /**
     * A replica's restore points, oldest first: one a day at 02:00, the newest at the last 02:00 that has passed (a lab
     * started at 00:40 showed a point named after 02:00 that day, a time still to come). The simulator reports each as
     * taken then (its description says when), so a restore point's name and its time in vSphere agree.
     */
    public List<SeededRestorePoint> restorePoints(int count) {
        LocalDateTime now = LocalDateTime.now(clock);
        LocalDate newest = now.toLocalTime().isBefore(NIGHTLY_REPLICATION) ? now.toLocalDate().minusDays(1) : now.toLocalDate();
        List<SeededRestorePoint> points = new ArrayList<>();
        for (int i = count - 1; i >= 0; i--) {
            LocalDate day = newest.minusDays(i);
            points.add(new SeededRestorePoint("Restore point " + DAY.format(day) + " " + NIGHTLY_REPLICATION,
                    day.atTime(NIGHTLY_REPLICATION).atZone(clock.getZone()).toInstant()));
        }
        return points;
    }

    public SeedReport seed(LabPlan plan, SiteEndpoint tenantSite, SiteEndpoint providerSite) {
        long start = System.nanoTime();
        HypervisorAdmin tenant = connector.admin(tenantSite);
        HypervisorAdmin provider = connector.admin(providerSite);
        List<String> created = Collections.synchronizedList(new ArrayList<>());
        int[] counts = new int[2]; // VMs, snapshots; guarded by created's lock

        List<String> networks = provider.listNetworks();
        List<String> tenantSiteNetworks = tenant.listNetworks();
        for (LabTenant t : plan.tenants()) {
            addPortGroup(provider, networks, t.providerPortGroup(), t.vlan(), created);
            addPortGroup(provider, networks, t.drillPortGroup(), t.drillVlan(), created);
            for (LabPlan.LabSegment n : t.moreNetworks()) {
                addPortGroup(provider, networks, n.providerPortGroup(t.name()), n.vlan(), created);
                addPortGroup(provider, networks, n.drillPortGroup(t.name()), n.vlan() - 1000, created);
                addPortGroup("tenant", tenant, tenantSiteNetworks, n.tenantPortGroup(), n.vlan(), created);
            }
        }
        addPortGroup(provider, networks, LabPlan.ISOLATED_PORT_GROUP, ISOLATED_VLAN, created);
        seedApplianceTemplate("tenant", tenant, created);
        seedApplianceTemplate("provider", provider, created);

        List<Runnable> work = new ArrayList<>();
        for (LabTenant t : plan.tenants()) {
            Map<String, VmInfo> production = byName(tenant, t.tenantSiteFolder());
            Map<String, VmInfo> replicas = byName(provider, t.providerFolder());
            for (LabVm vm : t.vms()) {
                work.add(() -> seedProductionVm(tenant, t, vm, production.get(vm.name()), created, counts));
                work.add(() -> seedReplica(provider, t, vm, replicas.get(vm.replicaName()), created, counts));
            }
        }
        runAll(work);
        return new SeedReport(List.copyOf(created), counts[0], counts[1], Duration.ofNanos(System.nanoTime() - start));
    }

    private static void addPortGroup(HypervisorAdmin site, List<String> existing, String name, int vlan, List<String> created) {
        addPortGroup("provider", site, existing, name, vlan, created);
    }

    private static void addPortGroup(String side, HypervisorAdmin site, List<String> existing, String name, int vlan, List<String> created) {
        if (!existing.contains(name)) {
            site.addHostPortGroup(name, vlan);
            created.add(side + ": port group " + name + " (VLAN " + vlan + ")");
        }
    }

    /** The uplink port group and the appliance template NEA VMs are cloned from (a powered-off VM marked as template). */
    private static void seedApplianceTemplate(String side, HypervisorAdmin site, List<String> created) {
        if (!site.listNetworks().contains(LabPlan.APPLIANCE_UPLINK_PORT_GROUP)) {
            site.addHostPortGroup(LabPlan.APPLIANCE_UPLINK_PORT_GROUP, LabPlan.APPLIANCE_UPLINK_VLAN);
            created.add(side + ": port group " + LabPlan.APPLIANCE_UPLINK_PORT_GROUP + " (VLAN " + LabPlan.APPLIANCE_UPLINK_VLAN + ")");
        }
        String path = LabPlan.APPLIANCE_TEMPLATE;
        String folder = path.substring(0, path.lastIndexOf('/'));
        String name = path.substring(path.lastIndexOf('/') + 1);
        site.createFolder(folder);
        if (site.findVmByName(folder, name).isEmpty()) {
            String id = site.createVm(new NewVm(folder, name, 1, 512, LabPlan.APPLIANCE_UPLINK_PORT_GROUP, null, 16), TASK_TIMEOUT);
            site.markAsTemplate(id);
            created.add(side + ": appliance template " + path + " (" + id + ")");
        }
    }

    private static Map<String, VmInfo> byName(HypervisorAdmin site, String folder) {
        site.createFolder(folder);
        return site.listVms(folder).stream().collect(Collectors.toMap(VmInfo::name, Function.identity(), (a, b) -> a));
    }

    private static void seedProductionVm(HypervisorAdmin site, LabTenant t, LabVm vm, VmInfo existing,
                                         List<String> created, int[] counts) {
        String id;
        if (existing == null) {
            id = site.createVm(new NewVm(t.tenantSiteFolder(), vm.name(), vm.cpus(), vm.memoryMb(),
                    t.tenantPortGroupOf(vm.ip()), vm.ip(), 16), TASK_TIMEOUT);
            record(created, counts, "tenant: VM " + t.tenantSiteFolder() + "/" + vm.name() + " (" + id + ", " + vm.ip() + ")", 1, 0);
        } else {
            id = existing.id();
        }
        if (existing == null || existing.powerState() != VmInfo.PowerState.POWERED_ON) {
            site.powerOn(id, TASK_TIMEOUT);
        }
    }

    private void seedReplica(HypervisorAdmin site, LabTenant t, LabVm vm, VmInfo existing,
                             List<String> created, int[] counts) {
        String id;
        List<String> have;
        if (existing == null) {
            id = site.createVm(new NewVm(t.providerFolder(), vm.replicaName(), vm.cpus(), vm.memoryMb(),
                    LabPlan.ISOLATED_PORT_GROUP, vm.ip(), 16), TASK_TIMEOUT);
            writeDiskData(site, id, vm.replicaName());
            have = List.of();
            record(created, counts, "provider: replica " + t.providerFolder() + "/" + vm.replicaName() + " (" + id + ")", 1, 0);
        } else {
            id = existing.id();
            have = existing.snapshots().stream().map(SnapshotInfo::name).toList();
        }
        for (SeededRestorePoint point : restorePoints(vm.restorePoints())) {
            if (!have.contains(point.name())) {
                // the simulator reads "taken at <instant>" at the end of a description as the snapshot's time (tools/vcsim)
                site.takeSnapshot(id, point.name(), "Replicated restore point of " + vm.name() + " (tenant " + t.name() + "), taken at "
                        + point.takenAt(), TASK_TIMEOUT);
                record(created, counts, "provider: restore point '" + point.name() + "' of " + vm.replicaName(), 0, 1);
            }
        }
    }

    /** Overwrites the replica's disk data file with data that is the same for every run (so copies can be verified). */
    private static void writeDiskData(HypervisorAdmin site, String vmId, String vmName) {
        List<DatastoreFile> files = site.listVmFiles(vmId);
        files.stream()
                .filter(f -> f.fileName().endsWith("-flat.vmdk")) // the disk's data; the plain .vmdk describes it
                .findFirst()
                .or(() -> files.stream().filter(f -> f.fileName().endsWith(".vmdk")).findFirst())
                .map(DatastoreFile::datastorePath)
                .ifPresent(disk -> site.upload(disk, deterministicData(vmName, REPLICA_DISK_BYTES), REPLICA_DISK_BYTES));
    }

    /** {@code length} pseudo-random bytes seeded by {@code seed}, generated as they are read. */
    public static InputStream deterministicData(String seed, long length) {
        SplittableRandom random = new SplittableRandom(seed.hashCode());
        return new InputStream() {
            private long left = length;

            @Override
            public int read() {
                if (left <= 0) {
                    return -1;
                }
                left--;
                return random.nextInt(256);
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) random.nextInt(256);
                }
                left -= n;
                return n;
            }
        };
    }

    private static void record(List<String> created, int[] counts, String line, int vms, int snapshots) {
        synchronized (created) {
            created.add(line);
            counts[0] += vms;
            counts[1] += snapshots;
        }
    }

    private void runAll(List<Runnable> work) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread th = new Thread(r, "lab-seeder");
            th.setDaemon(true);
            return th;
        });
        try {
            List<Future<?>> futures = work.stream().<Future<?>>map(pool::submit).toList();
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while seeding", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
