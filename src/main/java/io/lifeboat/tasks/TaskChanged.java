package io.lifeboat.tasks;

import io.lifeboat.shared.TenantDataChanged;

/** A task was created, logged to or finished. Published after the transaction commits. */
public record TaskChanged(long taskId, Long tenantId) implements TenantDataChanged {
}
