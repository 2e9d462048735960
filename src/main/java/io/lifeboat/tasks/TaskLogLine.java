package io.lifeboat.tasks;

import io.lifeboat.shared.Texts;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "task_log")
class TaskLogLine {

    @Id
    @GeneratedValue(generator = "task_log_seq")
    @SequenceGenerator(name = "task_log_seq", allocationSize = 50)
    private Long id;
    private Long taskId;
    private Instant at;
    private String level;
    private String subject;
    private String message;

    protected TaskLogLine() {
    }

    TaskLogLine(Long taskId, Instant at, String level, String subject, String message) {
        this.taskId = taskId;
        this.at = at;
        this.level = level;
        this.subject = subject;
        this.message = Texts.shortened(message, 2000);
    }

    TaskLogEntry view() {
        return new TaskLogEntry(at, level, subject, message);
    }
}
