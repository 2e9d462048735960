package io.lifeboat.audit;

/** How an audited action ended: done, refused with a message the user saw, or failed unexpectedly. */
public enum AuditOutcome {
    SUCCEEDED, REFUSED, FAILED
}
