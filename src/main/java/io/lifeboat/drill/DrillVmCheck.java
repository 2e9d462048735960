package io.lifeboat.drill;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import java.time.Duration;
import java.time.Instant;

/** One check of one VM in a drill, as the tenant named it, and its outcome: the first success, or why there was none. */
@Entity
class DrillVmCheck {

    @Id
    @GeneratedValue(generator = "drill_vm_check_seq")
    @SequenceGenerator(name = "drill_vm_check_seq", allocationSize = 50)
    private Long id;
    private Long drillVmId;
    private int position;
    @Enumerated(EnumType.STRING)
    private DrillCheck.Kind kind;
    private int port;
    private Boolean passed;
    private Instant firstSuccessAt;
    private String note;

    protected DrillVmCheck() {
    }

    DrillVmCheck(long drillVmId, int position, DrillCheck check) {
        this.drillVmId = drillVmId;
        this.position = position;
        this.kind = check.kind();
        this.port = check.port();
    }

    DrillCheck check() {
        return new DrillCheck(kind, port);
    }

    void succeeded(Instant at) {
        passed = true;
        firstSuccessAt = at;
        note = null;
    }

    void failed(String why) {
        passed = false;
        note = why;
    }

    void notRun(String why) {
        passed = null;
        note = why;
    }

    Long getId() {
        return id;
    }

    Boolean getPassed() {
        return passed;
    }

    Instant getFirstSuccessAt() {
        return firstSuccessAt;
    }

    DrillInfo.DrillCheckInfo view(Instant poweredOnAt) {
        return new DrillInfo.DrillCheckInfo(check().toString(), passed, firstSuccessAt,
                poweredOnAt == null || firstSuccessAt == null ? null : Duration.between(poweredOnAt, firstSuccessAt), note);
    }
}
