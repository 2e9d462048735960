package io.lifeboat.replica;

/** Where a replica stands. States ending in ING have a job working on them. */
public enum ReplicaState {
    READY("Ready"),
    FAILOVER_STARTING("Failover starting"),
    FAILED_OVER("Failed over"),
    UNDOING("Undoing failover"),
    FAILBACK_STARTING("Failback running"),
    FAILBACK_READY("Failback ready to commit"),
    COMMITTING("Committing failback"),
    UNDOING_FAILBACK("Undoing failback"),
    /** A test failover (drill) is starting the replica in the network's isolated port group. */
    DRILL_STARTING("Test failover starting"),
    /** Running in the isolated port group for a drill: not failed over, but it uses provider resources. */
    IN_DRILL("In test failover"),
    DRILL_ENDING("Ending test failover"),
    ERROR("Error");

    private final String label;

    ReplicaState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether a replica in this state runs at the provider and so counts against the tenant's quota. */
    public boolean usesProviderResources() {
        return this != READY;
    }

    public boolean isBusy() {
        return this == FAILOVER_STARTING || this == UNDOING || this == FAILBACK_STARTING || this == COMMITTING || this == UNDOING_FAILBACK
                || this == DRILL_STARTING || this == DRILL_ENDING;
    }
}
