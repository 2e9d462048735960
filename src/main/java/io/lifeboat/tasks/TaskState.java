package io.lifeboat.tasks;

/**
 * RUNNING: work in progress. ACTIVE: a long-lived task that holds something up (a VPN tunnel). CANCELLED: stopped on
 * the user's request, with nothing left half-done.
 */
public enum TaskState {
    RUNNING, ACTIVE, SUCCEEDED, FAILED, PARTIALLY_FAILED, CANCELLED;

    public boolean isFinished() {
        return this == SUCCEEDED || this == FAILED || this == PARTIALLY_FAILED || this == CANCELLED;
    }
}
