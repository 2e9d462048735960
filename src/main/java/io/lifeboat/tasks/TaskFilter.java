package io.lifeboat.tasks;

/** Filters for task lists; null fields match everything. {@code tenantId} is ignored for tenant users (always their own). */
public record TaskFilter(Long tenantId, TaskType type, TaskState state, String text) {

    public static TaskFilter none() {
        return new TaskFilter(null, null, null, null);
    }
}
