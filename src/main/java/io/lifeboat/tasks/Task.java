package io.lifeboat.tasks;

import io.lifeboat.shared.Texts;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Version;
import java.time.Instant;

@Entity
class Task {

    @Id
    @GeneratedValue(generator = "task_seq")
    @SequenceGenerator(name = "task_seq", allocationSize = 50)
    private Long id;
    private Long tenantId;
    @Enumerated(EnumType.STRING)
    private TaskType type;
    @Enumerated(EnumType.STRING)
    private TaskState state;
    private String title;
    private String startedBy;
    private Instant startedAt;
    private Instant endedAt;
    private int progress;
    /** A short line under the progress bar, e.g. a transfer's bytes, rate and time left; null when there is none. */
    private String progressDetail;
    private String summary;
    /** What a long-lived task is about (e.g. the tenant network of a VPN tunnel), to find it again. */
    private String subjectKey;
    @Version
    private long version;

    protected Task() {
    }

    Task(Long tenantId, TaskType type, TaskState state, String title, String startedBy, String subjectKey, Instant now) {
        this.tenantId = tenantId;
        this.type = type;
        this.state = state;
        this.title = Texts.shortened(title, 300);
        this.startedBy = startedBy;
        this.subjectKey = subjectKey;
        this.startedAt = now;
    }

    void finish(TaskState finalState, String summary, Instant now) {
        this.state = finalState;
        this.summary = summary;
        this.endedAt = now;
        this.progress = 100;
        this.progressDetail = null;
    }

    TaskInfo view() {
        return new TaskInfo(id, tenantId, type, state, title, startedBy, startedAt, endedAt, progress, summary, progressDetail);
    }

    Long getId() {
        return id;
    }

    Long getTenantId() {
        return tenantId;
    }

    TaskState getState() {
        return state;
    }
}
