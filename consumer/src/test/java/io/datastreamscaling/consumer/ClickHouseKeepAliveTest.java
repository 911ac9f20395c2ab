package io.datastreamscaling.consumer;

import static io.datastreamscaling.local.broker.testing.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datastreamscaling.consumer.sink.ConsumedOrder;
import io.datastreamscaling.consumer.sink.OrderBatch;
import io.datastreamscaling.consumer.sink.SinkUnavailableException;
import io.datastreamscaling.consumer.sink.clickhouse.ClickHouseOrderSink;
import io.datastreamscaling.consumer.sink.clickhouse.ClickHouseSettings;
import io.datastreamscaling.consumer.testing.StaleConnectionProxy;
import io.datastreamscaling.consumer.testing.TestClickHouse;
import io.datastreamscaling.local.broker.testing.TestKafka;
import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.order.Order;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The ClickHouse sink after an idle gap, against a real server: the server closes the idle pooled
 * connection after its {@code keep_alive_timeout}, and {@link StaleConnectionProxy} makes the next
 * block go out on it every time, where without the proxy only a request sent in the instant of the
 * close does.
 */
class ClickHouseKeepAliveTest {
    /** Bounds the server's {@code keep_alive_timeout}: 3 s on 18.16, 10 s on current servers. */
    private static final Duration IDLE_CLOSE = Duration.ofSeconds(60);

    @Test
    void aBlockSentOnAConnectionTheServerClosedWhileIdleIsSentAgainOnANewOneAndBothBlocksAreStored() throws Exception {
        String topic = TestKafka.uniqueName("orders");
        try (TestClickHouse ch = TestClickHouse.create("clickhouse_keepalive_test");
             StaleConnectionProxy proxy = new StaleConnectionProxy(ch.host(), ch.port());
             ClickHouseOrderSink sink = ClickHouseOrderSink.start(ClickHouseSettings.from(Env.of(ch.envVia(proxy.hostAndPort()))))) {
            firstBlockThenIdleUntilTheServerCloses(sink, proxy, topic);

            sink.write(batch(topic, 100, 100));

            assertEquals(200, ch.rawRows(topic), "both blocks stored");
            assertEquals(2, proxy.connections(), "the second block sent again on one new connection");
        }
    }

    @Test
    void whenTheNewConnectionFailsTooTheWriteIsSinkUnavailableAsInAnyOutage() throws Exception {
        String topic = TestKafka.uniqueName("orders");
        try (TestClickHouse ch = TestClickHouse.create("clickhouse_keepalive_test");
             StaleConnectionProxy proxy = new StaleConnectionProxy(ch.host(), ch.port());
             ClickHouseOrderSink sink = ClickHouseOrderSink.start(ClickHouseSettings.from(Env.of(ch.envVia(proxy.hostAndPort()))))) {
            firstBlockThenIdleUntilTheServerCloses(sink, proxy, topic);
            proxy.refuseNew();

            assertThrows(SinkUnavailableException.class, () -> sink.write(batch(topic, 100, 100)));

            assertEquals(2, proxy.connections(), "sent again once, not more");
            assertEquals(100, ch.rawRows(topic), "the first block only");
        }
    }

    /** Stores a first block of 100 orders, then waits until the server has closed the pooled connection it used. */
    private static void firstBlockThenIdleUntilTheServerCloses(ClickHouseOrderSink sink, StaleConnectionProxy proxy, String topic)
            throws Exception {
        sink.write(batch(topic, 0, 100));
        until(IDLE_CLOSE, () -> proxy.closedByServer() == 1, () -> "the server closed the idle connection");
    }

    /** {@code count} orders of partition 0 from offset {@code from}: one block. */
    private static OrderBatch batch(String topic, long from, int count) {
        List<ConsumedOrder> orders = new ArrayList<>();
        for (long offset = from; offset < from + count; offset++) {
            Order order = new Order(UUID.randomUUID(), "user-" + offset % 7, new BigDecimal("12.50"), "EUR", Instant.now());
            orders.add(new ConsumedOrder(order, new ConsumerRecord<>(topic, 0, offset, new byte[0], new byte[0])));
        }
        return new OrderBatch(orders, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(from + count)));
    }
}
