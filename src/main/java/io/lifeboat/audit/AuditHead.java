package io.lifeboat.audit;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** The end of the chain: last sequence number and hash. Locked while a row is appended, so appends form one line. */
@Entity
class AuditHead {

    static final int ID = 1;

    @Id
    private int id;
    private long lastSeq;
    private String lastHash;

    protected AuditHead() {
    }

    long getLastSeq() {
        return lastSeq;
    }

    String getLastHash() {
        return lastHash;
    }

    void advance(long seq, String hash) {
        this.lastSeq = seq;
        this.lastHash = hash;
    }
}
