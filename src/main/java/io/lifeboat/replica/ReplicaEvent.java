package io.lifeboat.replica;

/** What can happen to a replica; {@link ReplicaStateMachine} says where each leads. */
public enum ReplicaEvent {
    REQUEST_FAILOVER, FAILOVER_DONE, FAILOVER_ROLLED_BACK,
    REQUEST_UNDO, UNDO_DONE,
    REQUEST_FAILBACK, FAILBACK_DONE, FAILBACK_CANCELLED,
    REQUEST_COMMIT, COMMIT_DONE,
    REQUEST_UNDO_FAILBACK, UNDO_FAILBACK_DONE,
    STEP_FAILED, RETRY
}
