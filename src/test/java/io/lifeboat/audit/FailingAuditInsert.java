package io.lifeboat.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.api.Trigger;

/**
 * An H2 trigger on {@code audit_entry} that refuses the rows whose target holds a marker a test armed, as many times as
 * it was told: a database that fails the audit append after the action itself committed. Rows of other tests pass.
 */
public class FailingAuditInsert implements Trigger {

    /** Marker in the row's target → how many more inserts of such rows fail. */
    static final Map<String, AtomicInteger> FAILURES = new ConcurrentHashMap<>();
    private static final int TARGET_COLUMN = 5;

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        String target = String.valueOf(newRow[TARGET_COLUMN]);
        for (Map.Entry<String, AtomicInteger> armed : FAILURES.entrySet()) {
            if (target.contains(armed.getKey()) && armed.getValue().getAndDecrement() > 0) {
                throw new SQLException("staged failure of the audit append");
            }
        }
    }
}
