package io.lifeboat.tasks.web;

import io.lifeboat.automation.ApiPage;
import io.lifeboat.shared.PageNumber;
import io.lifeboat.shared.PageSize;
import io.lifeboat.tasks.TaskFilter;
import io.lifeboat.tasks.TaskService;
import io.lifeboat.tasks.TaskState;
import io.lifeboat.tasks.TaskType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Tasks in the API: a tenant user's own tenant's, or every tenant's for the provider (scoped by {@link TaskService}). */
@RestController
@RequestMapping("/api/v1/tasks")
@Tag(name = "Tasks")
class TaskController {

    private final TaskService tasks;

    TaskController(TaskService tasks) {
        this.tasks = tasks;
    }

    @GetMapping
    @Operation(summary = "Tasks, newest first; the provider sees every tenant's (tenantId narrows to one)")
    ApiPage<TaskJson> list(@RequestParam(required = false) TaskState state, @RequestParam(required = false) TaskType type,
                        @RequestParam(required = false) String q, @RequestParam(required = false) Long tenantId,
                        @RequestParam(defaultValue = "0") @PageNumber int page, @RequestParam(defaultValue = "50") @PageSize int size) {
        TaskFilter filter = new TaskFilter(tenantId, type, state, q);
        List<TaskJson> items = tasks.list(filter, page * size, size).stream().map(t -> TaskJson.of(t, null)).toList();
        return new ApiPage<>(items, page, size, tasks.count(filter));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One task with its state, progress and log lines")
    TaskJson get(@PathVariable long id) {
        return tasks.find(id).map(task -> TaskJson.of(task, tasks.logOf(id)))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "There is no task with id " + id + "."));
    }
}
