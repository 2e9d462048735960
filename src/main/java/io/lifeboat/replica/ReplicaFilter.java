package io.lifeboat.replica;

/** Grid filter: free text over name, IP and network; a state; null or blank fields match everything. */
public record ReplicaFilter(String text, ReplicaState state) {

    public static ReplicaFilter none() {
        return new ReplicaFilter(null, null);
    }
}
