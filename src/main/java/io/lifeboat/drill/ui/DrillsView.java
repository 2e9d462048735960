package io.lifeboat.drill.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import io.lifeboat.drill.DrillInfo;
import io.lifeboat.drill.DrillService;
import io.lifeboat.tenancy.CurrentTenant;
import io.lifeboat.tenancy.TenantContext;
import io.lifeboat.ui.Confirm;
import io.lifeboat.ui.Formats;
import io.lifeboat.ui.MainLayout;
import io.lifeboat.ui.OperationButton;
import io.lifeboat.ui.UiBroadcaster;
import jakarta.annotation.security.PermitAll;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Test failovers: the tenant's drills (the provider's page lists every tenant's), and the evidence report of the one
 * picked ({@code ?drill=<id>}): who, when, each VM's restore point and its age, power-on, each check, the clean-up; end it.
 * A drill whose time limit is near shows a reminder. Other rooms add to it: the report's downloads and its seal
 * ({@link DrillReportParts}), the schedules at the end ({@link DrillsPageSection}).
 */
@Route(value = "drills", layout = MainLayout.class)
@PageTitle("Test failovers · Lifeboat")
@PermitAll
public class DrillsView extends VerticalLayout implements BeforeEnterObserver {

    static final String DRILL_PARAMETER = "drill";
    /** The window width (CSS px) below which a drill report's VM grid leaves its timings to each row's details. */
    private static final int WIDE_ENOUGH_FOR_TIMINGS = 1280;

    private final DrillService drills;
    private final List<DrillReportParts> reportParts;
    private final UiBroadcaster broadcaster;
    private final TenantContext context;
    private final Grid<DrillInfo> grid = new Grid<>();
    private final Div report = new Div();
    private Long shown;
    /** What the report shows now: a refresh rebuilds it only when that changed. */
    private ReportContent shownContent;

    /** {@code endable}: whether End is offered, as the service says (a start that broke off leaves a drill Starting). */
    private record ReportContent(Optional<DrillInfo> drill, boolean reminder, boolean endable) {

        static ReportContent of(Optional<DrillInfo> drill, DrillService drills) {
            return new ReportContent(drill, drill.map(d -> d.endsSoon(Instant.now())).orElse(false),
                    drill.map(d -> drills.canEnd(d.id())).orElse(false));
        }
    }
    private Registration updates;

    public DrillsView(DrillService drills, List<DrillsPageSection> sections, List<DrillReportParts> reportParts, UiBroadcaster broadcaster,
                      CurrentTenant currentTenant) {
        this.drills = drills;
        this.reportParts = reportParts;
        this.broadcaster = broadcaster;
        this.context = currentTenant.get();
        addClassName("lb-page");
        grid.setId("drill-grid");
        grid.setEmptyStateText("No test failovers yet: each one proves that its VMs boot from their restore points and pass their checks.");
        grid.addColumn(DrillInfo::id).setHeader("#").setAutoWidth(true).setFlexGrow(0);
        if (context.isProvider()) {
            grid.addColumn(DrillInfo::tenantName).setHeader("Tenant").setAutoWidth(true);
        }
        grid.addColumn(d -> Formats.time(d.startedAt())).setHeader("Started").setAutoWidth(true);
        var startedBy = grid.addColumn(DrillInfo::startedBy).setHeader("By").setAutoWidth(true);
        var vmCount = grid.addColumn(d -> d.vms().size()).setHeader("VMs").setAutoWidth(true);
        grid.addColumn(d -> d.state().label()).setHeader("State").setAutoWidth(true);
        var timeLimit = grid.addColumn(d -> Formats.time(d.timeLimitAt())).setHeader("Time limit").setAutoWidth(true);
        grid.setItemDetailsRenderer(new com.vaadin.flow.data.renderer.ComponentRenderer<>(d -> new com.vaadin.flow.component.html.Span(
                "by " + d.startedBy() + " · " + d.vms().size() + " VMs · time limit " + Formats.time(d.timeLimitAt()))));
        io.lifeboat.ui.ScreenWidth.hideWhenNarrow(grid, startedBy, vmCount, timeLimit);
        grid.setAllRowsVisible(true);
        grid.addSelectionListener(e -> e.getFirstSelectedItem().ifPresent(d -> showReport(d.id())));
        report.setId("drill-report");
        report.setWidthFull();   // its facts wrap and its grid fits the page, rather than the page growing to their width
        add(new H2("Test failovers"), new Paragraph("Start one from the Replicas page or a replica's page (Test failover…). Replicas run in an isolated "
                + "network at the provider; your site is not touched."), grid, report);
        sections.forEach(section -> add(section.create(context))); // the schedules: a room of their own
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        event.getLocation().getQueryParameters().getSingleParameter(DRILL_PARAMETER).flatMap(DrillsView::parseId).ifPresent(drillId -> {
            shown = drillId;
            if (isAttached()) { // when the page opens, the update run on registering shows it: the report is read once
                showReport(drillId);
            }
        });
    }

    private static Optional<Long> parseId(String text) {
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException notAnId) {
            return Optional.empty();
        }
    }

    private void refresh() {
        grid.setItems(drills.drills());
        if (shown != null) {
            Optional<DrillInfo> now = drills.find(shown);
            // every task line of the tenant refreshes the page: a rebuild each time cleared a hash being verified
            if (!ReportContent.of(now, drills).equals(shownContent)) {
                showReport(shown, now);
            }
        }
    }

    private void showReport(long drillId) {
        showReport(drillId, drills.find(drillId));
    }

    private void showReport(long drillId, Optional<DrillInfo> found) {
        shown = drillId;
        shownContent = ReportContent.of(found, drills);
        report.removeAll();
        if (found.isEmpty()) {
            report.add(new Paragraph("There is no test failover #" + drillId + " in your organisation."));
            return;
        }
        DrillInfo drill = found.get();
        Instant now = Instant.now();
        report.add(new H3("Test failover #" + drill.id() + ": " + drill.state().label()));
        if (drill.endsSoon(now)) {
            Paragraph reminder = new Paragraph("Reminder: this drill ends by itself at " + Formats.time(drill.timeLimitAt())
                    + " (in " + Math.max(0, Duration.between(now, drill.timeLimitAt()).toMinutes()) + " minutes).");
            reminder.setId("drill-reminder");
            reminder.addClassName("lb-warning");
            report.add(reminder);
        }
        Paragraph facts = new Paragraph("Started by " + drill.startedBy() + " at " + Formats.time(drill.startedAt()) + " (task #" + drill.taskId()
                + "); time limit " + Formats.time(drill.timeLimitAt()) + ". " + (drill.endedAt() != null
                ? drill.endedText(Formats.time(drill.endedAt())) + "."
                : drill.endedBy() != null ? "Ending, asked by " + drill.endedBy() + "." : ""));
        facts.setId("drill-facts");
        report.add(facts, actions(drill, shownContent.endable()), vmGrid(drill));
        reportParts.forEach(parts -> report.add(parts.below(drill)));
    }

    private HorizontalLayout actions(DrillInfo drill, boolean endable) {
        HorizontalLayout actions = new HorizontalLayout();
        if (endable) {
            Button end = new Button("End test failover…", e -> confirmEnd(drill));
            end.setId("end-drill");
            end.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            actions.add(end);
        }
        reportParts.forEach(parts -> parts.actions(drill).forEach(actions::add));
        return actions;
    }

    private void confirmEnd(DrillInfo drill) {
        ConfirmDialog confirm = new ConfirmDialog();
        confirm.setId("confirm-end-drill");
        confirm.setHeader("End test failover #" + drill.id() + "?");
        confirm.setText("Its replicas are powered off and reverted to their state before the drill; whatever was changed in them is lost. "
                + "Your production VMs are not touched.");
        confirm.setCancelable(true);
        OperationButton.confirmStarts(confirm, "End the drill", "primary", () -> {
            long taskId = drills.end(drill.id());
            Notification.show("Ending the test failover (task #" + taskId + ").");
            refresh();
        });
        Confirm.cancelHasTheFocus(confirm);
        confirm.open();
    }

    /**
     * Nine facts per VM: the long ones wrap in columns of a set width, so the report fits a laptop's screen beside the
     * menu. Narrower, the timings go to a row's details first, then all but the VM, its checks and its clean-up.
     */
    private static Grid<DrillInfo.DrillVmInfo> vmGrid(DrillInfo drill) {
        Grid<DrillInfo.DrillVmInfo> vms = new Grid<>();
        vms.setId("drill-vms");
        vms.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
        vms.addColumn(DrillInfo.DrillVmInfo::vmName).setHeader("VM").setAutoWidth(true).setFlexGrow(0);
        var ip = vms.addColumn(DrillInfo.DrillVmInfo::ipAddress).setHeader("IP").setWidth("8.5rem").setFlexGrow(0);
        var point = vms.addColumn(DrillInfo.DrillVmInfo::restorePointName).setHeader("Restore point").setWidth("7.5rem").setFlexGrow(1);
        var age = vms.addColumn(vm -> DrillInfo.readable(vm.restorePointAge())).setHeader("Its age at start").setWidth("6rem").setFlexGrow(0);
        var poweredOn = vms.addColumn(DrillsView::poweredOn).setHeader("Powered on").setWidth("7rem").setFlexGrow(1);
        var start = vms.addColumn(vm -> vm.startDuration() == null ? "–" : Formats.seconds(vm.startDuration())).setHeader("Start to power-on")
                .setWidth("6rem").setFlexGrow(0);
        vms.addColumn(DrillInfo.DrillVmInfo::checksSummary).setHeader("Checks inside the bubble").setWidth("8rem").setFlexGrow(1);
        var passed = vms.addColumn(DrillsView::allPassed).setHeader("Power-on to all passed").setWidth("6rem").setFlexGrow(0);
        vms.addColumn(DrillsView::cleanUp).setHeader("Clean-up").setWidth("6.5rem").setFlexGrow(1);
        vms.setItemDetailsRenderer(new com.vaadin.flow.data.renderer.ComponentRenderer<>(DrillsView::details));
        io.lifeboat.ui.ScreenWidth.hideBelow(WIDE_ENOUGH_FOR_TIMINGS, vms, age, start, passed);
        io.lifeboat.ui.ScreenWidth.hideWhenNarrow(vms, ip, point, poweredOn);
        vms.setItems(drill.vms());
        vms.setAllRowsVisible(true);
        return vms;
    }

    /** What a row's hidden columns say, where the window hides them. */
    private static Div details(DrillInfo.DrillVmInfo vm) {
        Div details = new Div("IP " + vm.ipAddress() + " · " + vm.restorePointName() + ", " + DrillInfo.readable(vm.restorePointAge())
                + " old at start · powered on " + poweredOn(vm) + (vm.startDuration() == null ? "" : " after " + Formats.seconds(vm.startDuration()))
                + " · power-on to all passed: " + allPassed(vm));
        details.addClassName("lb-details");
        details.setId("drill-details-" + vm.vmName());
        return details;
    }

    private static String poweredOn(DrillInfo.DrillVmInfo vm) {
        return vm.poweredOnAt() == null ? (vm.startError() == null ? "not yet" : vm.startError()) : Formats.time(vm.poweredOnAt());
    }

    private static String allPassed(DrillInfo.DrillVmInfo vm) {
        return vm.powerOnToCheck() == null ? "–" : vm.powerOnToCheck().toMillis() + " ms";
    }

    private static String cleanUp(DrillInfo.DrillVmInfo vm) {
        return vm.cleanedUpAt() != null ? "reverted " + Formats.time(vm.cleanedUpAt()) : vm.cleanupError() != null ? vm.cleanupError() : "pending";
    }

    @Override
    protected void onAttach(AttachEvent event) {
        updates = broadcaster.register(event.getUI(), context.tenantId(), this::refresh);
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (updates != null) {
            updates.remove();
        }
    }
}
