package io.lifeboat.drillreport.web;

import io.lifeboat.drill.DrillRefusedException;
import io.lifeboat.drill.DrillService;
import io.lifeboat.drillreport.DrillReportService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * A drill's evidence to archive and to trust, for an automation: the PDF the drills page offers, and the check of the
 * report's seal. The JSON of every figure is the drill itself ({@code GET /api/v1/drills/{id}}). Another tenant's
 * drill answers 404 exactly like a missing one.
 */
@RestController
@RequestMapping("/api/v1/drills/{id}")
@Tag(name = "Test failovers")
class DrillReportController {

    private final DrillService drills;
    private final DrillReportService reports;

    DrillReportController(DrillService drills, DrillReportService reports) {
        this.drills = drills;
        this.reports = reports;
    }

    @GetMapping(value = "/report.pdf", produces = MediaType.APPLICATION_PDF_VALUE)
    @Operation(summary = "The evidence report as a PDF, as the drills page downloads it; once the drill ended it prints the report's SHA-256")
    ResponseEntity<byte[]> pdf(@PathVariable long id) {
        ownOrNotFound(id);
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename("test-failover-" + id + ".pdf").build().toString())
                .contentType(MediaType.APPLICATION_PDF).body(reports.reportPdf(id));
    }

    @GetMapping("/verification")
    @Operation(summary = "Recompute the report's hash from the stored evidence and compare it with sha256 (as printed on a downloaded"
            + " report), or with the hash taken when the drill ended; 409 while the drill runs")
    DrillReportService.ReportVerification verify(@PathVariable long id, @RequestParam(required = false) String sha256) {
        ownOrNotFound(id);
        return reports.verify(id, sha256);
    }

    private void ownOrNotFound(long id) {
        if (drills.find(id).isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, DrillRefusedException.noSuchDrill(id).getMessage());
        }
    }
}
