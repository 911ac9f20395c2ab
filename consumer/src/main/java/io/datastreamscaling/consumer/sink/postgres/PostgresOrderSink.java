package io.datastreamscaling.consumer.sink.postgres;

import io.datastreamscaling.consumer.sink.ConsumedOrder;
import io.datastreamscaling.consumer.sink.FencedPartitionsException;
import io.datastreamscaling.consumer.sink.OrderBatch;
import io.datastreamscaling.consumer.sink.OrderSink;
import io.datastreamscaling.consumer.sink.RejectedOrdersException;
import io.datastreamscaling.consumer.sink.SinkUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orders into PostgreSQL, one transaction per poll batch: one {@code COPY} straight into {@code orders}
 * ({@link DirectOrderWriter}), or, for a batch holding an order id already stored, the staging path
 * that skips it ({@link StagedOrderWriter}). Either way each order id is stored at most once.
 *
 * <ul>
 *   <li><b>exactly-once</b>: the batch's rows and the next offset of each of its partitions
 *       ({@link OffsetStore}, compare-and-set) commit together, and on assignment the loop starts each
 *       partition at the stored offset. A crash before the commit leaves neither rows nor offsets; a
 *       crash after it leaves both, and the next owner starts after them. Kafka's own committed offsets
 *       are updated afterwards for lag tooling only.</li>
 *   <li><b>at-least-once</b>: rows only; the loop commits to Kafka after the database commit, so a
 *       crash in between re-delivers the batch; its COPY then hits the stored ids, and the staging path's
 *       {@code ON CONFLICT (order_id) DO NOTHING} makes the re-delivery write nothing.</li>
 * </ul>
 *
 * <p>Used from the poll-loop thread only; one connection, re-opened after it breaks.
 */
public final class PostgresOrderSink implements OrderSink {
    private static final Logger log = LoggerFactory.getLogger(PostgresOrderSink.class);

    private final ConnectionFactory connections;
    private final boolean exactlyOnce;
    private final OffsetStore offsets;
    /** What this consumer believes kafka_offsets holds for its partitions (null: no row). */
    private final Map<TopicPartition, Long> expected = new HashMap<>();
    private Connection connection;
    private boolean migrated;
    private long stagedBatches;

    private PostgresOrderSink(ConnectionFactory connections, String consumerGroup, boolean exactlyOnce) {
        this.connections = connections;
        this.exactlyOnce = exactlyOnce;
        this.offsets = new OffsetStore(consumerGroup);
    }

    /**
     * Connects and brings the schema up to date. A database that is down now is not an error (the
     * consumer waits for it, not ready); one that refuses us for good (wrong password, no such
     * database, broken migration) stops start-up.
     */
    public static PostgresOrderSink start(DatabaseSettings settings, String consumerGroup, boolean exactlyOnce) {
        PostgresOrderSink sink = new PostgresOrderSink(new ConnectionFactory(settings), consumerGroup, exactlyOnce);
        try {
            sink.connection();
        } catch (SinkUnavailableException e) {
            log.warn("database not reachable at start ({}); consuming starts when it is", e.getMessage());
        }
        return sink;
    }

    @Override
    public int write(OrderBatch batch) throws SinkUnavailableException, RejectedOrdersException, FencedPartitionsException {
        Connection c = connection();
        try {
            int rows;
            try {
                rows = writeInTransaction(c, batch, DirectOrderWriter::write);
            } catch (SQLException e) {
                if (!SqlErrors.isUniqueViolation(e)) {
                    throw e;
                }
                // An order id of this batch is stored already (or is in it twice): COPY cannot skip it.
                // Nothing of the attempt stays (offsets included); the same batch again, through the
                // path that skips stored ids, keeps one row per order id and the offsets with the rows.
                c.rollback();
                stagedBatches++;
                log.info("a batch of {} orders holds an order id already stored ({}); written through the staging table"
                        + " ({} such batches so far)", batch.orders().size(), SqlErrors.describe(e).replaceAll("\\s*\\R\\s*", " "), stagedBatches);
                rows = writeInTransaction(c, batch, StagedOrderWriter::write);
            }
            c.commit();
            if (exactlyOnce) {
                batch.nextOffsets().forEach((tp, next) -> expected.put(tp, next.offset()));
            }
            return rows;
        } catch (SQLException e) {
            rollbackQuietly(c);
            if (SqlErrors.isDataError(e)) {
                throw rejected(c, batch, e);
            }
            throw unavailable("batch not written", e);
        }
    }

    /** How a batch's rows reach {@code orders} inside the open transaction; returns the rows newly written. */
    @FunctionalInterface
    private interface RowWriter {
        int write(Connection connection, List<ConsumedOrder> orders) throws SQLException;
    }

    /** The offsets (exactly-once) and the rows in the open transaction, not yet committed. */
    private int writeInTransaction(Connection c, OrderBatch batch, RowWriter rows) throws SQLException, FencedPartitionsException {
        if (exactlyOnce) {
            // Offsets first: the row locks make a concurrent writer of the same partition wait here.
            Set<TopicPartition> fenced = offsets.compareAndSet(c, batch.nextOffsets(), expected);
            if (!fenced.isEmpty()) {
                c.rollback();
                throw new FencedPartitionsException(refreshExpected(c, fenced));
            }
        }
        return rows.write(c, batch.orders());
    }

    /**
     * Batches written through the staging table because an order id in them was stored already; also
     * logged, one line each. Rare by design (see {@link DirectOrderWriter}): a rising count means
     * upstream sends order ids twice.
     */
    public long stagedBatches() {
        return stagedBatches;
    }

    private RejectedOrdersException rejected(Connection c, OrderBatch batch, SQLException cause) throws SinkUnavailableException {
        Map<ConsumedOrder, Exception> rejected;
        try {
            rejected = RejectedRowFinder.find(c, batch.orders());
        } catch (SQLException e) {
            throw unavailable("batch not written", e);
        }
        if (rejected.isEmpty()) {
            // No single row fails on its own: not bad data after all; retry the batch later.
            throw unavailable("batch failed, yet every row is accepted alone", cause);
        }
        return new RejectedOrdersException(rejected);
    }

    private Map<TopicPartition, Long> refreshExpected(Connection c, Set<TopicPartition> fenced) throws SQLException {
        Map<TopicPartition, Long> stored = offsets.read(c, fenced);
        c.commit();
        fenced.forEach(tp -> expected.put(tp, stored.get(tp)));
        return stored;
    }

    @Override
    public Map<TopicPartition, Long> storedOffsets(Collection<TopicPartition> partitions) throws SinkUnavailableException {
        if (!exactlyOnce) {
            return Map.of();
        }
        Connection c = connection();
        try {
            Map<TopicPartition, Long> stored = offsets.read(c, partitions);
            c.commit();
            partitions.forEach(tp -> expected.put(tp, stored.get(tp)));
            return stored;
        } catch (SQLException e) {
            rollbackQuietly(c);
            throw unavailable("stored offsets not read", e);
        }
    }

    @Override
    public void release(Collection<TopicPartition> partitions) {
        partitions.forEach(expected::remove);
    }

    @Override
    public void checkAvailable() throws SinkUnavailableException {
        Connection c = connection();
        try {
            if (!c.isValid(5)) {
                throw unavailable("connection not valid", new SQLException("isValid returned false", "08006"));
            }
        } catch (SQLException e) {
            throw unavailable("connection check failed", e);
        }
    }

    /** The open connection, opening (and on first use migrating) one if needed. */
    private Connection connection() throws SinkUnavailableException {
        if (connection != null) {
            return connection;
        }
        try {
            Connection c = connections.open();
            try {
                if (!migrated) {
                    SchemaMigrator.migrate(c);
                    migrated = true;
                }
                c.setAutoCommit(false);
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
            connection = c;
            return c;
        } catch (SQLException raw) {
            // The driver may quote DB_URL (e.g. "No suitable driver found for <url>"), password and all.
            SQLException e = withoutUrlSecrets(raw);
            if (!SqlErrors.isTransient(e)) {
                throw new IllegalStateException("database " + connections.settings().maskedUrl() + " refused the consumer: "
                        + SqlErrors.describe(e), e);
            }
            throw new SinkUnavailableException("cannot connect to " + connections.settings().maskedUrl() + ": " + SqlErrors.describe(e), e);
        }
    }

    /** {@code e} itself, or a copy without its cause chain if its message carries a password of a URL. */
    private static SQLException withoutUrlSecrets(SQLException e) {
        String message = String.valueOf(e.getMessage());
        String masked = DatabaseSettings.mask(message);
        return masked.equals(message) ? e : new SQLException(masked, e.getSQLState(), e.getErrorCode());
    }

    private SinkUnavailableException unavailable(String what, SQLException e) {
        if (SqlErrors.isTransient(e)) {
            closeConnection();
        } else {
            log.error("{}: {} (not a transient error; retrying until someone fixes the database)", what, SqlErrors.describe(e));
        }
        return new SinkUnavailableException(what + ": " + SqlErrors.describe(e), e);
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken: nothing was committed, and it is replaced on the next use
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing a broken connection
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        closeConnection();
    }
}
