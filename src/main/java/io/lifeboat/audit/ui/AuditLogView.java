package io.lifeboat.audit.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import io.lifeboat.audit.AuditEntryInfo;
import io.lifeboat.audit.AuditLog;
import io.lifeboat.audit.AuditVerification;
import io.lifeboat.ui.MainLayout;
import jakarta.annotation.security.PermitAll;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** The audit log: who did what, from where, with which outcome; verify the chain, export as CSV. */
@Route(value = "audit", layout = MainLayout.class)
@PageTitle("Audit log · Lifeboat")
@PermitAll
public class AuditLogView extends VerticalLayout {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    public AuditLogView(AuditLog auditLog) {
        addClassName("lb-page");
        setSizeFull();
        Span result = new Span();
        result.setId("audit-verify-result");
        Button verify = new Button("Verify", click -> {
            AuditVerification verification = auditLog.verify();
            result.setText(verification.message());
            result.getElement().getThemeList().set("badge", true);
            result.getElement().getThemeList().set("error", !verification.intact());
            result.getElement().getThemeList().set("success", verification.intact());
        });
        verify.setId("audit-verify");
        Anchor export = new Anchor(DownloadHandler.fromInputStream(event -> {
            byte[] csv = auditLog.csv().getBytes(StandardCharsets.UTF_8);
            return new DownloadResponse(new ByteArrayInputStream(csv), "lifeboat-audit.csv", "text/csv", csv.length);
        }), "Export CSV");
        export.setId("audit-export");
        HorizontalLayout actions = new HorizontalLayout(verify, export, result);
        actions.setAlignItems(FlexComponent.Alignment.CENTER);
        actions.addClassName("lb-wrap");

        Grid<AuditEntryInfo> grid = new Grid<>();
        grid.setId("audit-grid");
        grid.setEmptyStateText("No entries to show.");
        grid.addColumn(AuditEntryInfo::seq).setHeader("#").setAutoWidth(true);
        var time = grid.addColumn(e -> TIME.format(e.at())).setHeader("Time").setAutoWidth(true);
        var user = grid.addColumn(AuditEntryInfo::username).setHeader("User").setAutoWidth(true);
        var action = grid.addColumn(AuditEntryInfo::action).setHeader("Action").setAutoWidth(true);
        var wrappedAction = grid.addColumn(AuditEntryInfo::action).setHeader("Action").setWidth("8rem").setFlexGrow(1);
        var target = grid.addColumn(AuditEntryInfo::target).setHeader("Target");
        grid.addColumn(e -> e.outcome().label()).setHeader("Outcome").setAutoWidth(true);
        var detail = grid.addColumn(AuditEntryInfo::detail).setHeader("Detail");
        var from = grid.addColumn(AuditEntryInfo::sourceIp).setHeader("From").setAutoWidth(true);
        var credential = grid.addColumn(AuditEntryInfo::credential).setHeader("Credential").setAutoWidth(true);
        grid.setItemDetailsRenderer(new com.vaadin.flow.data.renderer.ComponentRenderer<>(e -> new com.vaadin.flow.component.html.Span(
                TIME.format(e.at()) + " · " + e.username() + " · " + e.target() + " · " + e.detail() + " · from " + e.sourceIp()
                        + " · " + e.credential())));
        // Nine columns: where, how and the detail go to a row's details first, then who and when on a phone.
        io.lifeboat.ui.ScreenWidth.hideBelow(1600, grid, from, credential);
        io.lifeboat.ui.ScreenWidth.hideWhenNarrow(grid, time, user, action, target, detail);
        wrapActionsWhenNarrow(grid, wrappedAction);
        grid.setItems(query -> auditLog.list(query.getOffset(), query.getLimit()).stream(), query -> auditLog.count());
        add(new H2("Audit log"), actions, grid);
    }

    /**
     * A phone has no room for the longest actions ("Power off the original VM (IP conflict)") beside the outcome: there
     * they wrap in a column that takes the width left, instead of pushing the outcome out of sight. A wider screen keeps
     * one line per entry in the action column as wide as its longest action (hidden on a phone with the others).
     */
    private static void wrapActionsWhenNarrow(Grid<AuditEntryInfo> grid, Grid.Column<AuditEntryInfo> wrapped) {
        wrapped.setVisible(false);
        io.lifeboat.ui.ScreenWidth.onChange(grid, narrow -> {
            wrapped.setVisible(narrow);
            if (narrow) {
                grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
            } else {
                grid.removeThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
            }
        });
    }
}
