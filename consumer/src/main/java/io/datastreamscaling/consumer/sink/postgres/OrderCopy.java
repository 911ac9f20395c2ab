package io.datastreamscaling.consumer.sink.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/** One {@code COPY … FROM STDIN} of ready-made rows ({@link OrderCopyText}) inside the caller's transaction. */
final class OrderCopy {
    private OrderCopy() {
    }

    /** Streams {@code rows} in one round trip; returns the rows the server took. */
    static long copyIn(Connection connection, String copySql, byte[] rows) throws SQLException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
        try {
            copy.writeToCopy(rows, 0, rows.length);
            return copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }
}
