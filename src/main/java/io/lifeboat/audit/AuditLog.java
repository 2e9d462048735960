package io.lifeboat.audit;

import io.lifeboat.tenancy.CurrentTenant;
import io.lifeboat.tenancy.TenantContext;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appends to, reads, exports and verifies the audit log. Tenant users read their own tenant's rows, the provider every
 * row; the scope comes from the session, never from the caller.
 */
@Service
public class AuditLog {

    private static final int VERIFY_PAGE = 1000;

    private final AuditEntryRepository entries;
    private final AuditHeadRepository head;
    private final CurrentTenant currentTenant;

    AuditLog(AuditEntryRepository entries, AuditHeadRepository head, CurrentTenant currentTenant) {
        this.entries = entries;
        this.head = head;
        this.currentTenant = currentTenant;
    }

    /** Appends one row at the end of the chain, in its own transaction (the head row's lock orders concurrent appends). */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void append(AuditRecord row) {
        AuditHead end = head.lockById(AuditHead.ID).orElseThrow(() -> new IllegalStateException("audit_head row missing"));
        long seq = end.getLastSeq() + 1;
        String hash = AuditChain.hash(end.getLastHash(), seq, row);
        entries.save(new AuditEntry(seq, row, end.getLastHash(), hash));
        end.advance(seq, hash);
    }

    /** The caller's rows, newest first. */
    @Transactional(readOnly = true)
    public List<AuditEntryInfo> list(int offset, int limit) {
        int size = Math.max(1, limit);
        return entries.newestFirst(scope(), PageRequest.of(offset / size, size)).stream().map(AuditEntry::view).toList();
    }

    @Transactional(readOnly = true)
    public int count() {
        return (int) entries.countOf(scope());
    }

    /** The caller's rows as CSV (RFC 4180), oldest first, with a header line. */
    @Transactional(readOnly = true)
    public String csv() {
        Long tenantId = scope();
        StringBuilder csv = new StringBuilder("seq,time,user,tenant_id,action,target,outcome,detail,source_ip,credential,hash\r\n");
        List<AuditEntry> rows = entries.newestFirst(tenantId, PageRequest.of(0, Integer.MAX_VALUE));
        for (int i = rows.size() - 1; i >= 0; i--) {
            AuditEntryInfo e = rows.get(i).view();
            csv.append(Stream.of(String.valueOf(e.seq()), DateTimeFormatter.ISO_INSTANT.format(e.at()), e.username(),
                            e.tenantId() == null ? "" : e.tenantId().toString(), e.action(), e.target(), e.outcome().name(), e.detail(),
                            e.sourceIp(), e.credential(), e.hash())
                    .map(AuditLog::csvField).collect(Collectors.joining(","))).append("\r\n");
        }
        return csv.toString();
    }

    /**
     * Recomputes the whole chain from the first row: each row's hash over its stored content, its link to the row
     * before, no gap in the sequence, the head pointing at the last row, and no row past the head. Reports the first
     * row that fails. The head is read first: rows appended while this runs lie past it and are left for the next
     * verification, where reading it last took them for deleted ones. A tenant's answer counts and names only its own
     * rows: where a break is not in one of them, it says so and that the provider sees where.
     */
    @Audited("Verify audit log")
    @Transactional(readOnly = true)
    public AuditVerification verify() {
        Long tenant = scope();
        AuditHead end = head.findById(AuditHead.ID).orElseThrow();
        String previousHash = AuditChain.GENESIS;
        long expectedSeq = 1;
        long visible = 0;
        List<AuditEntry> page = entries.after(0, PageRequest.of(0, VERIFY_PAGE));
        while (!page.isEmpty() && expectedSeq <= end.getLastSeq()) {
            for (AuditEntry entry : page) {
                if (entry.getSeq() > end.getLastSeq()) {
                    break;
                }
                String problem = problemOf(entry, expectedSeq, previousHash);
                boolean shown = tenant == null || tenant.equals(entry.getTenantId());
                if (problem != null) {
                    // a tenant is shown the row only when the row itself is theirs and was changed: a gap or a broken
                    // link may be another organisation's entries
                    boolean ownRowChanged = shown && entry.getSeq() == expectedSeq && entry.getPrevHash().equals(previousHash);
                    return tenant == null || ownRowChanged ? AuditVerification.brokenAt(visible, entry.getSeq(), problem) : brokenElsewhere(visible);
                }
                previousHash = entry.getHash();
                expectedSeq++;
                visible += shown ? 1 : 0;
            }
            page = entries.after(page.get(page.size() - 1).getSeq(), PageRequest.of(0, VERIFY_PAGE));
        }
        if (end.getLastSeq() != expectedSeq - 1 || !end.getLastHash().equals(previousHash)) {
            return tenant != null ? brokenElsewhere(visible)
                    : AuditVerification.brokenAt(visible, expectedSeq, "the newest entries (up to " + end.getLastSeq() + ") were deleted.");
        }
        // every append moves the head in its own transaction: a row past the head as it is now was put there around the log
        long newest = entries.newestSeq();   // before the head: an append in between moves the head past it
        long headNow = head.lastSeqNow(AuditHead.ID);
        if (newest > headNow) {
            return tenant != null ? brokenElsewhere(visible)
                    : AuditVerification.brokenAt(visible, headNow + 1, "an entry was added past the chain's end, not through the audit log.");
        }
        return AuditVerification.intact(visible);
    }

    private static AuditVerification brokenElsewhere(long visible) {
        return AuditVerification.brokenAt(visible, null, "entries were changed, deleted or added outside your own entries. Tell your"
                + " provider: they see where.");
    }

    private static String problemOf(AuditEntry entry, long expectedSeq, String previousHash) {
        if (entry.getSeq() != expectedSeq) {
            return "entries " + expectedSeq + " to " + (entry.getSeq() - 1) + " were deleted.";
        }
        if (!entry.getPrevHash().equals(previousHash)) {
            return "it does not link to the entry before it (that entry was changed or deleted).";
        }
        if (!AuditChain.hash(previousHash, entry.getSeq(), entry.content()).equals(entry.getHash())) {
            return "its content no longer matches its hash (the entry was changed).";
        }
        return null;
    }

    private Long scope() {
        TenantContext context = currentTenant.get();
        return context.isProvider() ? null : context.requireTenantId();
    }

    private static String csvField(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
