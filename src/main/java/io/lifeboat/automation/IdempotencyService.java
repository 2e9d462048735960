package io.lifeboat.automation;

import io.lifeboat.tenancy.CurrentTenant;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.LongSupplier;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Idempotency keys of operation requests: a POST sent twice with the same {@code Idempotency-Key} (a retry after a lost
 * answer) starts one operation and answers both with its task. The key is claimed before the operation starts, so two
 * copies arriving at the same moment also start one; a failed start frees the key for the next try. Keys are per tenant.
 * A key answers only the request it came with (method, path and body): sent with another, it is refused, as the IETF's
 * Idempotency-Key draft asks, rather than answered with a task the caller did not ask for. A claim whose request never
 * recorded its task (its node died while starting) is taken over after {@link #CLAIM_ABANDONED_AFTER}; keys expire after
 * {@link #KEPT_FOR}.
 */
@Service
public class IdempotencyService {

    private static final Duration WAIT_FOR_FIRST = Duration.ofSeconds(30);
    private static final Duration CLAIM_ABANDONED_AFTER = Duration.ofMinutes(5);
    private static final Duration KEPT_FOR = Duration.ofHours(24);

    private final JdbcTemplate jdbc;
    private final CurrentTenant currentTenant;
    private final Clock clock;

    IdempotencyService(JdbcTemplate jdbc, CurrentTenant currentTenant, Clock clock) {
        this.jdbc = jdbc;
        this.currentTenant = currentTenant;
        this.clock = clock;
    }

    /**
     * Runs {@code start} (which returns a task id) unless this tenant already used {@code key}; then answers that
     * request's task. Without a key, simply runs {@code start}.
     *
     * @param request what the request asks for (method, path and body), to tell a repeat from another request
     * @throws IllegalArgumentException when the key is longer than 200 characters
     * @throws IdempotencyKeyReusedException when the key came with another request
     */
    public long startOnce(String key, String request, LongSupplier start) {
        if (key == null || key.isBlank()) {
            return start.getAsLong();
        }
        if (key.length() > 200) {
            throw new IllegalArgumentException("An Idempotency-Key has at most 200 characters.");
        }
        long tenantId = currentTenant.get().requireTenantId();
        String requestSha256 = ApiTokenService.sha256(request);
        forgetExpired(tenantId, key);
        long deadline = System.nanoTime() + WAIT_FOR_FIRST.toNanos();
        while (true) {
            if (claim(tenantId, key, requestSha256)) {
                return startClaimed(tenantId, key, start);
            }
            Claim claim = claimOf(tenantId, key);
            if (claim != null && !claim.madeFor(requestSha256)) {
                throw new IdempotencyKeyReusedException();
            }
            if (claim != null && claim.taskId() != null) {
                return claim.taskId();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("A request with this Idempotency-Key is still starting its operation; try again shortly.");
            }
            sleepBriefly();
        }
    }

    private long startClaimed(long tenantId, String key, LongSupplier start) {
        try {
            long taskId = start.getAsLong();
            jdbc.update("update idempotency_key set task_id = ? where tenant_id = ? and idem_key = ?", taskId, tenantId, key);
            return taskId;
        } catch (RuntimeException e) {
            jdbc.update("delete from idempotency_key where tenant_id = ? and idem_key = ?", tenantId, key);
            throw e;
        }
    }

    /** Every key past its day, and this key's claim if its request died before recording a task. */
    private void forgetExpired(long tenantId, String key) {
        Instant now = clock.instant();
        jdbc.update("delete from idempotency_key where created_at < ?", Timestamp.from(now.minus(KEPT_FOR)));
        jdbc.update("delete from idempotency_key where tenant_id = ? and idem_key = ? and task_id is null and created_at < ?", tenantId, key,
                Timestamp.from(now.minus(CLAIM_ABANDONED_AFTER)));
    }

    private boolean claim(long tenantId, String key, String requestSha256) {
        try {
            jdbc.update("insert into idempotency_key (tenant_id, idem_key, request_sha256, task_id, created_at) values (?, ?, ?, null, ?)",
                    tenantId, key, requestSha256, Timestamp.from(clock.instant()));
            return true;
        } catch (DataIntegrityViolationException taken) {
            return false;
        }
    }

    private Claim claimOf(long tenantId, String key) {
        List<Claim> claims = jdbc.query("select request_sha256, task_id from idempotency_key where tenant_id = ? and idem_key = ?",
                (row, n) -> new Claim(row.getString(1), row.getObject(2, Long.class)), tenantId, key);
        return claims.isEmpty() ? null : claims.get(0);
    }

    /** A key's row: what its request asked for (null when kept from before that was recorded) and, once started, its task. */
    private record Claim(String requestSha256, Long taskId) {

        boolean madeFor(String otherRequestSha256) {
            return requestSha256 == null || requestSha256.equals(otherRequestSha256);
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the first request with this Idempotency-Key.", e);
        }
    }
}
