package io.lifeboat.audit;

/**
 * The result of recomputing the audit chain: intact, or the first row whose stored hash or link to its predecessor
 * does not match ({@code firstBrokenSeq}, with what is wrong in {@code problem}).
 */
public record AuditVerification(boolean intact, long rowsChecked, Long firstBrokenSeq, String problem) {

    static AuditVerification intact(long rows) {
        return new AuditVerification(true, rows, null, null);
    }

    static AuditVerification brokenAt(long rows, Long seq, String problem) {
        return new AuditVerification(false, rows, seq, problem);
    }

    /** What the user reads. */
    public String message() {
        return intact ? "The audit log is intact: " + rowsChecked + " entries verified."
                : "The audit log was changed" + (firstBrokenSeq == null ? "" : " at entry " + firstBrokenSeq) + ": " + problem;
    }
}
