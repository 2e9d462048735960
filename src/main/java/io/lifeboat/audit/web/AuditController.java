package io.lifeboat.audit.web;

import io.lifeboat.audit.AuditEntryInfo;
import io.lifeboat.audit.AuditLog;
import io.lifeboat.audit.AuditVerification;
import io.lifeboat.shared.PageNumber;
import io.lifeboat.shared.PageSize;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit log: the caller's tenant's entries (every entry for the provider), CSV export, chain verification. */
@RestController
@RequestMapping("/api/v1/audit-log")
@Tag(name = "Audit log")
class AuditController {

    private final AuditLog auditLog;

    AuditController(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    /** A page of entries, newest first, and how many there are. */
    record AuditPage(List<AuditEntryInfo> items, int page, int size, long total) {
    }

    @GetMapping
    @Operation(summary = "Audit entries, newest first")
    AuditPage entries(@RequestParam(defaultValue = "0") @PageNumber int page, @RequestParam(defaultValue = "50") @PageSize int size) {
        return new AuditPage(auditLog.list(page * size, size), page, size, auditLog.count());
    }

    @GetMapping(value = "/csv", produces = "text/csv")
    @Operation(summary = "Every entry the caller may see as CSV, oldest first")
    ResponseEntity<String> csv() {
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"lifeboat-audit.csv\"")
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8)).body(auditLog.csv());
    }

    /** The result with the message the page shows. */
    record Verification(boolean intact, long rowsChecked, Long firstBrokenSeq, String message) {
    }

    @PostMapping("/verify")
    @Operation(summary = "Recompute the hash chain and report the first changed or deleted entry")
    Verification verify() {
        AuditVerification result = auditLog.verify();
        return new Verification(result.intact(), result.rowsChecked(), result.firstBrokenSeq(), result.message());
    }
}
