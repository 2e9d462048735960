package io.lifeboat.replica;

/** A sort order for replica grids; {@code property} is one of the column keys ReplicaRowQuery knows. */
public record ReplicaSort(String property, boolean ascending) {
}
