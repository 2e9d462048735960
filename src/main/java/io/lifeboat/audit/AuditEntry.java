package io.lifeboat.audit;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import java.time.Instant;

/** A stored audit row. Immutable: no setters, the application never updates or deletes one. */
@Entity
class AuditEntry {

    @Id
    private long seq;
    private Instant at;
    private String username;
    private Long tenantId;
    private String action;
    private String target;
    @Enumerated(EnumType.STRING)
    private AuditOutcome outcome;
    private String detail;
    private String sourceIp;
    private String credential;
    private String prevHash;
    private String hash;

    protected AuditEntry() {
    }

    AuditEntry(long seq, AuditRecord row, String prevHash, String hash) {
        this.seq = seq;
        this.at = row.at();
        this.username = row.username();
        this.tenantId = row.tenantId();
        this.action = row.action();
        this.target = row.target();
        this.outcome = row.outcome();
        this.detail = row.detail();
        this.sourceIp = row.sourceIp();
        this.credential = row.credential();
        this.prevHash = prevHash;
        this.hash = hash;
    }

    AuditRecord content() {
        return new AuditRecord(at, username, tenantId, action, target, outcome, detail, sourceIp, credential);
    }

    AuditEntryInfo view() {
        return new AuditEntryInfo(seq, at, username, tenantId, action, target, outcome, detail, sourceIp, credential, hash);
    }

    long getSeq() {
        return seq;
    }

    String getPrevHash() {
        return prevHash;
    }

    String getHash() {
        return hash;
    }

    Long getTenantId() {
        return tenantId;
    }
}
