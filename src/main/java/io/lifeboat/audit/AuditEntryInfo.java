package io.lifeboat.audit;

import java.time.Instant;

/** One row of the audit log as it is read and exported. */
public record AuditEntryInfo(long seq, Instant at, String username, Long tenantId, String action, String target, AuditOutcome outcome,
                             String detail, String sourceIp, String credential, String hash) {
}
