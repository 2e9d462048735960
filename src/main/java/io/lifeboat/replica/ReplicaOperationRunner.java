package io.lifeboat.replica;

import java.util.Set;

/**
 * Carries out the operations behind working states; implemented by the rooms that own them (failover: failover and
 * undo; failback: failback, commit and undo failback). {@link ReplicaOperationJob} finds the runner by state, so the
 * replica room schedules and retries operations without knowing the rooms above it.
 */
public interface ReplicaOperationRunner {

    /** The working states whose operations this runner carries out. */
    Set<ReplicaState> runs();

    /**
     * Carries out (or, after a restart or a retry, resumes) {@code operation} for the replicas of task {@code taskId}
     * that are in that state. A VM's failure is recorded on its task and replica, never thrown.
     */
    void run(ReplicaState operation, long taskId);
}
