package io.datastreamscaling.consumer;

import io.datastreamscaling.consumer.sink.OrderSink;
import io.datastreamscaling.consumer.sink.clickhouse.ClickHouseOrderSink;
import io.datastreamscaling.consumer.sink.clickhouse.ClickHouseSettings;
import io.datastreamscaling.consumer.sink.log.LogSink;
import io.datastreamscaling.consumer.sink.postgres.DatabaseSettings;
import io.datastreamscaling.consumer.sink.postgres.PostgresOrderSink;
import java.util.Optional;

/**
 * Builds the sink {@code SINK} names. Lives beside the service's wiring, not in {@code sink}: the sink
 * packages then depend on nothing of the service (no package cycle), and get plain values.
 */
public final class Sinks {
    public static final String LOG = "log";
    public static final String POSTGRES = "postgres";
    public static final String CLICKHOUSE = "clickhouse";

    private Sinks() {
    }

    /**
     * @param sink        {@link #LOG}, {@link #POSTGRES} or {@link #CLICKHOUSE}
     * @param database    required for {@link #POSTGRES}
     * @param clickHouse  required for {@link #CLICKHOUSE}
     * @param exactlyOnce for {@link #POSTGRES}: rows and offsets in one transaction
     */
    public static OrderSink create(String sink, Optional<DatabaseSettings> database, Optional<ClickHouseSettings> clickHouse,
                                   String consumerGroup, boolean exactlyOnce) {
        if (sink.equals(LOG)) {
            return new LogSink();
        }
        if (sink.equals(POSTGRES)) {
            return PostgresOrderSink.start(database.orElseThrow(() -> new IllegalArgumentException("the postgres sink needs database settings")),
                    consumerGroup, exactlyOnce);
        }
        if (sink.equals(CLICKHOUSE)) {
            return ClickHouseOrderSink.start(clickHouse.orElseThrow(() -> new IllegalArgumentException("the clickhouse sink needs its settings")));
        }
        throw new IllegalArgumentException("'" + sink + "' is not a sink");
    }
}
