package io.lifeboat.drillschedule.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.shared.Registration;
import io.lifeboat.drill.DrillCheck;
import io.lifeboat.drill.DrillRefusedException;
import io.lifeboat.drill.DrillRequest;
import io.lifeboat.drillschedule.DrillScheduleInfo;
import io.lifeboat.drillschedule.DrillScheduleRequest;
import io.lifeboat.drillschedule.DrillScheduleService;
import io.lifeboat.replica.ReplicaFilter;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ReplicaSort;
import io.lifeboat.tenancy.TenantContext;
import io.lifeboat.ui.Confirm;
import io.lifeboat.ui.Formats;
import io.lifeboat.ui.RowButton;
import io.lifeboat.ui.ScreenWidth;
import io.lifeboat.ui.UiBroadcaster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The drills page's schedules: each with its next run, deleted after a confirmation; operators schedule new ones
 * (VMs, checks for each, a Quartz cron expression, the time limit). The service validates; a refusal is shown under the
 * form as it reads. Refreshed on every change of the viewer's tenant, as a scheduled run moves the next run time on.
 */
class DrillSchedulesSection extends VerticalLayout {

    private final DrillScheduleService schedules;
    private final UiBroadcaster broadcaster;
    private final TenantContext context;
    private final Grid<DrillScheduleInfo> grid = new Grid<>();
    private final Paragraph error = new Paragraph();
    private Registration updates;

    /** The runs a clock change skips: a schedule at 02:30 on Sundays silently missed the night clocks go forward. */
    private final Div skippedRuns = new Div();

    DrillSchedulesSection(DrillScheduleService schedules, ReplicaOverviewService overview, UiBroadcaster broadcaster, TenantContext context) {
        this.schedules = schedules;
        this.broadcaster = broadcaster;
        this.context = context;
        setPadding(false);
        setId("drill-schedules");
        grid.setId("drill-schedule-grid");
        grid.setEmptyStateText("No schedules yet: pick VMs, their checks and a cron expression below.");
        var id = grid.addColumn(DrillScheduleInfo::id).setHeader("#").setAutoWidth(true).setFlexGrow(0);
        List<Grid.Column<DrillScheduleInfo>> secondary = new ArrayList<>(List.of(id));
        if (context.isProvider()) {
            secondary.add(grid.addColumn(DrillScheduleInfo::tenantName).setHeader("Tenant").setAutoWidth(true));
        }
        grid.addColumn(s -> s.cron() + " (" + s.timeZone() + ")").setHeader("Schedule").setWidth("8rem").setFlexGrow(1);
        grid.addColumn(s -> s.nextRunAt() == null ? "never again" : Formats.time(s.nextRunAt())).setHeader("Next run").setWidth("7rem").setFlexGrow(1);
        var vms = grid.addColumn(s -> String.join(", ", s.vms())).setHeader("VMs and checks").setAutoWidth(true);
        var timeLimit = grid.addColumn(s -> s.timeLimit().toHours() + " h").setHeader("Time limit").setAutoWidth(true);
        // On a phone: the schedule, its next run and Delete; a tap on the row shows the rest.
        grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.setItemDetailsRenderer(new ComponentRenderer<>(s -> new Span("#" + s.id() + (context.isProvider() ? " · " + s.tenantName() : "")
                + " · " + String.join(", ", s.vms()) + " · time limit " + s.timeLimit().toHours() + " h")));
        secondary.add(vms);
        secondary.add(timeLimit);
        ScreenWidth.hideWhenNarrow(grid, secondary.toArray(Grid.Column[]::new));
        if (context.canOperate()) {
            // a drill's run refreshes the grid at every step: a template's button keeps a press that lands meanwhile
            grid.addColumn(new RowButton("Delete…", "error small", "drill-schedule-delete-", "Delete schedule #")
                    .rendered(s -> String.valueOf(s.id()), this::confirmDelete)).setAutoWidth(true).setFlexGrow(0);
        }
        grid.setAllRowsVisible(true);
        skippedRuns.setId("drill-schedule-skipped-runs");
        skippedRuns.addClassName("lb-warning");
        add(new H3("Scheduled test failovers"), new Paragraph("Each run starts the VMs from their newest restore points, runs the checks, "
                + "ends itself and files its report; the task log tells you how it went."), grid, skippedRuns);
        if (context.canOperate()) {
            add(form(overview));
        }
    }

    @Override
    protected void onAttach(AttachEvent event) {
        updates = broadcaster.register(event.getUI(), context.tenantId(), this::refresh); // runs it once right away
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (updates != null) {
            updates.remove();
        }
    }

    void refresh() {
        List<DrillScheduleInfo> all = schedules.schedules();
        grid.setItems(all);
        skippedRuns.removeAll();
        all.stream().filter(s -> s.skippedRun() != null)
                .forEach(s -> skippedRuns.add(new Paragraph("Schedule #" + s.id() + ": " + s.skippedRun())));
    }

    private VerticalLayout form(ReplicaOverviewService overview) {
        MultiSelectComboBox<ReplicaRow> vms = new MultiSelectComboBox<>("VMs");
        vms.setId("drill-schedule-vms");
        vms.setItems(overview.list(ReplicaFilter.none(), List.of(new ReplicaSort("vmName", true)), 0, 1000));
        vms.setItemLabelGenerator(ReplicaRow::vmName);
        TextField checks = new TextField("Checks for each VM");
        checks.setId("drill-schedule-checks");
        checks.setValue("ping");
        checks.setHelperText("ping, tcp:<port>");
        TextField cron = new TextField("Cron expression");
        cron.setId("drill-schedule-cron");
        cron.setPlaceholder("0 0 2 ? * SAT");
        cron.setHelperText("seconds minutes hours day-of-month month day-of-week; \"0 0 2 ? * SAT\": Saturdays at 02:00");
        Select<Duration> timeLimit = new Select<>();
        timeLimit.setId("drill-schedule-time-limit");
        timeLimit.setLabel("Time limit");
        timeLimit.setItems(DrillRequest.OFFERED_TIME_LIMITS);
        timeLimit.setItemLabelGenerator(d -> d.toHours() + (d.toHours() == 1 ? " hour" : " hours"));
        timeLimit.setValue(DrillRequest.DEFAULT_TIME_LIMIT);
        Button create = new Button("Schedule", e -> create(vms, checks, cron, timeLimit));
        create.setId("drill-schedule-create");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout fields = new HorizontalLayout(vms, checks, cron, timeLimit, create);
        fields.setAlignItems(FlexComponent.Alignment.BASELINE);
        fields.setWrap(true);
        error.setId("drill-schedule-error");
        error.addClassName("lb-warning");
        error.getElement().setAttribute("role", "alert");
        VerticalLayout form = new VerticalLayout(fields, error);
        form.setPadding(false);
        return form;
    }

    private void create(MultiSelectComboBox<ReplicaRow> vms, TextField checks, TextField cron, Select<Duration> timeLimit) {
        error.setText("");
        cron.setInvalid(false);
        try {
            List<DrillCheck> named = DrillCheck.parseList(checks.getValue());
            List<DrillScheduleRequest.VmChecks> chosen = vms.getValue().stream().sorted(Comparator.comparing(ReplicaRow::vmName))
                    .map(vm -> new DrillScheduleRequest.VmChecks(vm.id(), named)).toList();
            long id = schedules.create(new DrillScheduleRequest(cron.getValue(), chosen, timeLimit.getValue()));
            Notification.show("Test failovers scheduled (schedule #" + id + ").");
            vms.clear();
            cron.clear();
            refresh();
        } catch (DrillRefusedException refused) {
            error.setText(refused.getMessage());
            cron.setInvalid(refused.getMessage().contains("cron expression") || refused.getMessage().contains("never fires"));
        }
    }

    private void confirmDelete(DrillScheduleInfo schedule) {
        Confirm.destructive("confirm-delete-drill-schedule", "Delete schedule #" + schedule.id() + "?",
                "No more test failovers start from it (" + schedule.cron() + "). A drill it already started runs on and ends as usual.",
                "Delete the schedule", () -> {
                    schedules.delete(schedule.id());
                    Notification.show("Schedule #" + schedule.id() + " deleted.");
                    refresh();
                });
    }
}
