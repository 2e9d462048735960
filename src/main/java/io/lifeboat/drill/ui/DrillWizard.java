package io.lifeboat.drill.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import io.lifeboat.drill.DrillCheck;
import io.lifeboat.drill.DrillRefusedException;
import io.lifeboat.drill.DrillRequest;
import io.lifeboat.drill.DrillService;
import io.lifeboat.inventory.RestorePointInfo;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ui.ReadyReplicaChoices;
import io.lifeboat.ui.OperationButton;
import io.lifeboat.ui.UiBackground;
import java.time.Duration;
import java.util.LinkedHashMap;
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


    private final DrillService drills;
    private final LongConsumer onStarted;
    private final ReadyReplicaChoices choices;
    private final Map<Long, TextField> checkChoices = new LinkedHashMap<>();
    private final Select<Duration> timeLimit = new Select<>();
    private final Div body = new Div();
    private final Button back = new Button("Back");
    private final Button next = new Button("Next");
    private final OperationButton finish = new OperationButton("Start test failover");
    private final UiBackground background;
    private List<ReplicaRow> chosen = List.of();
    private int step = 1;
    /** Counts visits of the summary step (and leaving it), so a check's answer lands only in the visit that asked. */
    private int checkRound;

    DrillWizard(ReplicaOverviewService overview, DrillService drills, UiBackground background, Set<ReplicaRow> preselected,
                Runnable onClose, LongConsumer onStarted) {
        this.drills = drills;
        this.background = background;
        this.onStarted = onStarted;
        setId("drill-wizard");
        setWidth("760px");
        setCloseOnOutsideClick(false);
        choices = new ReadyReplicaChoices(overview, preselected, "drill-", "drill-vm-grid", any -> next.setEnabled(any));
        timeLimit.setId("drill-time-limit");
        timeLimit.setLabel("End the drill by itself after");
        timeLimit.setItems(DrillRequest.OFFERED_TIME_LIMITS);
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

    private void show(int newStep) {
        if (newStep == 3 && !checksParse()) {
            return;
        }
        step = newStep;
        checkRound++;   // an answer still on its way belongs to a visit of the summary that is over
        body.removeAll();
        switch (step) {
            case 1 -> body.add(new H4("Step 1 of 3: choose the VMs to test"), new Paragraph("Only Ready replicas are listed. They start in an "
                    + "isolated network at the provider: your VMs, your LAN and your site are not touched."), choices.vmList());
            case 2 -> body.add(new H4("Step 2 of 3: a restore point and checks for each VM, and the time limit"), new Paragraph("A probe inside "
                    + "the isolated network runs the checks after power-on: ping, and tcp:<port> for each service that must answer."),
                    restorePointStep(), timeLimit);
            case 3 -> body.add(new H4("Step 3 of 3: summary"), summaryStep());
            default -> throw new IllegalStateException("No wizard step " + step);
        }
        back.setVisible(step > 1);
        next.setVisible(step < 3);
        next.setEnabled(step != 1 || choices.anyPicked());
        finish.setVisible(step == 3);
    }

    private Component restorePointStep() {
        chosen = choices.chosen();
        VerticalLayout rows = new VerticalLayout();
        rows.setPadding(false);
        for (ReplicaRow vm : chosen) {
            Select<RestorePointInfo> select = choices.restorePointSelect(vm);
            TextField checks = checkChoices.computeIfAbsent(vm.id(), id -> checksField(vm));
            select.setLabel(vm.vmName());   // above its choice, as in the failover wizard: a name beside it wrapped at its hyphen
            HorizontalLayout row = new HorizontalLayout(select, checks);
            row.setAlignItems(FlexComponent.Alignment.BASELINE);
            row.setWidthFull();
            row.expand(select);
            rows.add(row);
        }
        return rows;
    }

    private static TextField checksField(ReplicaRow vm) {
        TextField checks = new TextField();
        checks.setId("drill-checks-" + vm.vmName());
        checks.setAriaLabel("Checks of " + vm.vmName() + " inside the isolated network");
        checks.setLabel("Checks");
        checks.setValue("ping");
        checks.setPlaceholder("ping, tcp:443");
        checks.setHelperText("ping, tcp:<port>");
        checks.setWidth("14em");
        return checks;
    }

    /**
     * The chosen VMs at once; what would refuse the drill when the check comes (a few seconds when the provider's vCenter
     * hangs). Start is offered only then, so a refusal is read here rather than after the click.
     */
    private Component summaryStep() {
        DrillRequest request = request();
        UnorderedList vms = new UnorderedList();
        chosen.forEach(vm -> vms.add(new ListItem(choices.summaryLine(vm) + "; checks: "
                + checksOf(vm).stream().map(DrillCheck::toString).collect(Collectors.joining(", ")))));
        ProgressBar checking = new ProgressBar();
        checking.setIndeterminate(true);
        checking.getElement().setAttribute("aria-label", "Checks running");
        Div running = new Div(new Paragraph("Checking the VMs, your quota and that your provider's vCenter answers…"), checking);
        running.setId("drill-checks-running");
        VerticalLayout summary = new VerticalLayout(vms, running, new Paragraph("The drill ends by itself after "
                + timeLimit.getValue().toHours() + " hours; you are reminded on its page 30 minutes before. While it runs these replicas"
                + " cannot be failed over, and they count against your quota."));
        summary.setPadding(false);
        finish.setEnabled(false);
        int round = ++checkRound;
        background.call(UI.getCurrent(), () -> drills.problems(request), problems -> {
            if (round == checkRound) {   // still this visit of the step: not gone Back meanwhile
                summary.replace(running, checkAnswer(problems));
                finish.setEnabled(problems.isEmpty());
            }
        }, problem -> {
            if (round == checkRound) {
                summary.replace(running, blocker("The checks could not run: " + problem + " Go Back and Next to try again."));
            }
        });
        return summary;
    }

    private static Component checkAnswer(List<String> problems) {
        Div answer = new Div();
        answer.setId("drill-check-answer");
        if (problems.isEmpty()) {
            answer.add(new Paragraph("All checks passed."));
        }
        problems.forEach(problem -> answer.add(blocker(problem)));
        return answer;
    }

    private static Paragraph blocker(String text) {
        Paragraph line = new Paragraph("Blocked: " + text);
        line.addClassName("lb-blocker");
        return line;
    }

    private DrillRequest request() {
        return new DrillRequest(chosen.stream().map(vm -> new DrillRequest.VmChoice(vm.id(), choices.restorePointId(vm), checksOf(vm))).toList(),
                timeLimit.getValue());
    }

    /** A typo in a VM's checks keeps the wizard on step 2, with the field saying what is wrong. */
    private boolean checksParse() {
        boolean all = true;
        for (ReplicaRow vm : chosen) {
            TextField field = checkChoices.get(vm.id());
            try {
                DrillCheck.parseList(field.getValue());
                field.setInvalid(false);
            } catch (DrillRefusedException typo) {
                field.setErrorMessage(typo.getMessage());
                field.setInvalid(true);
                all = false;
            }
        }
        return all;
    }

    /** The VM's checks as typed; a typo is refused with the entry named (the shell shows the message). */
    private List<DrillCheck> checksOf(ReplicaRow vm) {
        return DrillCheck.parseList(checkChoices.get(vm.id()).getValue());
    }

    private void submit() {
        long drillId = drills.start(request());
        close();
        onStarted.accept(drillId);
    }
}
