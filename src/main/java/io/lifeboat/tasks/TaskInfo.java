package io.lifeboat.tasks;

import java.time.Instant;

/**
 * A task as the UI and callers see it. {@code tenantId} is null for provider-wide tasks; {@code progressDetail} is a
 * short line for under the progress bar (a transfer's bytes, rate, time left), null when there is none.
 */
public record TaskInfo(long id, Long tenantId, TaskType type, TaskState state, String title, String startedBy,
                       Instant startedAt, Instant endedAt, int progress, String summary, String progressDetail) {
}
