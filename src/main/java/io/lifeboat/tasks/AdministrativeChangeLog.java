package io.lifeboat.tasks;

import io.lifeboat.tenancy.AdministrativeChange;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Writes every {@link AdministrativeChange} to the task log as a finished Administration task, in the change's own
 * transaction (a plain listener, not an after-commit one): a change that rolls back leaves no line claiming it happened.
 */
@Component
class AdministrativeChangeLog {

    private final TaskRecorder recorder;

    AdministrativeChangeLog(TaskRecorder recorder) {
        this.recorder = recorder;
    }

    @EventListener
    void on(AdministrativeChange change) {
        long taskId = recorder.start(TaskType.ADMINISTRATION, change.tenantId(), change.title(), change.actor());
        recorder.finish(taskId, TaskState.SUCCEEDED, change.detail() == null ? change.title() : change.title() + ": " + change.detail());
    }
}
