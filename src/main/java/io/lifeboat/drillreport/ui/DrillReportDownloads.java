package io.lifeboat.drillreport.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import io.lifeboat.drill.DrillInfo;
import io.lifeboat.drill.ui.DrillReportParts;
import io.lifeboat.drillreport.DrillReportService;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The report's parts on the drills page: download it as PDF or JSON, and once the drill ended its hash with a Verify
 * that recomputes it from the stored evidence.
 */
@org.springframework.stereotype.Component
public class DrillReportDownloads implements DrillReportParts {

    private final DrillReportService reports;

    public DrillReportDownloads(DrillReportService reports) {
        this.reports = reports;
    }

    @Override
    public List<Component> actions(DrillInfo drill) {
        Anchor pdf = download(drill, reports::reportPdf, "pdf", "application/pdf", "Download the report (PDF)");
        pdf.setId("drill-pdf");
        Anchor json = download(drill, reports::reportJson, "json", "application/json", "Download the report (JSON)");
        json.setId("drill-json");
        return List.of(pdf, json);
    }

    private static Anchor download(DrillInfo drill, LongFunction<byte[]> report, String extension, String type, String text) {
        return new Anchor(DownloadHandler.fromInputStream(event -> {
            byte[] bytes = report.apply(drill.id());
            return new DownloadResponse(new ByteArrayInputStream(bytes), "lifeboat-drill-" + drill.id() + "." + extension, type, bytes.length);
        }), text);
    }

    /**
     * The report's hash once the drill ended, and a Verify that recomputes it from the stored evidence, compared with
     * the hash pasted from a downloaded report, or with the one taken at the end when the field is empty.
     */
    @Override
    public Component below(DrillInfo drill) {
        VerticalLayout seal = new VerticalLayout();
        seal.setPadding(false);
        if (drill.reportSha256() == null) {
            seal.add(new Paragraph("The report's SHA-256 hash is taken when the drill ends."));
            return seal;
        }
        Paragraph hash = new Paragraph("Report SHA-256: " + drill.reportSha256());
        hash.setId("drill-hash");
        TextField claimed = new TextField("Hash from a downloaded report (empty: the one above)");
        claimed.setId("drill-verify-hash");
        claimed.setWidth("40em");
        claimed.setMaxWidth("100%");
        Paragraph outcome = new Paragraph();
        outcome.setId("drill-verify-result");
        Button verify = new Button("Verify", e -> {
            DrillReportService.ReportVerification result = reports.verify(drill.id(), claimed.getValue());
            outcome.setText(result.matches() ? "Matches: the stored evidence still has hash " + result.recomputedSha256() + "."
                    : "Does not match: the stored evidence now has hash " + result.recomputedSha256() + ", not " + result.expectedSha256() + ".");
            outcome.setClassName(result.matches() ? "lb-success" : "lb-warning");
        });
        verify.setId("drill-verify");
        HorizontalLayout form = new HorizontalLayout(claimed, verify);
        form.setAlignItems(FlexComponent.Alignment.BASELINE);
        form.setWrap(true);
        seal.add(hash, form, outcome);
        return seal;
    }
}
