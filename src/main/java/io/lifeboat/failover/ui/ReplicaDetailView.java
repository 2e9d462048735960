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
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import io.lifeboat.failover.FailoverService;
import io.lifeboat.failover.ReplicaOverviewService;
import io.lifeboat.failover.ReplicaRow;
import io.lifeboat.failover.ReplicaState;
import io.lifeboat.inventory.RestorePointView;
import io.lifeboat.tenancy.CurrentTenant;
import io.lifeboat.tenancy.TenantContext;
import io.lifeboat.ui.Formats;
import io.lifeboat.ui.MainLayout;
import io.lifeboat.ui.UiBroadcaster;
import jakarta.annotation.security.RolesAllowed;
import java.util.Optional;

/**
 * One replica and its options. Undo failover asks for confirmation first, because every change made in the
 * replica since failover is lost. Another tenant's replica id shows "not found", exactly like a missing one.
 */
@Route(value = "replica", layout = MainLayout.class)
@PageTitle("Replica · Lifeboat")
@RolesAllowed({"TENANT_OPERATOR", "TENANT_VIEWER"})
public class ReplicaDetailView extends VerticalLayout implements HasUrlParameter<Long> {

    private final ReplicaOverviewService overview;
    private final FailoverService failover;
    private final UiBroadcaster broadcaster;
    private final TenantContext context;
    private long replicaId;
    private Registration liveUpdates;

    public ReplicaDetailView(ReplicaOverviewService overview, FailoverService failover, UiBroadcaster broadcaster, CurrentTenant currentTenant) {
        this.overview = overview;
        this.failover = failover;
        this.broadcaster = broadcaster;
        this.context = currentTenant.get();
        addClassName("lb-page");
    }

    @Override
    public void setParameter(BeforeEvent event, Long id) {
        replicaId = id == null ? -1 : id;
        render();
    }

    private void render() {
        removeAll();
        Optional<ReplicaRow> found = overview.find(replicaId);
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
            options.add(undo);
        }
        if (replica.state() == ReplicaState.ERROR) {
            Button retry = new Button("Retry clean-up", e -> {
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
        confirm.setConfirmText("Undo failover and discard changes");
        confirm.setConfirmButtonTheme("error primary");
        confirm.addConfirmListener(e -> {
            long taskId = failover.undoFailover(replica.id());
            Notification.show("Undo failover started (task #" + taskId + ").");
        });
        confirm.open();
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
        liveUpdates = broadcaster.register(event.getUI(), context.tenantId(), this::render);
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (liveUpdates != null) {
            liveUpdates.remove();
        }
    }
}
