package io.lifeboat.tasks;

/** A task was created, logged to or finished. Published after the transaction commits. */
public record TaskChanged(long taskId, Long tenantId) {
}
