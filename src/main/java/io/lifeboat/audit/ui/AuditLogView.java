package io.lifeboat.audit.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
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

        Grid<AuditEntryInfo> grid = new Grid<>();
        grid.setId("audit-grid");
        grid.addColumn(AuditEntryInfo::seq).setHeader("#").setAutoWidth(true);
        grid.addColumn(e -> TIME.format(e.at())).setHeader("Time").setAutoWidth(true);
        grid.addColumn(AuditEntryInfo::username).setHeader("User").setAutoWidth(true);
        grid.addColumn(AuditEntryInfo::action).setHeader("Action").setAutoWidth(true);
        grid.addColumn(AuditEntryInfo::target).setHeader("Target");
        grid.addColumn(AuditEntryInfo::outcome).setHeader("Outcome").setAutoWidth(true);
        grid.addColumn(AuditEntryInfo::detail).setHeader("Detail");
        grid.addColumn(AuditEntryInfo::sourceIp).setHeader("From").setAutoWidth(true);
        grid.addColumn(AuditEntryInfo::credential).setHeader("Credential").setAutoWidth(true);
        grid.setItems(query -> auditLog.list(query.getOffset(), query.getLimit()).stream(), query -> auditLog.count());
        add(new H2("Audit log"), actions, grid);
    }
}
