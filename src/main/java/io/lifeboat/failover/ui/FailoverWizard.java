package io.lifeboat.failover.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.shared.Registration;
import io.lifeboat.failover.FailoverRequest;
import io.lifeboat.failover.FailoverService;
import io.lifeboat.failover.FailoverRefusedException;
import io.lifeboat.failover.Preflight;
import io.lifeboat.failover.PreflightFinding;
import io.lifeboat.inventory.RestorePointInfo;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ui.ReadyReplicaChoices;
import io.lifeboat.replica.ui.StateBadge;
import io.lifeboat.ui.Formats;
import io.lifeboat.ui.OperationButton;
import io.lifeboat.ui.UiBackground;
import io.lifeboat.ui.UiBroadcaster;
import java.util.List;
import java.util.Set;

/**
 * The Partial failover wizard: 1 choose VMs (Ready only), 2 a restore point per VM (latest preselected),
 * 3 summary with pre-flight findings (warnings need an explicit override), then live progress per VM. Opening it warms
 * the tenant's network appliances in the background.
 * All decisions are the service's; the wizard only collects choices and shows answers.
 */
class FailoverWizard extends Dialog {

    private final ReplicaOverviewService overview;
    private final FailoverService failover;
    private final UiBroadcaster broadcaster;
    private final UiBackground background;
    private final Runnable onClose;
    private final Long tenantId;
    private final ReadyReplicaChoices choices;
    private final Div body = new Div();
    private final Button back = new Button("Back");
    private final Button next = new Button("Next");
    private final OperationButton finish = new OperationButton("Finish");
    private final Button cancel = new Button("Cancel", e -> close());
    private int step = 1;
    /** Counts visits of the summary step (and leaving it), so a pre-flight answer lands only in the visit that asked. */
    private int preflightRound;
    /** Whether the user ticked the box under the warnings of the pre-flight now shown: only those were read. */
    private boolean warningsAccepted;
    private List<PreflightFinding> shownWarnings = List.of();
    private List<ReplicaRow> chosen = List.of();
    private Registration liveUpdates;

    FailoverWizard(ReplicaOverviewService overview, FailoverService failover, UiBroadcaster broadcaster, UiBackground background,
                   Long tenantId, Set<ReplicaRow> preselected, Runnable onClose) {
        this.tenantId = tenantId;
        this.overview = overview;
        this.failover = failover;
        this.broadcaster = broadcaster;
        this.background = background;
        this.onClose = onClose;
        setId("failover-wizard");
        setHeaderTitle("Partial failover");
        setWidth("760px");
        setMaxWidth("100%");
        addClassName("lb-small-fullscreen");
        setCloseOnOutsideClick(false);
        choices = new ReadyReplicaChoices(overview, preselected, "", "wizard-vm-grid", any -> next.setEnabled(any));
        back.setId("wizard-back");
        next.setId("wizard-next");
        finish.setId("wizard-finish");
        cancel.setId("wizard-cancel");
        next.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        finish.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_ERROR);
        back.addClickListener(e -> show(step - 1));
        next.addClickListener(e -> show(step + 1));
        finish.onStart(this::submit);
        getFooter().add(cancel, back, next, finish);
        add(body);
        addOpenedChangeListener(e -> {
            if (!e.isOpened()) {
                if (liveUpdates != null) {
                    liveUpdates.remove();
                }
                onClose.run();
            }
        });
        show(1);
        failover.warmUpNetworks();   // appliances boot while the user chooses; the failover then finds them hot
    }

    private void show(int newStep) {
        step = newStep;
        preflightRound++;   // an answer still on its way belongs to a visit of the summary that is over
        body.removeAll();
        switch (step) {
            case 1 -> body.add(title("Step 1 of 3: choose the VMs to fail over"),
                    new Paragraph("Only Ready replicas are listed. All other VMs keep running at your site."), choices.vmList());
            case 2 -> body.add(title("Step 2 of 3: choose a restore point for each VM"), restorePointStep());
            case 3 -> body.add(title("Step 3 of 3: summary"), summaryStep());
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
        rows.setWidthFull();
        for (ReplicaRow vm : chosen) {
            Select<RestorePointInfo> select = choices.restorePointSelect(vm);
            select.setLabel(vm.vmName());
            rows.add(select);
        }
        return rows;
    }

    /**
     * The chosen VMs at once, the pre-flight's answer when it comes: its LAN probe needs the tenant's NEA, which the
     * wizard's warm-up may still be booting (seconds; a click that waited for it froze the page without a word).
     */
    private Component summaryStep() {
        FailoverRequest probe = request(false, List.of());
        VerticalLayout summary = new VerticalLayout();
        summary.setPadding(false);
        UnorderedList vms = new UnorderedList();
        chosen.forEach(vm -> vms.add(new ListItem(choices.summaryLine(vm))));
        ProgressBar checking = new ProgressBar();
        checking.setIndeterminate(true);
        checking.getElement().setAttribute("aria-label", "Pre-flight checks running");
        Paragraph what = new Paragraph("Running the pre-flight checks: quota, and whether a VM's address is still in use on your "
                + "LAN. The LAN probe waits for your site's network extension appliance, which starts as the wizard opens.");
        Div running = new Div(what, checking);
        running.setId("preflight-running");
        summary.add(vms, running);
        finish.setEnabled(false);
        int round = ++preflightRound;
        background.call(UI.getCurrent(), () -> failover.preflight(probe), preflight -> {
            if (round == preflightRound) {   // still this visit of the step: not gone Back meanwhile
                summary.replace(running, preflightAnswer(preflight));
            }
        }, problem -> {
            if (round == preflightRound) {
                Paragraph failed = new Paragraph("The pre-flight checks could not run: " + problem + " Go Back and Next to try again.");
                failed.setId("preflight-failed");
                failed.addClassName("lb-blocker");
                summary.replace(running, failed);
            }
        });
        return summary;
    }

    private Component preflightAnswer(Preflight preflight) {
        VerticalLayout answer = new VerticalLayout();
        answer.setPadding(false);
        answer.add(new Paragraph("Resources at the provider after failover: " + (preflight.usedCpus() + preflight.requestedCpus()) + " of "
                + preflight.quotaCpus() + " vCPU, " + Formats.memory(preflight.usedMemoryMb() + preflight.requestedMemoryMb()) + " of "
                + Formats.memory(preflight.quotaMemoryMb()) + " RAM."));
        Div findings = new Div();
        findings.setId("preflight-findings");
        for (PreflightFinding finding : preflight.findings()) {
            Paragraph line = new Paragraph((finding.severity() == PreflightFinding.Severity.BLOCKER ? "Blocked: " : "Warning: ")
                    + (finding.vm() == null ? "" : finding.vm() + ": ") + finding.message());
            line.addClassName(finding.severity() == PreflightFinding.Severity.BLOCKER ? "lb-blocker" : "lb-warning");
            findings.add(line);
        }
        if (preflight.findings().isEmpty()) {
            findings.add(new Paragraph("All pre-flight checks passed."));
        }
        answer.add(findings);
        finish.setEnabled(!preflight.hasBlockers() && !preflight.hasWarnings());
        warningsAccepted = false;
        shownWarnings = preflight.findings();
        if (preflight.hasWarnings() && !preflight.hasBlockers()) {
            Checkbox accept = new Checkbox("I have read the warnings and want to fail over anyway");
            accept.setId("accept-warnings");
            accept.addValueChangeListener(e -> {
                warningsAccepted = e.getValue();
                finish.setEnabled(e.getValue());
            });
            answer.add(accept);
        }
        return answer;
    }

    private FailoverRequest request(boolean warningsAccepted, List<PreflightFinding> accepted) {
        return new FailoverRequest(chosen.stream().map(vm -> new FailoverRequest.VmChoice(vm.id(), choices.restorePointId(vm))).toList(),
                warningsAccepted, accepted);
    }

    /**
     * The service checks again at the start: a warning that arose since the summary was read (the original powered on
     * meanwhile) refuses the start, and a fresh summary shows it, with the box to accept it.
     */
    private void submit() {
        long taskId;
        try {
            taskId = failover.startFailover(request(warningsAccepted, shownWarnings));
        } catch (FailoverRefusedException refused) {
            show(3);
            Paragraph why = new Paragraph("Not started: " + refused.getMessage());
            why.setId("wizard-refused");
            why.addClassName("lb-blocker");
            body.addComponentAtIndex(1, why);
            return;
        }
        showProgress(taskId);
    }

    private void showProgress(long taskId) {
        body.removeAll();
        back.setVisible(false);
        next.setVisible(false);
        finish.setVisible(false);
        cancel.setText("Close");
        cancel.setId("wizard-close");
        ProgressBar bar = new ProgressBar();
        bar.setId("failover-progress");
        bar.getElement().setAttribute("aria-label", "Failover progress");
        H4 heading = title("Failover running");
        heading.setId("failover-progress-title");
        VerticalLayout perVm = new VerticalLayout();
        perVm.setPadding(false);
        perVm.setId("failover-progress-vms");
        Runnable refresh = () -> {
            perVm.removeAll();
            int done = 0;
            for (ReplicaRow vm : chosen) {
                ReplicaRow now = overview.find(vm.id()).orElse(vm);
                done += now.state().isBusy() ? 0 : 1;
                HorizontalLayout line = new HorizontalLayout(new Span(now.vmName()), new StateBadge(now.state()));
                line.addClassName("lb-wrap");
                line.setId("progress-" + now.vmName());
                if (now.errorMessage() != null) {
                    line.add(new Span(now.errorMessage()));
                }
                perVm.add(line);
            }
            bar.setValue(chosen.isEmpty() ? 1 : (double) done / chosen.size());
            heading.setText(done == chosen.size() ? "Failover finished: see each VM's state" : "Failover running: " + done + " of " + chosen.size() + " VMs done");
        };
        body.add(heading, new Paragraph("Cloud Failover task #" + taskId + ". You can close this window; the task goes on."),
                bar, perVm, new Anchor("tasks/" + taskId, "Open the task log"));
        liveUpdates = broadcaster.register(getUI().orElseThrow(), tenantId, refresh);
    }

    private static H4 title(String text) {
        return new H4(text);
    }
}
