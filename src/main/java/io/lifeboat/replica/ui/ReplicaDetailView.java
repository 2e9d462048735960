package io.lifeboat.replica.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent.Alignment;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import io.lifeboat.inventory.RestorePointInfo;
import io.lifeboat.replica.OperationProgress;
import io.lifeboat.tasks.FigureInfo;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ReplicaState;
import io.lifeboat.tenancy.CurrentTenant;
import io.lifeboat.tenancy.TenantContext;
import io.lifeboat.ui.Formats;
import io.lifeboat.ui.Chart;
import io.lifeboat.ui.MainLayout;
import io.lifeboat.ui.ScreenWidth;
import io.lifeboat.ui.UiBroadcaster;
import jakarta.annotation.security.RolesAllowed;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One replica and its options: exactly the actions the state machine allows in its state, each control contributed by
 * the room that owns the action ({@link ReplicaActionUi}). While a failback runs its transfer progress is shown live.
 * Another tenant's replica id shows "not found", exactly like a missing one.
 */
@Route(value = "replica", layout = MainLayout.class)
@PageTitle("Replica · Lifeboat")
@RolesAllowed({"TENANT_OPERATOR", "TENANT_VIEWER"})
public class ReplicaDetailView extends VerticalLayout implements HasUrlParameter<Long> {

    private final ReplicaOverviewService overview;
    private final List<ReplicaActionUi> actions;
    private final UiBroadcaster broadcaster;
    private final TenantContext context;
    private long replicaId;
    private Registration liveUpdates;
    private ReplicaRow shown;
    private List<String> shownSiteWarnings = List.of();
    private ProgressBar progressBar;
    private Paragraph progressText;

    public ReplicaDetailView(ReplicaOverviewService overview, List<ReplicaActionUi> actions, UiBroadcaster broadcaster,
                             CurrentTenant currentTenant) {
        this.overview = overview;
        this.actions = actions;
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
        List<String> siteWarnings = SiteWarnings.of(overview);
        if (found.isPresent() && found.get().equals(shown) && siteWarnings.equals(shownSiteWarnings)) {
            if (progressBar != null) {
                overview.progress(replicaId).ifPresent(progress -> {
                    progressBar.setValue(progress.percent());
                    progressText.setText(progress.detail() == null ? "Starting…" : progress.detail());
                });
            }
            return;
        }
        render(found, siteWarnings);
    }

    private void render() {
        render(overview.find(replicaId), SiteWarnings.of(overview));
    }

    /** The page for the replica {@code found} and the site warnings of its tenant, both as just read. */
    private void render(Optional<ReplicaRow> found, List<String> siteWarnings) {
        removeAll();
        progressBar = null;
        progressText = null;
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
        StateBadge badge = new StateBadge(replica);
        badge.setId("replica-state");
        HorizontalLayout heading = new HorizontalLayout(title, badge);
        heading.addClassName("lb-wrap");
        heading.setAlignItems(Alignment.BASELINE);
        add(heading);
        shownSiteWarnings = siteWarnings;   // a failback or undo that waits for a vCenter shows why here too
        shownSiteWarnings.forEach(warning -> add(SiteWarnings.line(warning)));
        Paragraph summary = new Paragraph("IP " + replica.ipAddress() + " · " + replica.network() + " · " + replica.cpus() + " vCPU, "
                + Formats.memory(replica.memoryMb()) + " · original VM at your site: " + describeOriginal(replica.originalPowerState()));
        summary.setId("replica-summary");
        add(summary);
        if (replica.failedOverAt() != null) {
            add(new Paragraph("Failed over at " + Formats.time(replica.failedOverAt()) + " by " + replica.startedBy() + "."));
        }
        if (replica.errorMessage() != null) {
            Paragraph error = new Paragraph(replica.errorMessage());
            error.addClassName("lb-blocker");
            error.setId("replica-error");
            add(error);
        }
        if (replica.inConflict()) {
            add(conflictWarning(replica));
        }
        if (replica.state() == ReplicaState.FAILBACK_STARTING) {
            overview.progress(replica.id()).ifPresent(this::showProgress);
        }
        if (replica.state() == ReplicaState.FAILBACK_READY) {
            Paragraph ready = new Paragraph("Failback completed, waiting for commit: " + (replica.failbackTarget() == null ? replica.vmName()
                    : "the new VM " + replica.failbackTarget()) + " runs at your site and the replica is powered off. Commit to keep it,"
                    + " or undo the failback to run on the replica again.");
            ready.setId("failback-ready");
            add(ready);
        }
        add(new ReplicaActionsBar(replica, context.canOperate(), actions), new H3("Restore points"), restorePoints(),
                new H3("Failovers and failbacks"), charts());
    }

    /** Split brain: what happened, what it means for the LAN, and the two ways out (offered by the actions below). */
    private static Paragraph conflictWarning(ReplicaRow replica) {
        Paragraph conflict = new Paragraph("IP conflict since " + Formats.time(replica.conflictSince()) + ": another machine ("
                + replica.conflictMac() + ") claims " + replica.ipAddress() + " on your LAN while the replica runs at the provider,"
                + " most likely the original VM, running at your site. Hosts on your LAN may reach either of them."
                + " Power the original off to keep working on the replica, or undo the failover to go back to the original"
                + " (changes made in the replica are lost).");
        conflict.addClassName("lb-blocker");
        conflict.setId("address-conflict");
        return conflict;
    }

    private void showProgress(OperationProgress progress) {
        progressBar = new ProgressBar(0, 100, progress.percent());
        progressBar.setId("failback-progress");
        progressBar.getElement().setAttribute("aria-label", "Failback progress");
        progressText = new Paragraph(progress.detail() == null ? "Starting…" : progress.detail());
        progressText.setId("failback-progress-text");
        add(progressBar, progressText);
    }

    private Grid<RestorePointInfo> restorePoints() {
        Grid<RestorePointInfo> grid = new Grid<>();
        grid.setId("restore-points");
        grid.setEmptyStateText("No restore points yet: this VM can be failed over once its first replication has finished.");
        grid.addColumn(RestorePointInfo::name).setHeader("Name").setAutoWidth(true);
        var created = grid.addColumn(p -> Formats.time(p.createdAt())).setHeader("Created").setAutoWidth(true);
        var description = grid.addColumn(RestorePointInfo::description).setHeader("Description")
                .setTooltipGenerator(RestorePointInfo::description);
        grid.setItemDetailsRenderer(new ComponentRenderer<>(p -> new Paragraph("Created " + Formats.time(p.createdAt()) + ". " + p.description())));
        ScreenWidth.hideWhenNarrow(grid, created, description);
        grid.setItems(overview.restorePoints(replicaId));
        grid.setAllRowsVisible(true);
        return grid;
    }

    /** Each failover's time-to-reachable and each failback's transfer rate over time, as the tasks recorded them. */
    private Div charts() {
        List<FigureInfo> reachable = overview.timesToReachable(replicaId);
        List<Chart.Bar> bars = reachable.stream()
                .map(f -> new Chart.Bar("Time to reachable", Formats.time(f.at()) + " #" + f.taskId(), f.value() / 1000)).toList();
        Div timeToReachable = Chart.bars("chart-time-to-reachable", "Time to reachable after power-on, per failover", "seconds", bars,
                reachable.isEmpty() ? "" : "Latest failover: reachable " + Formats.seconds(Duration.ofMillis((long) reachable.get(reachable.size() - 1).value()))
                        + " after power-on; worst " + Formats.seconds(Duration.ofMillis((long) reachable.stream().mapToDouble(FigureInfo::value).max().orElse(0))) + ".",
                "no failover of this VM has been measured yet");
        List<FigureInfo> rates = overview.failbackRates(replicaId);
        List<Chart.Point> points = rates.stream()
                .map(f -> new Chart.Point("Failback #" + f.taskId(), f.at(), f.value() / 1e6)).toList();
        Div transferRate = Chart.overTime("chart-failback-rate", "Failback transfer rate", "MB/s", points,
                rates.isEmpty() ? "" : "Latest sample " + Formats.rate((long) rates.get(rates.size() - 1).value()) + ", fastest "
                        + Formats.rate((long) rates.stream().mapToDouble(FigureInfo::value).max().orElse(0)) + ".",
                "no rate sampled yet (a failback samples it every few seconds while it copies disks)");
        Div charts = new Div(timeToReachable, transferRate);
        charts.addClassName("lb-charts");
        return charts;
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
