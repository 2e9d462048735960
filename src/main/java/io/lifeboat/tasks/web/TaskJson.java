package io.lifeboat.tasks.web;

import io.lifeboat.tasks.TaskLogEntry;
import io.lifeboat.tasks.TaskState;
import io.lifeboat.tasks.TaskType;
import io.lifeboat.tasks.TaskInfo;
import java.time.Instant;
import java.util.List;

/** A task in the API: {@code id}, {@code state}, {@code progress} and {@code log} are the names tools rely on. */
public record TaskJson(long id, Long tenantId, TaskType type, TaskState state, String title, int progress, String progressDetail,
                       String startedBy, Instant startedAt, Instant endedAt, String summary, List<LogLine> log) {

    /** One line of a task's log; {@code vm} is what the line is about, may be null. */
    public record LogLine(Instant at, String level, String vm, String message) {
    }

    public static TaskJson of(TaskInfo task, List<TaskLogEntry> log) {
        return new TaskJson(task.id(), task.tenantId(), task.type(), task.state(), task.title(), task.progress(), task.progressDetail(),
                task.startedBy(), task.startedAt(), task.endedAt(), task.summary(),
                log == null ? null : log.stream().map(l -> new LogLine(l.at(), l.level(), l.subject(), l.message())).toList());
    }
}
