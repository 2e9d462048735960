package io.lifeboat.tasks;

/** RUNNING: work in progress. ACTIVE: a long-lived task that holds something up (a VPN tunnel). */
public enum TaskState {
    RUNNING, ACTIVE, SUCCEEDED, FAILED, PARTIALLY_FAILED;

    public boolean isFinished() {
        return this == SUCCEEDED || this == FAILED || this == PARTIALLY_FAILED;
    }
}
