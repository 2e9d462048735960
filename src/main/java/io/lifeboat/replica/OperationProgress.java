package io.lifeboat.replica;

/** The task of the operation running on a replica and where it stands: percent done and a line of detail (may be null). */
public record OperationProgress(long taskId, int percent, String detail) {
}
