package io.lifeboat.tasks;

/**
 * RUNNING: work in progress. ACTIVE: a long-lived task that holds something up (a VPN tunnel). CANCELLED: stopped on
 * the user's request, with nothing left half-done.
 */
public enum TaskState {
    RUNNING("Running"), ACTIVE("Active"), SUCCEEDED("Succeeded"), FAILED("Failed"), PARTIALLY_FAILED("Partly failed"), CANCELLED("Cancelled");

    private final String label;

    TaskState(String label) {
        this.label = label;
    }

    /** As a page shows it; the API keeps the name. */
    public String label() {
        return label;
    }

    public boolean isFinished() {
        return this == SUCCEEDED || this == FAILED || this == PARTIALLY_FAILED || this == CANCELLED;
    }
}
