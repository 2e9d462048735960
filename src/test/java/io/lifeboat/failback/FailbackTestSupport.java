package io.lifeboat.failback;

import static org.awaitility.Awaitility.await;

import io.lifeboat.AsUser;
import io.lifeboat.failover.FailoverRequest;
import io.lifeboat.failover.FailoverService;
import io.lifeboat.inventory.InventoryService;
import io.lifeboat.inventory.ReplicaInfo;
import io.lifeboat.inventory.TenantSites;
import io.lifeboat.lab.LabSeeder;
import io.lifeboat.replica.ReplicaFilter;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.tasks.TaskLogEntry;
import io.lifeboat.tasks.TaskService;
import io.lifeboat.tasks.TaskInfo;
import io.lifeboat.tenancy.TenancyService;
import io.lifeboat.hypervisor.DatastoreFile;
import io.lifeboat.hypervisor.HypervisorAdmin;
import io.lifeboat.hypervisor.HypervisorConnector;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/** What the failback tests share: the two sites of a tenant, disk files, digests, waiting for tasks. */
record FailbackTestSupport(AsUser as, String user, String tenant, FailoverService failover, FailbackService failback,
                           ReplicaOverviewService overview, TaskService tasks, InventoryService inventory, TenancyService tenancy,
                           HypervisorConnector connector) {

    ReplicaRow replica(String vmName) {
        return as.call(user, () -> overview.list(new ReplicaFilter(vmName, null), List.of(), 0, 10)).stream()
                .filter(r -> r.vmName().equals(vmName)).findFirst().orElseThrow();
    }

    ReplicaInfo replicaInfo(ReplicaRow row) {
        return inventory.replica(row.tenantId(), row.id()).orElseThrow();
    }

    TenantSites sites() {
        return inventory.sitesOf(tenancy.findTenantByName(tenant).orElseThrow().id());
    }

    HypervisorAdmin providerSite() {
        return connector.admin(sites().providerSite());
    }

    HypervisorAdmin tenantSite() {
        return connector.admin(sites().tenantSite());
    }

    void failOver(ReplicaRow row) {
        long restorePoint = as.call(user, () -> overview.restorePoints(row.id())).get(0).id();
        long taskId = as.call(user, () -> failover.startFailover(new FailoverRequest(List.of(new FailoverRequest.VmChoice(row.id(), restorePoint)), true)));
        awaitFinished(taskId);
    }

    TaskInfo awaitFinished(long taskId) {
        return await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> as.call(user, () -> tasks.find(taskId)).orElseThrow(), task -> task.state().isFinished());
    }

    List<String> log(long taskId) {
        return as.call(user, () -> tasks.logOf(taskId)).stream().map(TaskLogEntry::message).toList();
    }

    /** The VM's disk data file ({@code -flat.vmdk}) named like its VM, e.g. {@code [LocalDS_0] dc-01/dc-01-flat.vmdk}. */
    static String dataDisk(HypervisorAdmin site, String vmId) {
        return site.listVmFiles(vmId).stream().map(DatastoreFile::datastorePath).filter(p -> p.endsWith("-flat.vmdk")).findFirst().orElseThrow();
    }

    static List<String> files(HypervisorAdmin site, String vmId) {
        return site.listVmFiles(vmId).stream().map(DatastoreFile::fileName).toList();
    }

    static void write(HypervisorAdmin site, String path, String seed, long bytes) {
        site.upload(path, LabSeeder.deterministicData(seed, bytes), bytes);
    }

    static String sha256(HypervisorAdmin site, String path) {
        try (InputStream in = new DigestInputStream(site.download(path, 0), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
