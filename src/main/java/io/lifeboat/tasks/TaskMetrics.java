package io.lifeboat.tasks;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** Exposes tasks by state as gauges ({@code lifeboat_tasks{state=...}} on /actuator/prometheus). */
@Component
class TaskMetrics {

    TaskMetrics(MeterRegistry registry, TaskRepository tasks) {
        for (TaskState state : TaskState.values()) {
            Gauge.builder("lifeboat.tasks", tasks, repo -> repo.countByState().stream()
                            .filter(row -> row[0] == state).mapToLong(row -> (Long) row[1]).sum())
                    .tag("state", state.name()).description("Tasks by state").register(registry);
        }
    }
}
