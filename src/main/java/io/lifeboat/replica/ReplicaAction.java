package io.lifeboat.replica;

/**
 * What a user can ask for on one replica. {@link ReplicaStateMachine#actions} says which a replica allows; the pages
 * offer exactly those.
 */
public enum ReplicaAction {
    /** Start a partial failover (the wizard, from the replica list). */
    FAILOVER(ReplicaEvent.REQUEST_FAILOVER),
    /** Start a test failover (drill) in an isolated network: the drill wizard, from the replica list or its page. */
    TEST_FAILOVER(ReplicaEvent.REQUEST_DRILL),
    UNDO_FAILOVER(ReplicaEvent.REQUEST_UNDO),
    FAILBACK(ReplicaEvent.REQUEST_FAILBACK),
    /** Not a transition: asks the running failback to stop; it then ends as FAILBACK_CANCELLED. */
    CANCEL_FAILBACK(null),
    COMMIT_FAILBACK(ReplicaEvent.REQUEST_COMMIT),
    UNDO_FAILBACK(ReplicaEvent.REQUEST_UNDO_FAILBACK),
    /** End a test failover (drill): power off, revert, back to Ready. */
    END_DRILL(ReplicaEvent.REQUEST_END_DRILL),
    /** Not a transition: powers off the VM at the tenant site that claims a failed-over replica's IP (split brain). */
    POWER_OFF_ORIGINAL(null),
    /** Resume (or, for a failover or undo, clean up after) the operation that failed. */
    RETRY(ReplicaEvent.RETRY);

    private final ReplicaEvent event;

    ReplicaAction(ReplicaEvent event) {
        this.event = event;
    }

    /** The event the action requests; null for a request that is not a transition. */
    public ReplicaEvent event() {
        return event;
    }
}
