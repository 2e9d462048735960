package io.lifeboat.network;

import io.lifeboat.gateway.EnrolmentTokens;
import io.lifeboat.gateway.EnrolmentTokens.Grant;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Enrolment grants in the database, by the token's hash: a token written into an NEA VM's guestinfo still works after
 * the portal restarted, and is spent once across all nodes (the update only takes an unused row).
 */
final class StoredEnrolmentTokens implements EnrolmentTokens.Ledger {

    /** Long enough that a late enrolment is refused as "expired", not "unknown". */
    private static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(30);

    private final JdbcTemplate jdbc;

    StoredEnrolmentTokens(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void put(String tokenHash, Grant grant) {
        jdbc.update("delete from enrolment_token where token_hash = ? or expires_at < ?", tokenHash,
                Timestamp.from(Instant.now().minus(KEPT_AFTER_EXPIRY)));
        jdbc.update("insert into enrolment_token (token_hash, appliance_id, expires_at, used_at, used_for_key) values (?, ?, ?, ?, ?)",
                tokenHash, grant.applianceId(), Timestamp.from(grant.expires()),
                grant.usedAt() == null ? null : Timestamp.from(grant.usedAt()), grant.usedForKey());
    }

    @Override
    public Optional<Grant> find(String tokenHash) {
        return jdbc.query("select appliance_id, expires_at, used_at, used_for_key from enrolment_token where token_hash = ?",
                (row, i) -> new Grant(row.getString(1), row.getTimestamp(2).toInstant(),
                        row.getTimestamp(3) == null ? null : row.getTimestamp(3).toInstant(), row.getString(4)),
                tokenHash).stream().findFirst();
    }

    @Override
    public boolean spend(String tokenHash, Instant usedAt, String usedForKey) {
        return jdbc.update("update enrolment_token set used_at = ?, used_for_key = ? where token_hash = ? and used_at is null",
                Timestamp.from(usedAt), usedForKey, tokenHash) == 1;
    }
}
