package io.lifeboat.drill.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import io.lifeboat.drill.DrillCheck;
import io.lifeboat.drill.DrillRequest;
import io.lifeboat.drill.DrillService;
import io.lifeboat.inventory.RestorePointInfo;
import io.lifeboat.replica.ReplicaFilter;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ReplicaSort;
import io.lifeboat.replica.ReplicaState;
import io.lifeboat.ui.Formats;
import io.lifeboat.ui.OperationButton;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

/**
 * The Test failover wizard: the partial failover wizard's steps (VMs, a restore point per VM) plus a time limit, then a
 * summary. There are no IP-conflict warnings: the replicas start in an isolated network and share nothing with the
 * tenant's LAN. The service decides; the wizard collects choices and, once started, hands the drill's id on.
 */
class DrillWizard extends Dialog {

    static final List<Duration> TIME_LIMITS = List.of(Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(4), Duration.ofHours(8),
            Duration.ofHours(24));

    private final ReplicaOverviewService overview;
    private final DrillService drills;
    private final LongConsumer onStarted;
    private final Grid<ReplicaRow> vmGrid = new Grid<>();
    private final Map<Long, Select<RestorePointInfo>> restorePointChoices = new LinkedHashMap<>();
    private final Map<Long, TextField> checkChoices = new LinkedHashMap<>();
    private final Select<Duration> timeLimit = new Select<>();
    private final Set<ReplicaRow> picked = new LinkedHashSet<>();
    private final Div body = new Div();
    private final Button back = new Button("Back");
    private final Button next = new Button("Next");
    private final OperationButton finish = new OperationButton("Start test failover");
    private List<ReplicaRow> chosen = List.of();
    private int step = 1;

    DrillWizard(ReplicaOverviewService overview, DrillService drills, Set<ReplicaRow> preselected, Runnable onClose, LongConsumer onStarted) {
        this.overview = overview;
        this.drills = drills;
        this.onStarted = onStarted;
        setId("drill-wizard");
        setWidth("760px");
        setCloseOnOutsideClick(false);
        configureVmGrid(preselected);
        timeLimit.setId("drill-time-limit");
        timeLimit.setLabel("End the drill by itself after");
        timeLimit.setItems(TIME_LIMITS);
        timeLimit.setItemLabelGenerator(d -> d.toHours() + (d.toHours() == 1 ? " hour" : " hours"));
        timeLimit.setValue(DrillRequest.DEFAULT_TIME_LIMIT);
        Button cancel = new Button("Cancel", e -> close());
        cancel.setId("drill-wizard-cancel");
        back.setId("drill-wizard-back");
        next.setId("drill-wizard-next");
        finish.setId("drill-wizard-finish");
        next.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        finish.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        back.addClickListener(e -> show(step - 1));
        next.addClickListener(e -> show(step + 1));
        finish.onStart(this::submit);
        getFooter().add(cancel, back, next, finish);
        add(body);
        addOpenedChangeListener(e -> {
            if (!e.isOpened()) {
                onClose.run();
            }
        });
        show(1);
    }

    private void configureVmGrid(Set<ReplicaRow> preselected) {
        vmGrid.setId("drill-vm-grid");
        vmGrid.setSelectionMode(Grid.SelectionMode.NONE);
        vmGrid.addComponentColumn(row -> {
            Checkbox pick = new Checkbox(picked.contains(row));
            pick.setId("drill-pick-" + row.vmName());
            pick.setAriaLabel("Test " + row.vmName());
            pick.addValueChangeListener(e -> {
                if (e.getValue()) {
                    picked.add(row);
                } else {
                    picked.remove(row);
                }
                next.setEnabled(!picked.isEmpty());
            });
            return pick;
        }).setHeader("Test").setAutoWidth(true).setFlexGrow(0);
        vmGrid.addColumn(ReplicaRow::vmName).setHeader("VM").setAutoWidth(true);
        vmGrid.addColumn(ReplicaRow::ipAddress).setHeader("IP").setAutoWidth(true);
        vmGrid.addColumn(row -> row.cpus() + " vCPU, " + Formats.memory(row.memoryMb())).setHeader("Size").setAutoWidth(true);
        List<ReplicaRow> ready = overview.list(new ReplicaFilter(null, ReplicaState.READY), List.of(new ReplicaSort("vmName", true)), 0, 1000);
        ready.stream().filter(row -> preselected.stream().anyMatch(p -> p.id() == row.id())).forEach(picked::add);
        vmGrid.setItems(ready);
        vmGrid.setHeight("320px");
    }

    private void show(int newStep) {
        step = newStep;
        body.removeAll();
        switch (step) {
            case 1 -> body.add(new H4("Step 1 of 3: choose the VMs to test"), new Paragraph("Only Ready replicas are listed. They start in an "
                    + "isolated network at the provider: your VMs, your LAN and your site are not touched."), vmGrid);
            case 2 -> body.add(new H4("Step 2 of 3: a restore point and checks for each VM, and the time limit"), new Paragraph("A probe inside "
                    + "the isolated network runs the checks after power-on: ping, and tcp:<port> for each service that must answer."),
                    restorePointStep(), timeLimit);
            case 3 -> body.add(new H4("Step 3 of 3: summary"), summaryStep());
            default -> throw new IllegalStateException("No wizard step " + step);
        }
        back.setVisible(step > 1);
        next.setVisible(step < 3);
        next.setEnabled(step != 1 || !picked.isEmpty());
        finish.setVisible(step == 3);
    }

    private Component restorePointStep() {
        chosen = picked.stream().sorted((a, b) -> a.vmName().compareTo(b.vmName())).toList();
        VerticalLayout rows = new VerticalLayout();
        rows.setPadding(false);
        for (ReplicaRow vm : chosen) {
            Select<RestorePointInfo> select = restorePointChoices.computeIfAbsent(vm.id(), id -> restorePointSelect(vm));
            TextField checks = checkChoices.computeIfAbsent(vm.id(), id -> checksField(vm));
            HorizontalLayout row = new HorizontalLayout(new Span(vm.vmName()), select, checks);
            row.setAlignItems(FlexComponent.Alignment.BASELINE);
            row.setWidthFull();
            row.expand(select);
            rows.add(row);
        }
        return rows;
    }

    private Select<RestorePointInfo> restorePointSelect(ReplicaRow vm) {
        List<RestorePointInfo> points = overview.restorePoints(vm.id());
        Select<RestorePointInfo> select = new Select<>();
        select.setId("drill-rp-" + vm.vmName());
        select.setItems(points);
        select.setItemLabelGenerator(p -> p.name() + " · " + Formats.time(p.createdAt()));
        select.setWidthFull();
        if (!points.isEmpty()) {
            select.setValue(points.get(0)); // newest first, as in the failover wizard
        }
        return select;
    }

    private static TextField checksField(ReplicaRow vm) {
        TextField checks = new TextField();
        checks.setId("drill-checks-" + vm.vmName());
        checks.setAriaLabel("Checks of " + vm.vmName() + " inside the isolated network");
        checks.setValue("ping");
        checks.setPlaceholder("ping, tcp:443");
        checks.setHelperText("ping, tcp:<port>");
        checks.setWidth("14em");
        return checks;
    }

    private Component summaryStep() {
        UnorderedList vms = new UnorderedList();
        for (ReplicaRow vm : chosen) {
            RestorePointInfo point = restorePointChoices.get(vm.id()).getValue();
            vms.add(new ListItem(vm.vmName() + " (" + vm.ipAddress() + ") from " + (point == null ? "no restore point" : "\"" + point.name() + "\"")
                    + "; checks: " + checksOf(vm).stream().map(DrillCheck::toString).collect(Collectors.joining(", "))));
        }
        return new VerticalLayout(vms, new Paragraph("The drill ends by itself after " + timeLimit.getValue().toHours()
                + " hours; you are reminded on its page 30 minutes before. While it runs these replicas cannot be failed over, "
                + "and they count against your quota."));
    }

    /** The VM's checks as typed; a typo is refused with the entry named (the shell shows the message). */
    private List<DrillCheck> checksOf(ReplicaRow vm) {
        return DrillCheck.parseList(checkChoices.get(vm.id()).getValue());
    }

    private void submit() {
        List<DrillRequest.VmChoice> choices = chosen.stream().map(vm -> {
            RestorePointInfo point = restorePointChoices.get(vm.id()).getValue();
            return new DrillRequest.VmChoice(vm.id(), point == null ? -1 : point.id(), checksOf(vm));
        }).toList();
        long drillId = drills.start(new DrillRequest(choices, timeLimit.getValue()));
        close();
        onStarted.accept(drillId);
    }
}
