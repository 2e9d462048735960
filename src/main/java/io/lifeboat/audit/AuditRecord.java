package io.lifeboat.audit;

import java.time.Instant;

/** The content of one audit row, everything the hash covers except the chain itself. */
record AuditRecord(Instant at, String username, Long tenantId, String action, String target, AuditOutcome outcome, String detail,
                   String sourceIp, String credential) {
}
