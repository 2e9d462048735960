package io.lifeboat.drill;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Version;
import java.time.Instant;

/** A test failover of a tenant: when it started and must end, who started and ended it, and its tasks. */
@Entity
class Drill {

    @Id
    @GeneratedValue(generator = "drill_seq")
    @SequenceGenerator(name = "drill_seq", allocationSize = 50)
    private Long id;
    private Long tenantId;
    @Enumerated(EnumType.STRING)
    private DrillState state;
    private Long taskId;
    private String startedBy;
    private Instant startedAt;
    private Instant timeLimitAt;
    private Long endTaskId;
    private String endedBy;
    private Instant endedAt;
    /** SHA-256 of the report's canonical form, taken once the drill ended; verifying recomputes it from the stored data. */
    private String reportSha256;
    /** The schedule that started it, if one did: such a drill ends by itself once its checks ran. */
    private Long scheduleId;
    @Version
    private Long version;

    protected Drill() {
    }

    Drill(long tenantId, long taskId, String startedBy, Instant startedAt, Instant timeLimitAt, Long scheduleId) {
        this.tenantId = tenantId;
        this.scheduleId = scheduleId;
        this.taskId = taskId;
        this.startedBy = startedBy;
        this.startedAt = startedAt;
        this.timeLimitAt = timeLimitAt;
        this.state = DrillState.STARTING;
    }

    void started() {
        if (state == DrillState.STARTING) {
            state = DrillState.RUNNING;
        }
    }

    void ending(long endTaskId, String endedBy) {
        this.state = DrillState.ENDING;
        this.endTaskId = endTaskId;
        this.endedBy = endedBy;
    }

    /** Nothing once ended: the end time is part of the sealed report, and a second end (a retried VM) would break the seal. */
    void ended(Instant now) {
        if (state == DrillState.ENDED) {
            return;
        }
        this.state = DrillState.ENDED;
        this.endedAt = now;
    }

    void seal(String sha256) {
        if (state == DrillState.ENDED && reportSha256 == null) {
            reportSha256 = sha256;
        }
    }

    String getReportSha256() {
        return reportSha256;
    }

    Long getScheduleId() {
        return scheduleId;
    }

    Long getId() {
        return id;
    }

    Long getTenantId() {
        return tenantId;
    }

    DrillState getState() {
        return state;
    }

    Long getTaskId() {
        return taskId;
    }

    String getStartedBy() {
        return startedBy;
    }

    Instant getStartedAt() {
        return startedAt;
    }

    Instant getTimeLimitAt() {
        return timeLimitAt;
    }

    Long getEndTaskId() {
        return endTaskId;
    }

    String getEndedBy() {
        return endedBy;
    }

    Instant getEndedAt() {
        return endedAt;
    }
}
