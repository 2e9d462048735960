package io.lifeboat.tasks.ui;

import io.lifeboat.tasks.TaskFilter;
import io.lifeboat.tasks.TaskService;
import io.lifeboat.tasks.TaskState;
import io.lifeboat.ui.RunningOperations;
import java.util.List;
import org.springframework.stereotype.Component;

/** The banner's source: the caller's running tasks (the service scopes them by tenant), the newest few. */
@Component
class RunningTasks implements RunningOperations {

    private static final int SHOWN = 3;

    private final TaskService tasks;

    RunningTasks(TaskService tasks) {
        this.tasks = tasks;
    }

    @Override
    public List<RunningOperation> running() {
        return tasks.list(new TaskFilter(null, null, TaskState.RUNNING, null), 0, SHOWN).stream()
                .map(task -> new RunningOperation(task.title(), task.progress(), "tasks/" + task.id()))
                .toList();
    }
}
