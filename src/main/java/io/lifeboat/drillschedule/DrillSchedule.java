package io.lifeboat.drillschedule;

import io.lifeboat.drill.DrillCheck;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.SequenceGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A tenant's schedule of test failovers: when (a Quartz cron expression in a time zone), which VMs with which checks, how long. */
@Entity
class DrillSchedule {

    @Id
    @GeneratedValue(generator = "drill_schedule_seq")
    @SequenceGenerator(name = "drill_schedule_seq", allocationSize = 50)
    private Long id;
    private Long tenantId;
    private String cron;
    private String timeZone;
    private int timeLimitMinutes;
    private String createdBy;
    private Instant createdAt;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "drill_schedule_vm", joinColumns = @JoinColumn(name = "schedule_id"))
    @OrderColumn(name = "position")
    private List<ScheduledVm> vms = new ArrayList<>();

    protected DrillSchedule() {
    }

    DrillSchedule(long tenantId, String cron, String timeZone, Duration timeLimit, String createdBy, Instant createdAt, List<ScheduledVm> vms) {
        this.tenantId = tenantId;
        this.cron = cron;
        this.timeZone = timeZone;
        this.timeLimitMinutes = (int) timeLimit.toMinutes();
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        this.vms = new ArrayList<>(vms);
    }

    /** One VM of the schedule and its checks, written as {@link DrillCheck#parseList} reads them. */
    @Embeddable
    static class ScheduledVm {
        private Long replicaId;
        private String checks;

        protected ScheduledVm() {
        }

        ScheduledVm(long replicaId, List<DrillCheck> checks) {
            this.replicaId = replicaId;
            this.checks = String.join(" ", checks.stream().map(DrillCheck::toString).toList());
        }

        long replicaId() {
            return replicaId;
        }

        List<DrillCheck> checks() {
            return DrillCheck.parseList(checks);
        }
    }

    Long getId() {
        return id;
    }

    Long getTenantId() {
        return tenantId;
    }

    String getCron() {
        return cron;
    }

    String getTimeZone() {
        return timeZone;
    }

    Duration getTimeLimit() {
        return Duration.ofMinutes(timeLimitMinutes);
    }

    String getCreatedBy() {
        return createdBy;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    List<ScheduledVm> getVms() {
        return List.copyOf(vms);
    }
}
