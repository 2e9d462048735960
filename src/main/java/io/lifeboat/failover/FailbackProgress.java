package io.lifeboat.failover;

/** A running failback's task and where its transfer stands: percent of the bytes to send and a line of detail (may be null). */
public record FailbackProgress(long taskId, int percent, String detail) {
}
