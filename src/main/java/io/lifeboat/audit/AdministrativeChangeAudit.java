package io.lifeboat.audit;

import io.lifeboat.tenancy.AdministrativeChange;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Appends each {@link AdministrativeChange} (a site, tenant, network or account changed) to the audit log once its
 * transaction has committed: a change that rolled back leaves no row claiming it happened. Still on the caller's thread,
 * so the row carries the caller's address and session like any other audited action.
 */
@Component
class AdministrativeChangeAudit {

    static final String ACTION = "Administration";

    private final AuditLog auditLog;
    private final Clock clock;

    AdministrativeChangeAudit(AuditLog auditLog, Clock clock) {
        this.auditLog = auditLog;
        this.clock = clock;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(AdministrativeChange change) {
        AuditCaller caller = AuditCaller.current();
        auditLog.append(new AuditRecord(clock.instant().truncatedTo(ChronoUnit.MILLIS), change.actor(), change.tenantId(), ACTION,
                change.title(), AuditOutcome.SUCCEEDED, change.detail() == null ? "" : change.detail(), caller.sourceIp(), caller.credential()));
    }
}
