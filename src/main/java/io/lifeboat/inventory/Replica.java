package io.lifeboat.inventory;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import java.time.Instant;

/**
 * A replica VM at the provider, as last read from vCenter, with what Lifeboat knows of its original at the
 * tenant site. Public for read-only queries by the failover module; only the inventory sync changes it.
 */
@Entity
public class Replica {

    @Id
    @GeneratedValue(generator = "replica_seq")
    @SequenceGenerator(name = "replica_seq", allocationSize = 50)
    private Long id;
    private Long tenantId;
    private String vmId;
    private String vmName;
    private String replicaName;
    private String ipAddress;
    private Long networkId;
    private String networkName;
    private int cpus;
    private int memoryMb;
    private String productionVmId;
    private String productionPowerState;
    private boolean present;
    private int restorePointCount;
    private Instant latestRestorePoint;
    private Instant syncedAt;

    protected Replica() {
    }

    Replica(Long tenantId, String vmId) {
        this.tenantId = tenantId;
        this.vmId = vmId;
    }

    void update(String vmName, String replicaName, String ipAddress, int cpus, int memoryMb, Instant syncedAt) {
        this.vmName = vmName;
        this.replicaName = replicaName;
        this.ipAddress = ipAddress;
        this.cpus = cpus;
        this.memoryMb = memoryMb;
        this.syncedAt = syncedAt;
        this.present = true;
    }

    void attachNetwork(Long networkId, String networkName) {
        this.networkId = networkId;
        this.networkName = networkName;
    }

    void production(String productionVmId, String productionPowerState) {
        this.productionVmId = productionVmId;
        this.productionPowerState = productionPowerState;
    }

    void restorePoints(int count, Instant latest) {
        this.restorePointCount = count;
        this.latestRestorePoint = latest;
    }

    void markMissing() {
        this.present = false;
    }

    public Long getId() {
        return id;
    }

    public Long getTenantId() {
        return tenantId;
    }

    public String getVmId() {
        return vmId;
    }

    public String getVmName() {
        return vmName;
    }

    public String getReplicaName() {
        return replicaName;
    }

    public String getIpAddress() {
        return ipAddress;
    }

    public Long getNetworkId() {
        return networkId;
    }

    public String getNetworkName() {
        return networkName;
    }

    public int getCpus() {
        return cpus;
    }

    public int getMemoryMb() {
        return memoryMb;
    }

    public String getProductionVmId() {
        return productionVmId;
    }

    public String getProductionPowerState() {
        return productionPowerState;
    }

    public boolean isPresent() {
        return present;
    }

    public int getRestorePointCount() {
        return restorePointCount;
    }

    public Instant getLatestRestorePoint() {
        return latestRestorePoint;
    }
}
