package io.lifeboat.tasks.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.CallbackDataProvider;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.OptionalParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import io.lifeboat.tasks.TaskFilter;
import io.lifeboat.tasks.TaskLogEntry;
import io.lifeboat.tasks.TaskService;
import io.lifeboat.tasks.TaskState;
import io.lifeboat.tasks.TaskType;
import io.lifeboat.tasks.TaskInfo;
import io.lifeboat.ui.Formats;
import io.lifeboat.ui.MainLayout;
import io.lifeboat.ui.UiBroadcaster;
import jakarta.annotation.security.PermitAll;
import java.util.Map;

/**
 * Tasks with their log lines. Tenant users see their own; the provider sees every tenant's and can filter by tenant,
 * type, state and text (title or who started it). Live: new lines and states arrive by push.
 */
@Route(value = "tasks", layout = MainLayout.class)
@PageTitle("Tasks · Lifeboat")
@PermitAll
public class TasksView extends VerticalLayout implements HasUrlParameter<Long> {

    private final TaskService tasks;
    private final UiBroadcaster broadcaster;
    private final Grid<TaskInfo> grid = new Grid<>();
    private final ComboBox<Long> tenantFilter = new ComboBox<>("Tenant");
    private final ComboBox<TaskType> typeFilter = new ComboBox<>("Type");
    private final ComboBox<TaskState> stateFilter = new ComboBox<>("State");
    private final TextField textFilter = new TextField("Title or user");
    private final VerticalLayout details = new VerticalLayout();
    private final Map<Long, String> tenantNames;
    private Long selectedTaskId;
    private Registration liveUpdates;

    public TasksView(TaskService tasks, UiBroadcaster broadcaster) {
        this.tasks = tasks;
        this.broadcaster = broadcaster;
        this.tenantNames = tasks.tenantNames();
        addClassName("lb-page");
        setSizeFull();
        add(new H2(tasks.isProvider() ? "All tasks" : "Tasks"), filters());
        configureGrid();
        details.setId("task-details");
        details.setPadding(false);
        add(grid, details);
    }

    private HorizontalLayout filters() {
        tenantFilter.setItems(tenantNames.keySet());
        tenantFilter.setItemLabelGenerator(id -> tenantNames.getOrDefault(id, "#" + id));
        tenantFilter.setVisible(tasks.isProvider());
        tenantFilter.setId("task-tenant-filter");
        typeFilter.setItems(TaskType.values());
        typeFilter.setItemLabelGenerator(TaskType::label);
        typeFilter.setId("task-type-filter");
        stateFilter.setItems(TaskState.values());
        stateFilter.setId("task-state-filter");
        textFilter.setValueChangeMode(ValueChangeMode.LAZY);
        textFilter.setId("task-text-filter");
        for (var filter : new com.vaadin.flow.component.AbstractField[]{tenantFilter, typeFilter, stateFilter, textFilter}) {
            filter.addValueChangeListener(e -> grid.getDataProvider().refreshAll());
        }
        tenantFilter.setClearButtonVisible(true);
        typeFilter.setClearButtonVisible(true);
        stateFilter.setClearButtonVisible(true);
        textFilter.setClearButtonVisible(true);
        return new HorizontalLayout(tenantFilter, typeFilter, stateFilter, textFilter);
    }

    private void configureGrid() {
        grid.setId("task-grid");
        grid.addColumn(TaskInfo::id).setHeader("#").setAutoWidth(true);
        grid.addColumn(task -> task.type().label()).setHeader("Type").setAutoWidth(true);
        grid.addColumn(TaskInfo::state).setHeader("State").setAutoWidth(true);
        if (tasks.isProvider()) {
            grid.addColumn(task -> task.tenantId() == null ? "provider" : tenantNames.getOrDefault(task.tenantId(), "#" + task.tenantId()))
                    .setHeader("Tenant").setAutoWidth(true);
        }
        grid.addColumn(TaskInfo::title).setHeader("Title").setAutoWidth(true);
        grid.addColumn(TaskInfo::startedBy).setHeader("Started by").setAutoWidth(true);
        grid.addColumn(task -> Formats.time(task.startedAt())).setHeader("Started").setAutoWidth(true);
        grid.addColumn(task -> task.progress() + " %").setHeader("Progress").setAutoWidth(true);
        grid.setItems(new CallbackDataProvider<TaskInfo, Void>(
                query -> tasks.list(filter(), query.getOffset(), query.getLimit()).stream(),
                query -> tasks.count(filter()), TaskInfo::id));
        grid.setHeight("45%");
        grid.addSelectionListener(e -> {
            selectedTaskId = e.getFirstSelectedItem().map(TaskInfo::id).orElse(null);
            showDetails();
        });
    }

    private TaskFilter filter() {
        return new TaskFilter(tenantFilter.getValue(), typeFilter.getValue(), stateFilter.getValue(), textFilter.getValue());
    }

    private void showDetails() {
        details.removeAll();
        if (selectedTaskId == null) {
            return;
        }
        tasks.find(selectedTaskId).ifPresentOrElse(task -> {
            ProgressBar progress = new ProgressBar(0, 100, task.progress());
            progress.setId("task-progress");
            Span state = new Span(task.state().name());
            state.setId("task-state");
            details.add(new H3(task.type().label() + " #" + task.id() + ": " + task.title()), new HorizontalLayout(state, progress));
            if (task.summary() != null) {
                details.add(new Span(task.summary()));
            }
            Div log = new Div();
            log.setId("task-log");
            log.addClassName("lb-log");
            for (TaskLogEntry line : tasks.logOf(task.id())) {
                Div row = new Div(new Span(Formats.time(line.at()) + "  " + line.level() + "  " + (line.subject() == null ? "" : line.subject() + ": ") + line.message()));
                log.add(row);
            }
            details.add(log);
        }, () -> details.add(new Span("There is no task #" + selectedTaskId + " you can see.")));
    }

    @Override
    public void setParameter(BeforeEvent event, @OptionalParameter Long taskId) {
        selectedTaskId = taskId;
        showDetails();
    }

    @Override
    protected void onAttach(AttachEvent event) {
        Long scope = tasks.isProvider() ? null : tenantNames.keySet().stream().findFirst().orElse(-1L);
        liveUpdates = broadcaster.register(event.getUI(), scope, () -> {
            grid.getDataProvider().refreshAll();
            showDetails();
        });
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (liveUpdates != null) {
            liveUpdates.remove();
        }
    }
}
