package io.lifeboat.shared;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * Recognises the portal's database being unreachable (stopped, restarting, network gone) in any exception, whatever
 * layer wrapped it (the pool, Hibernate, Spring's transaction manager), and says so to users. Such a failure is not the
 * operation's fault: the shell and the API show {@link #MESSAGE}, and operations wait for the database and carry on
 * rather than record a failure they could not store anyway.
 */
public final class DatabaseOutage {

    /** What a user reads while the database is away. */
    public static final String MESSAGE = "The portal cannot reach its database at the moment, so nothing was read or changed. "
            + "Try again in a minute; operations already started carry on when the database is back.";

    private DatabaseOutage() {
    }

    /** True when {@code error} or one of its causes says the database connection is missing or was lost. */
    public static boolean isCauseOf(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            // SQLSTATE class 08: connection exception; 57P01-57P03: the server is shutting down or starting up.
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
            // HikariCP's stand-in for a connection it evicted as broken; a rollback on it hides the original error.
            if (t instanceof SQLException sql && "Connection is closed".equals(sql.getMessage())) {
                return true;
            }
        }
        return false;
    }
}
