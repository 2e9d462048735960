package io.lifeboat.automation;

import io.lifeboat.tenancy.CurrentTenant;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Idempotency keys of operation requests: a POST sent twice with the same {@code Idempotency-Key} (a retry after a lost
 * answer) starts one operation and answers both with its task. The key is claimed before the operation starts, so two
 * copies arriving at the same moment also start one; a failed start frees the key for the next try. Keys are per tenant.
 */
@Service
public class IdempotencyService {

    private static final Duration WAIT_FOR_FIRST = Duration.ofSeconds(30);

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
     * @throws IllegalArgumentException when the key is longer than 200 characters
     */
    public long startOnce(String key, LongSupplier start) {
        if (key == null || key.isBlank()) {
            return start.getAsLong();
        }
        if (key.length() > 200) {
            throw new IllegalArgumentException("An Idempotency-Key has at most 200 characters.");
        }
        long tenantId = currentTenant.get().requireTenantId();
        long deadline = System.nanoTime() + WAIT_FOR_FIRST.toNanos();
        while (true) {
            if (claim(tenantId, key)) {
                return startClaimed(tenantId, key, start);
            }
            Long taskId = taskOf(tenantId, key);
            if (taskId != null) {
                return taskId;
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

    private boolean claim(long tenantId, String key) {
        try {
            jdbc.update("insert into idempotency_key (tenant_id, idem_key, task_id, created_at) values (?, ?, null, ?)", tenantId, key,
                    Timestamp.from(clock.instant()));
            return true;
        } catch (DataIntegrityViolationException taken) {
            return false;
        }
    }

    private Long taskOf(long tenantId, String key) {
        List<Long> ids = jdbc.queryForList("select task_id from idempotency_key where tenant_id = ? and idem_key = ?", Long.class, tenantId, key);
        return ids.isEmpty() ? null : ids.get(0);
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
