package io.lifeboat.tasks;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/** One measured figure of a task (see {@link Figure} for the names). */
@Entity
@Table(name = "task_figure")
class TaskFigure {

    @Id
    @GeneratedValue(generator = "task_figure_seq")
    @SequenceGenerator(name = "task_figure_seq", allocationSize = 50)
    private Long id;
    private Long taskId;
    private Long tenantId;
    private String subject;
    private String name;
    private Instant at;
    private double figure;

    protected TaskFigure() {
    }

    TaskFigure(long taskId, Long tenantId, String subject, Figure name, Instant at, double figure) {
        this.taskId = taskId;
        this.tenantId = tenantId;
        this.subject = subject;
        this.name = name.name();
        this.at = at;
        this.figure = figure;
    }

    FigureInfo view() {
        return new FigureInfo(taskId, tenantId, subject, at, figure);
    }
}
