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
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.component.orderedlayout.FlexComponent.Alignment;
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
import io.lifeboat.ui.RelativeTime;
import io.lifeboat.ui.ScreenWidth;
import io.lifeboat.ui.UiTicker;
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
    private final UiTicker ticker;
    private final Grid<TaskInfo> grid = new Grid<>();
    private final ComboBox<Long> tenantFilter = new ComboBox<>("Tenant");
    private final ComboBox<TaskType> typeFilter = new ComboBox<>("Type");
    private final ComboBox<TaskState> stateFilter = new ComboBox<>("State");
    private final TextField textFilter = new TextField("Title or user");
    private final VerticalLayout details = new VerticalLayout();
    private final Map<Long, String> tenantNames;
    private Long selectedTaskId;
    private Registration liveUpdates;

    public TasksView(TaskService tasks, UiBroadcaster broadcaster, UiTicker ticker) {
        this.tasks = tasks;
        this.ticker = ticker;
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

    private Div filters() {
        tenantFilter.setItems(tenantNames.keySet());
        tenantFilter.setItemLabelGenerator(id -> tenantNames.getOrDefault(id, "#" + id));
        tenantFilter.setVisible(tasks.isProvider());
        tenantFilter.setId("task-tenant-filter");
        typeFilter.setItems(TaskType.values());
        typeFilter.setItemLabelGenerator(TaskType::label);
        typeFilter.setId("task-type-filter");
        stateFilter.setItems(TaskState.values());
        stateFilter.setItemLabelGenerator(TaskState::label);
        stateFilter.setId("task-state-filter");
        textFilter.setValueChangeMode(ValueChangeMode.LAZY);
        textFilter.setClearButtonVisible(true);
        textFilter.setId("task-text-filter");
        for (var filter : new com.vaadin.flow.component.AbstractField[]{tenantFilter, typeFilter, stateFilter, textFilter}) {
            filter.addValueChangeListener(e -> grid.getDataProvider().refreshAll());
        }
        tenantFilter.setClearButtonVisible(true);
        typeFilter.setClearButtonVisible(true);
        stateFilter.setClearButtonVisible(true);
        textFilter.setClearButtonVisible(true);
        Div toolbar = new Div(tenantFilter, typeFilter, stateFilter, textFilter);
        toolbar.addClassName("lb-toolbar");
        return toolbar;
    }

    private void configureGrid() {
        grid.setId("task-grid");
        grid.setEmptyStateText("No tasks to show. Each failover, undo, failback, test failover and administrative change is recorded here as it starts.");
        grid.addColumn(TaskInfo::id).setHeader("#").setAutoWidth(true).setFlexGrow(0);
        var type = grid.addColumn(task -> task.type().label()).setHeader("Type").setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(task -> new TaskStateBadge(task.state())).setHeader("State").setAutoWidth(true).setFlexGrow(0);
        Grid.Column<TaskInfo> tenant = grid.addColumn(task -> task.tenantId() == null ? "provider" : tenantNames.getOrDefault(task.tenantId(), "#" + task.tenantId()))
                .setHeader("Tenant").setAutoWidth(true).setFlexGrow(0);
        tenant.setVisible(tasks.isProvider());
        // The title takes what is left (and wraps in the details), so Progress is never cut off on the right; of the
        // columns sized to their values only Started grows with it, as its age gets longer ("8 s ago" → "1 day 2 h ago").
        grid.addColumn(TaskInfo::title).setHeader("Title").setWidth("6rem").setFlexGrow(3).setTooltipGenerator(TaskInfo::title);
        var startedBy = grid.addColumn(TaskInfo::startedBy).setHeader("Started by").setAutoWidth(true).setFlexGrow(0);
        var started = grid.addComponentColumn(task -> new RelativeTime(task.startedAt(), ticker)).setHeader("Started").setAutoWidth(true);
        var progress = grid.addComponentColumn(TasksView::progressBar).setHeader("Progress").setFlexGrow(0);
        // the whole header where there is room; on a phone every em goes to the title
        ScreenWidth.widthByScreen(grid, progress, "5.5rem", "6.5rem");
        grid.setItemDetailsRenderer(new ComponentRenderer<>(task -> {
            Div line = new Div(new Span(task.type().label() + " · started by " + task.startedBy() + " at " + Formats.time(task.startedAt())));
            line.addClassName("lb-details");
            return line;
        }));
        if (tasks.isProvider()) {
            ScreenWidth.hideWhenNarrow(grid, type, tenant, startedBy, started);
        } else {
            ScreenWidth.hideWhenNarrow(grid, type, startedBy, started);
        }
        grid.setItems(new CallbackDataProvider<TaskInfo, Void>(
                query -> tasks.list(filter(), query.getOffset(), query.getLimit()).stream(),
                query -> tasks.count(filter()), TaskInfo::id));
        grid.setHeight("45%");
        grid.addSelectionListener(e -> {
            selectedTaskId = e.getFirstSelectedItem().map(TaskInfo::id).orElse(null);
            showDetails();
        });
    }

    private static ProgressBar progressBar(TaskInfo task) {
        ProgressBar bar = new ProgressBar(0, 100, task.progress());
        bar.addClassName("lb-grid-progress");
        bar.getElement().setAttribute("aria-label", "Task " + task.id() + " progress");
        bar.getElement().setAttribute("title", task.progress() + " %");
        bar.getElement().setAttribute("data-progress", String.valueOf(task.progress()));
        return bar;
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
            progress.getElement().setAttribute("aria-label", "Progress");
            TaskStateBadge state = new TaskStateBadge(task.state());
            state.setId("task-state");
            Span percent = new Span(task.progress() + "\u00a0%");   // "100 %" on one line beside a long bar
            percent.setId("task-progress-percent");
            HorizontalLayout stateLine = new HorizontalLayout(state, percent, progress);
            stateLine.setWidthFull();
            stateLine.setAlignItems(Alignment.CENTER);
            stateLine.expand(progress);
            details.add(new H3(task.type().label() + " #" + task.id() + ": " + task.title()), stateLine);
            if (task.progressDetail() != null && task.state() == TaskState.RUNNING) {
                details.add(new Span(task.progressDetail()));
            }
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
