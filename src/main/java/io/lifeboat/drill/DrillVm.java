package io.lifeboat.drill;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import java.time.Duration;
import java.time.Instant;

/** One replica's part in a drill: the restore point chosen (copied, so the evidence outlives it), and what happened. */
@Entity
class DrillVm {

    @Id
    @GeneratedValue(generator = "drill_vm_seq")
    @SequenceGenerator(name = "drill_vm_seq", allocationSize = 50)
    private Long id;
    private Long drillId;
    private Long replicaId;
    private String vmName;
    private String ipAddress;
    private Long restorePointId;
    private String restorePointName;
    private Instant restorePointCreatedAt;
    /** The port group the replica's NIC was on before the drill; ending the drill puts it back. */
    private String originalNetwork;
    private String drillNetwork;
    private Instant poweredOnAt;
    private String startError;
    /** The ping from inside the bubble: when it first answered, whether it did, and what happened otherwise. */
    private Instant firstCheckAt;
    private Boolean checkPassed;
    private String checkNote;
    private Instant cleanedUpAt;
    private String cleanupError;

    protected DrillVm() {
    }

    DrillVm(long drillId, long replicaId, String vmName, String ipAddress, long restorePointId, String restorePointName,
            Instant restorePointCreatedAt, String drillNetwork) {
        this.drillId = drillId;
        this.replicaId = replicaId;
        this.vmName = vmName;
        this.ipAddress = ipAddress;
        this.restorePointId = restorePointId;
        this.restorePointName = restorePointName;
        this.restorePointCreatedAt = restorePointCreatedAt;
        this.drillNetwork = drillNetwork;
    }

    void rememberOriginalNetwork(String network) {
        if (originalNetwork == null) {
            originalNetwork = network;
        }
    }

    void poweredOn(Instant at) {
        this.poweredOnAt = at;
        this.startError = null;
    }

    void startFailed(String error) {
        this.startError = error;
    }

    void checked(Instant firstAnswer) {
        this.firstCheckAt = firstAnswer;
        this.checkPassed = true;
        this.checkNote = null;
    }

    void checkFailed(String note) {
        this.checkPassed = false;
        this.checkNote = note;
    }

    /** Powered on in the bubble, and its start did not fail after that (which rolls it back): the drill started this VM. */
    boolean wasStarted() {
        return poweredOnAt != null && startError == null;
    }

    /** Running in the bubble with no outcome of its checks yet: passed, failed or not run. */
    boolean awaitsChecks() {
        return poweredOnAt != null && checkPassed == null && checkNote == null;
    }

    void checkNotRun(String note) {
        this.checkPassed = null;
        this.checkNote = note;
    }

    void cleanedUp(Instant at) {
        this.cleanedUpAt = at;
        this.cleanupError = null;
    }

    void cleanupFailed(String error) {
        this.cleanupError = error;
    }

    DrillInfo.DrillVmInfo view(Instant drillStartedAt, java.util.List<DrillInfo.DrillCheckInfo> checks) {
        return new DrillInfo.DrillVmInfo(replicaId, vmName, ipAddress, restorePointName, restorePointCreatedAt,
                Duration.between(restorePointCreatedAt, drillStartedAt), drillNetwork, poweredOnAt,
                poweredOnAt == null ? null : Duration.between(drillStartedAt, poweredOnAt), startError, checkPassed, firstCheckAt,
                poweredOnAt == null || firstCheckAt == null ? null : Duration.between(poweredOnAt, firstCheckAt), checkNote, cleanedUpAt, cleanupError, checks);
    }

    Long getId() {
        return id;
    }

    Long getDrillId() {
        return drillId;
    }

    Long getReplicaId() {
        return replicaId;
    }

    String getVmName() {
        return vmName;
    }

    Long getRestorePointId() {
        return restorePointId;
    }

    Instant getPoweredOnAt() {
        return poweredOnAt;
    }

    String getIpAddress() {
        return ipAddress;
    }

    String getOriginalNetwork() {
        return originalNetwork;
    }

    String getDrillNetwork() {
        return drillNetwork;
    }

    boolean isCleanedUp() {
        return cleanedUpAt != null;
    }
}
