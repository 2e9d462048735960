package io.lifeboat.tasks;

import io.lifeboat.tenancy.TenantContext;
import io.lifeboat.tenancy.CurrentTenant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import io.lifeboat.tenancy.TenancyService;
import io.lifeboat.tenancy.TenantSummary;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads tasks: tenant users see their tenant's tasks only, the provider sees every tenant's. */
@Service
@Transactional(readOnly = true)
public class TaskService {

    private final TaskRepository tasks;
    private final TaskLogRepository lines;
    private final TaskFigureRepository figures;
    private final CurrentTenant currentTenant;
    private final TenancyService tenancy;

    TaskService(TaskRepository tasks, TaskLogRepository lines, TaskFigureRepository figures, CurrentTenant currentTenant, TenancyService tenancy) {
        this.tasks = tasks;
        this.lines = lines;
        this.figures = figures;
        this.currentTenant = currentTenant;
        this.tenancy = tenancy;
    }

    /** Tenant names by id for the task list: every tenant for the provider, the own one for a tenant user. */
    public Map<Long, String> tenantNames() {
        TenantContext context = currentTenant.get();
        return tenancy.listTenants().stream().filter(t -> context.isProvider() || context.tenantId().equals(t.id()))
                .collect(Collectors.toMap(TenantSummary::id, TenantSummary::displayName));
    }

    public boolean isProvider() {
        return currentTenant.get().isProvider();
    }

    public List<TaskInfo> list(TaskFilter filter, int offset, int limit) {
        TaskFilter scoped = scoped(filter);
        int pageSize = Math.max(1, limit);
        return tasks.search(scoped.tenantId(), scoped.type(), scoped.state(), like(scoped.text()),
                        PageRequest.of(offset / pageSize, pageSize)).stream()
                .map(Task::view).toList();
    }

    public int count(TaskFilter filter) {
        TaskFilter scoped = scoped(filter);
        return (int) tasks.countSearch(scoped.tenantId(), scoped.type(), scoped.state(), like(scoped.text()));
    }

    /** The task if the caller may see it; empty for another tenant's task, exactly as for a missing one. */
    public Optional<TaskInfo> find(long taskId) {
        TenantContext context = currentTenant.get();
        return tasks.findById(taskId).filter(task -> context.isProvider() || context.tenantId().equals(task.getTenantId()))
                .map(Task::view);
    }

    /**
     * The figures called {@code name} about {@code subject} (null: all), oldest first: a tenant user's own tenant's only,
     * every tenant's for the provider.
     */
    public List<FigureInfo> figures(Figure name, String subject) {
        TenantContext context = currentTenant.get();
        return figures.find(name.name(), context.isProvider() ? null : context.tenantId(), subject).stream().map(TaskFigure::view).toList();
    }

    /** How many tasks of {@code type} started on each of the last {@code days} days (server time zone), oldest first. */
    public java.util.SortedMap<java.time.LocalDate, Long> startedPerDay(TaskType type, int days) {
        TenantContext context = currentTenant.get();
        java.time.ZoneId zone = java.time.ZoneId.systemDefault();
        java.time.LocalDate today = java.time.LocalDate.now(zone);
        java.util.SortedMap<java.time.LocalDate, Long> perDay = new java.util.TreeMap<>();
        for (int i = days - 1; i >= 0; i--) {
            perDay.put(today.minusDays(i), 0L);
        }
        java.time.Instant since = today.minusDays(days - 1L).atStartOfDay(zone).toInstant();
        for (java.time.Instant started : tasks.startedSince(type, context.isProvider() ? null : context.tenantId(), since)) {
            perDay.merge(started.atZone(zone).toLocalDate(), 1L, Long::sum);
        }
        return perDay;
    }

    public List<TaskLogEntry> logOf(long taskId) {
        return find(taskId).map(task -> lines.findByTaskIdOrderByIdAsc(taskId).stream().map(TaskLogLine::view).toList())
                .orElse(List.of());
    }


    private TaskFilter scoped(TaskFilter filter) {
        TenantContext context = currentTenant.get();
        Long tenantId = context.isProvider() ? filter.tenantId() : Long.valueOf(context.requireTenantId());
        return new TaskFilter(tenantId, filter.type(), filter.state(), filter.text());
    }

    private static String like(String text) {
        return text == null || text.isBlank() ? null : "%" + text.toLowerCase(Locale.ROOT).trim() + "%";
    }
}
