package io.lifeboat.tasks;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes tasks: what the system does on a user's behalf. Called by services and jobs, which have already checked
 * who may do what; the read side with tenant scoping is {@link TaskService}.
 */
@Service
public class TaskRecorder {

    private static final Logger log = LoggerFactory.getLogger(TaskRecorder.class);

    private final TaskRepository tasks;
    private final TaskLogRepository lines;
    private final TaskFigureRepository figures;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    TaskRecorder(TaskRepository tasks, TaskLogRepository lines, TaskFigureRepository figures, ApplicationEventPublisher events, Clock clock) {
        this.tasks = tasks;
        this.lines = lines;
        this.figures = figures;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public long start(TaskType type, Long tenantId, String title, String startedBy) {
        return create(type, TaskState.RUNNING, tenantId, title, startedBy, null);
    }

    /** Starts a long-lived task (state ACTIVE) about {@code subjectKey}, or returns the one already active. */
    @Transactional
    public long startActive(TaskType type, Long tenantId, String title, String startedBy, String subjectKey) {
        return tasks.findFirstByTypeAndSubjectKeyAndStateOrderByIdDesc(type, subjectKey, TaskState.ACTIVE)
                .map(Task::getId)
                .orElseGet(() -> create(type, TaskState.ACTIVE, tenantId, title, startedBy, subjectKey));
    }

    @Transactional(readOnly = true)
    public Optional<Long> findActive(TaskType type, String subjectKey) {
        return tasks.findFirstByTypeAndSubjectKeyAndStateOrderByIdDesc(type, subjectKey, TaskState.ACTIVE).map(Task::getId);
    }

    @Transactional
    public void info(long taskId, String subject, String message) {
        append(taskId, "INFO", subject, message);
    }

    @Transactional
    public void warn(long taskId, String subject, String message) {
        append(taskId, "WARN", subject, message);
    }

    @Transactional
    public void error(long taskId, String subject, String message) {
        append(taskId, "ERROR", subject, message);
    }

    /** Records a figure the task measured about {@code subject} (a VM's name), for the pages' charts. */
    @Transactional
    public void figure(long taskId, String subject, Figure name, double value) {
        figures.save(new TaskFigure(taskId, load(taskId).getTenantId(), subject, name, clock.instant(), value));
    }

    @Transactional
    public void progress(long taskId, int percent) {
        tasks.raiseProgress(taskId, Math.max(0, Math.min(100, percent)));
        announce(load(taskId));
    }

    /** Progress with a line of detail for the UI (e.g. "1.2 GiB of 2.0 GiB · 310 MB/s · 3 s left"); not logged. */
    @Transactional
    public void progress(long taskId, int percent, String detail) {
        String line = detail == null || detail.length() <= 300 ? detail : detail.substring(0, 300);
        tasks.setProgress(taskId, Math.max(0, Math.min(100, percent)), line);
        announce(load(taskId));
    }

    @Transactional
    public void finish(long taskId, TaskState finalState, String summary) {
        if (!finalState.isFinished()) {
            throw new IllegalArgumentException("Not a final state: " + finalState);
        }
        Task task = load(taskId);
        task.finish(finalState, summary, clock.instant());
        append(taskId, finalState == TaskState.SUCCEEDED ? "INFO" : finalState == TaskState.CANCELLED ? "WARN" : "ERROR", null, summary);
    }

    /**
     * Ends the task unless something ended it already: for a run that finds its work done by an earlier run and cannot
     * tell whether that run recorded the end. Returns whether it ended the task.
     */
    @Transactional
    public boolean finishIfRunning(long taskId, TaskState finalState, String summary) {
        if (load(taskId).getState() != TaskState.RUNNING) {
            return false;
        }
        finish(taskId, finalState, summary);
        return true;
    }

    /** Whether the task has ended (succeeded, failed, cancelled); for a caller that must not act while its run still works. */
    @Transactional(readOnly = true)
    public boolean isFinished(long taskId) {
        return load(taskId).getState().isFinished();
    }

    private long create(TaskType type, TaskState state, Long tenantId, String title, String startedBy, String subjectKey) {
        Task task = tasks.save(new Task(tenantId, type, state, title, startedBy, subjectKey, clock.instant()));
        announce(task);
        return task.getId();
    }

    /** An INFO line about each subject (a VM) at once, as one step of many VMs logs them: one write, one announcement. */
    @Transactional
    public void info(long taskId, List<Entry> entries) {
        Task task = load(taskId);
        lines.saveAll(entries.stream().map(entry -> new TaskLogLine(taskId, clock.instant(), "INFO", entry.subject(), entry.message())).toList());
        entries.forEach(entry -> logged(taskId, "INFO", entry.subject(), entry.message()));
        announce(task);
    }

    /** One line of {@link #info(long, List)}: its subject (a VM's name, or null for the task itself) and message. */
    public record Entry(String subject, String message) {
    }

    private void append(long taskId, String level, String subject, String message) {
        Task task = load(taskId);
        lines.save(new TaskLogLine(taskId, clock.instant(), level, subject, message));
        logged(taskId, level, subject, message);
        announce(task);
    }

    private static void logged(long taskId, String level, String subject, String message) {
        log.info("task {} [{}] {}{}", taskId, level, subject == null ? "" : subject + ": ", message);
    }

    private Task load(long taskId) {
        return tasks.findById(taskId).orElseThrow(() -> new IllegalArgumentException("No task " + taskId));
    }

    private void announce(Task task) {
        events.publishEvent(new TaskChanged(task.getId(), task.getTenantId()));
    }
}
