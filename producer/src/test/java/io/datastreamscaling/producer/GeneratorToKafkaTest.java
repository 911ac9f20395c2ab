package io.datastreamscaling.producer;

import io.datastreamscaling.local.broker.testing.Await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datastreamscaling.local.broker.testing.TestKafka;
import io.datastreamscaling.shared.config.Env;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The generator at {@code PRODUCER_RATE=max}: every order it sends is acknowledged and on the topic. */
class GeneratorToKafkaTest {
    private static final int AT_LEAST = 20_000;

    @Test
    void everyOrderSentAtMaxRateIsAcknowledgedAndOnTheTopic() throws Exception {
        String topic = TestKafka.uniqueName("orders-gen");
        Env env = Env.of(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers(),
                "ORDERS_TOPIC", topic,
                "TOPIC_PARTITIONS", "3",
                "HTTP_PORT", "0",
                "PRODUCER_RATE", "max"));
        try (ProducerService service = ProducerService.start(env)) {
            Await.until(Duration.ofSeconds(60), () -> service.sent() >= AT_LEAST, () -> "sent " + service.sent());

            service.stopGenerating();
            long sent = service.sent();
            Await.until(Duration.ofSeconds(60), () -> service.acknowledged() + service.failed() == sent,
                    () -> "sent " + sent + ", acknowledged " + service.acknowledged() + ", failed " + service.failed());

            assertEquals(0, service.failed());
            assertEquals(sent, service.acknowledged());
            assertEquals(sent, recordsOn(topic, 3));
        }
    }

    @Test
    void generatorWithMaxOrdersStopsAfterExactlyThatManyAllAcknowledged() throws Exception {
        String topic = TestKafka.uniqueName("orders-gen-max");
        Env env = Env.of(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers(),
                "ORDERS_TOPIC", topic,
                "TOPIC_PARTITIONS", "3",
                "HTTP_PORT", "0",
                "PRODUCER_RATE", "max",
                "PRODUCER_MAX_ORDERS", "5000"));
        try (ProducerService service = ProducerService.start(env)) {
            Await.until(Duration.ofSeconds(60), () -> service.acknowledged() + service.failed() == 5_000,
                    () -> "acknowledged " + service.acknowledged() + ", failed " + service.failed());

            assertEquals(5_000, service.sent(), "no order beyond the limit");
            assertEquals(5_000, service.acknowledged());
            assertEquals(5_000, recordsOn(topic, 3));
        }
    }

    private static long recordsOn(String topic, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        try (Admin admin = TestKafka.admin()) {
            return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset()).sum();
        }
    }
}
