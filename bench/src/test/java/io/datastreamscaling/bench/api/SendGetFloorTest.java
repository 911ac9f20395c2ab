package io.datastreamscaling.bench.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The floor's result lines as {@link SendGetFloorMain} prints them, among the producer's own log lines. */
class SendGetFloorTest {
    @Test
    void readsTheSerialPercentilesTheConcurrentRateAndEveryAcknowledgement() {
        SendGetFloor.Result r = SendGetFloor.parse(List.of(
                "[main] INFO org.apache.kafka.clients.producer.KafkaProducer - [Producer clientId=producer-1] Instance created",
                "floor-serial 2000 6.100000 5.875000 14.502000 37.516000",
                "floor-concurrent 25186 5000000000",
                "floor-acknowledged 27386"));

        assertEquals(5.875, r.serial().latency().p50Ms(), 1e-9);
        assertEquals(14.502, r.serial().latency().p99Ms(), 1e-9);
        assertEquals(1000 / 6.1, r.serial().recordsPerSec(), 1e-9, "one caller: the inverse of the average");
        assertEquals(25186, r.concurrent().records());
        assertEquals(25186 / 5.0, r.concurrent().recordsPerSec(), 1e-9);
        assertEquals(27386, r.acknowledged());
    }

    @Test
    void aRunWithoutItsResultLinesFailsWithItsOutput() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SendGetFloor.parse(List.of("floor-serial 10 1 1 1 1", "org.apache.kafka.common.errors.TimeoutException")));
        assertEquals(true, e.getMessage().contains("TimeoutException"), e.getMessage());
    }
}
