package io.lifeboat.audit;

/** How an audited action ended: done, refused with a message the user saw, or failed unexpectedly. */
public enum AuditOutcome {
    SUCCEEDED("Succeeded"), REFUSED("Refused"), FAILED("Failed");

    private final String label;

    AuditOutcome(String label) {
        this.label = label;
    }

    /** As the audit log page shows it; the API, the CSV export and the chain's hashes keep the name. */
    public String label() {
        return label;
    }
}
