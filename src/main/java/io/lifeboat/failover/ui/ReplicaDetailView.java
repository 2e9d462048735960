package io.lifeboat.failover.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import io.lifeboat.failover.FailbackProgress;
import io.lifeboat.failover.FailbackService;
import io.lifeboat.failover.FailoverService;
import io.lifeboat.failover.ReplicaOverviewService;
import io.lifeboat.failover.ReplicaRow;
import io.lifeboat.failover.ReplicaState;
import io.lifeboat.inventory.RestorePointView;
import io.lifeboat.tenancy.CurrentTenant;
import io.lifeboat.tenancy.TenantContext;
import io.lifeboat.ui.Formats;
import io.lifeboat.ui.MainLayout;
import io.lifeboat.ui.OperationButton;
import io.lifeboat.ui.UiBroadcaster;
import jakarta.annotation.security.RolesAllowed;
import java.util.Optional;

/**
 * One replica and its options. Undo failover asks for confirmation first, because every change made in the
 * replica since failover is lost. A failed-over replica can be failed back to production; while that runs, its
 * transfer progress is shown live, and afterwards the failback is committed or undone. Another tenant's replica id
 * shows "not found", exactly like a missing one.
 */
@Route(value = "replica", layout = MainLayout.class)
@PageTitle("Replica · Lifeboat")
@RolesAllowed({"TENANT_OPERATOR", "TENANT_VIEWER"})
public class ReplicaDetailView extends VerticalLayout implements HasUrlParameter<Long> {

    private final ReplicaOverviewService overview;
    private final FailoverService failover;
    private final FailbackService failback;
    private final UiBroadcaster broadcaster;
    private final TenantContext context;
    private long replicaId;
    private Registration liveUpdates;
    private ReplicaRow shown;
    private ProgressBar progressBar;
    private Paragraph progressText;

    public ReplicaDetailView(ReplicaOverviewService overview, FailoverService failover, FailbackService failback, UiBroadcaster broadcaster,
                             CurrentTenant currentTenant) {
        this.overview = overview;
        this.failover = failover;
        this.failback = failback;
        this.broadcaster = broadcaster;
        this.context = currentTenant.get();
        addClassName("lb-page");
    }

    @Override
    public void setParameter(BeforeEvent event, Long id) {
        replicaId = id == null ? -1 : id;
        render();
    }

    /**
     * On a push: the page is rebuilt only when the replica itself changed; otherwise (another VM's task, a running
     * failback's progress) at most the progress bar and its text are updated. Rebuilding on every push would pull
     * buttons from under the user's pointer.
     */
    private void refresh() {
        Optional<ReplicaRow> found = overview.find(replicaId);
        if (found.isPresent() && found.get().equals(shown)) {
            if (progressBar != null) {
                failback.progress(replicaId).ifPresent(progress -> {
                    progressBar.setValue(progress.percent());
                    progressText.setText(progress.detail() == null ? "Starting…" : progress.detail());
                });
            }
            return;
        }
        render();
    }

    private void render() {
        removeAll();
        progressBar = null;
        progressText = null;
        Optional<ReplicaRow> found = overview.find(replicaId);
        shown = found.orElse(null);
        if (found.isEmpty()) {
            H2 missing = new H2("Replica not found");
            missing.setId("replica-not-found");
            add(missing, new Paragraph("There is no replica with this id in your organisation. Go back to the replica list."));
            return;
        }
        ReplicaRow replica = found.get();
        H2 title = new H2(replica.vmName());
        title.setId("replica-title");
        StateBadge badge = new StateBadge(replica.state());
        badge.setId("replica-state");
        add(new HorizontalLayout(title, badge));
        add(new Paragraph("IP " + replica.ipAddress() + " · " + replica.network() + " · " + replica.cpus() + " vCPU, "
                + Formats.memory(replica.memoryMb()) + " · original VM at your site: " + describeOriginal(replica.originalPowerState())));
        if (replica.failedOverAt() != null) {
            add(new Paragraph("Failed over at " + Formats.time(replica.failedOverAt()) + " by " + replica.startedBy() + "."));
        }
        if (replica.errorMessage() != null) {
            Paragraph error = new Paragraph(replica.errorMessage());
            error.addClassName("lb-blocker");
            error.setId("replica-error");
            add(error);
        }
        if (replica.state() == ReplicaState.FAILBACK_STARTING) {
            failback.progress(replica.id()).ifPresent(this::showProgress);
        }
        if (replica.state() == ReplicaState.FAILBACK_READY) {
            Paragraph ready = new Paragraph("Failback completed, waiting for commit: " + (replica.failbackTarget() == null ? replica.vmName()
                    : "the new VM " + replica.failbackTarget()) + " runs at your site and the replica is powered off. Commit to keep it,"
                    + " or undo the failback to run on the replica again.");
            ready.setId("failback-ready");
            add(ready);
        }
        add(options(replica), new H3("Restore points"), restorePoints());
    }

    private HorizontalLayout options(ReplicaRow replica) {
        HorizontalLayout options = new HorizontalLayout();
        if (!context.canOperate()) {
            return options;
        }
        if (replica.state() == ReplicaState.FAILED_OVER) {
            Button undo = new Button("Undo failover…", e -> confirmUndo(replica));
            undo.setId("undo-failover");
            undo.addThemeVariants(ButtonVariant.LUMO_ERROR);
            Button toProduction = new Button("Failback to production…", e -> new FailbackDialog(replica, failback).open());
            toProduction.setId("failback");
            toProduction.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            options.add(toProduction, undo);
        }
        if (replica.state() == ReplicaState.FAILBACK_STARTING) {
            Button cancel = new OperationButton("Cancel failback", () -> {
                failback.cancelFailback(replica.id());
                Notification.show("Cancelling the failback; nothing at your site is replaced.");
            });
            cancel.setId("cancel-failback");
            options.add(cancel);
        }
        if (replica.state() == ReplicaState.FAILBACK_READY) {
            Button commit = new Button("Commit failback…", e -> confirmCommit(replica));
            commit.setId("commit-failback");
            commit.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            Button undo = new Button("Undo failback…", e -> confirmUndoFailback(replica));
            undo.setId("undo-failback");
            options.add(commit, undo);
        }
        if (replica.state() == ReplicaState.ERROR && isFailbackOperation(replica.failedOperation())) {
            Button retry = new OperationButton(switch (replica.failedOperation()) {
                case COMMITTING -> "Retry commit";
                case UNDOING_FAILBACK -> "Retry undo failback";
                default -> "Retry failback";
            }, () -> {
                long taskId = failover.retry(replica.id());
                Notification.show("Retry started (task #" + taskId + ").");
            });
            retry.setId("retry-failback");
            options.add(retry);
            if (replica.failedOperation() != ReplicaState.COMMITTING) {
                Button undo = new Button("Undo failback…", e -> confirmUndoFailback(replica));
                undo.setId("undo-failback");
                options.add(undo);
            }
            return options;
        }
        if (replica.state() == ReplicaState.ERROR) {
            Button retry = new OperationButton("Retry clean-up", () -> {
                long taskId = failover.retry(replica.id());
                Notification.show("Clean-up started (task #" + taskId + ").");
            });
            retry.setId("retry-cleanup");
            options.add(retry);
        }
        return options;
    }

    private void confirmUndo(ReplicaRow replica) {
        ConfirmDialog confirm = new ConfirmDialog();
        confirm.setId("confirm-undo");
        confirm.setHeader("Undo failover of " + replica.vmName() + "?");
        confirm.setText("The replica at the provider is powered off and reverted to its state before failover. "
                + "Every change made in it since " + Formats.time(replica.failedOverAt()) + " is lost. Your original VM is not touched.");
        confirm.setCancelable(true);
        OperationButton.confirmStarts(confirm, "Undo failover and discard changes", "error primary", () -> {
            long taskId = failover.undoFailover(replica.id());
            Notification.show("Undo failover started (task #" + taskId + ").");
        });
        confirm.open();
    }

    private void showProgress(FailbackProgress progress) {
        progressBar = new ProgressBar(0, 100, progress.percent());
        progressBar.setId("failback-progress");
        progressText = new Paragraph(progress.detail() == null ? "Starting…" : progress.detail());
        progressText.setId("failback-progress-text");
        add(progressBar, progressText);
    }

    private void confirmCommit(ReplicaRow replica) {
        ConfirmDialog confirm = new ConfirmDialog();
        confirm.setId("confirm-commit");
        confirm.setHeader("Commit the failback of " + replica.vmName() + "?");
        confirm.setText("Your VM keeps running at your site. The replica at the provider stays powered off, its failover marker is"
                + " removed and it is Ready for a future failover. The failback can no longer be undone.");
        confirm.setCancelable(true);
        OperationButton.confirmStarts(confirm, "Commit failback", "primary", () -> {
            long taskId = failback.commitFailback(replica.id());
            Notification.show("Commit failback started (task #" + taskId + ").");
        });
        confirm.open();
    }

    private void confirmUndoFailback(ReplicaRow replica) {
        ConfirmDialog confirm = new ConfirmDialog();
        confirm.setId("confirm-undo-failback");
        confirm.setHeader("Undo the failback of " + replica.vmName() + "?");
        confirm.setText("The VM at your site is powered off and the replica runs at the provider again, with its IP carried by the"
                + " network extension. Work done in the VM at your site since the failback stays on its disks but is not in the replica.");
        confirm.setCancelable(true);
        OperationButton.confirmStarts(confirm, "Undo failback", "error primary", () -> {
            long taskId = failback.undoFailback(replica.id());
            Notification.show("Undo failback started (task #" + taskId + ").");
        });
        confirm.open();
    }

    private static boolean isFailbackOperation(ReplicaState operation) {
        return operation == ReplicaState.FAILBACK_STARTING || operation == ReplicaState.COMMITTING || operation == ReplicaState.UNDOING_FAILBACK;
    }

    private Grid<RestorePointView> restorePoints() {
        Grid<RestorePointView> grid = new Grid<>();
        grid.setId("restore-points");
        grid.addColumn(RestorePointView::name).setHeader("Name").setAutoWidth(true);
        grid.addColumn(p -> Formats.time(p.createdAt())).setHeader("Created").setAutoWidth(true);
        grid.addColumn(RestorePointView::description).setHeader("Description");
        grid.setItems(overview.restorePoints(replicaId));
        grid.setAllRowsVisible(true);
        return grid;
    }

    private static String describeOriginal(String powerState) {
        if (powerState == null) {
            return "unknown";
        }
        return switch (powerState) {
            case "POWERED_ON" -> "powered on";
            case "POWERED_OFF" -> "powered off";
            case "NOT_FOUND" -> "not found";
            case "UNKNOWN" -> "unknown (site unreachable)";
            default -> powerState.toLowerCase();
        };
    }

    @Override
    protected void onAttach(AttachEvent event) {
        liveUpdates = broadcaster.register(event.getUI(), context.tenantId(), this::refresh);
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (liveUpdates != null) {
            liveUpdates.remove();
        }
    }
}
