package io.datastreamscaling.consumer.sink.postgres;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * Sorts database errors into the two that matter to the poll loop: the database will take the same
 * batch later (transient: retry), or these values will never fit (data: dead-letter the rows).
 *
 * <p>SQLState classes (PostgreSQL appendix A): {@code 08} connection exception, {@code 40001}
 * serialization failure, {@code 40P01} deadlock, {@code 53} insufficient resources, {@code 57P0x}
 * server shutting down or starting, {@code 57014} statement cancelled; {@code 22} data exception
 * (value out of range, invalid text), {@code 23} integrity constraint violation.
 */
public final class SqlErrors {
    private SqlErrors() {
    }

    public static boolean isDataError(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    /** {@code 23505}: a row's key is already in the table (for {@code orders}: an order id stored before). */
    public static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    public static boolean isTransient(SQLException e) {
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
            return true;
        }
        String state = e.getSQLState();
        if (state == null) {
            // No state: the driver lost the connection (I/O error) before the server could answer.
            return true;
        }
        return state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")
                || state.equals("40001") || state.equals("40P01") || state.equals("57014") || state.equals("55P03");
    }

    /** State and message on one line, for logs and exception messages. */
    public static String describe(SQLException e) {
        return "SQLState " + e.getSQLState() + ": " + e.getMessage();
    }
}
