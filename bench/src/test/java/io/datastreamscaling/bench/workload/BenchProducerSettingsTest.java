package io.datastreamscaling.bench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.datastreamscaling.producer.send.OrderSender;
import io.datastreamscaling.shared.config.Env;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BenchProducerSettingsTest {
    @Test
    void everyBenchProducerSettingIsTheProducerServiceDefault() {
        Properties service = OrderSender.properties(Env.of(Map.of()), Duration.ofSeconds(5));

        for (Map.Entry<String, String> setting : BenchProducerSettings.asProperties().entrySet()) {
            assertEquals(setting.getValue(), String.valueOf(service.get(setting.getKey())),
                    () -> setting.getKey() + ": ProducerPerformance would run with another value than our producer");
        }
    }

    @Test
    void atLingerZeroEverySideRunsTheLatencyProfileAndOtherwiseTheDefaults() {
        Map<String, String> latency = BenchProducerSettings.forLinger(0);
        assertEquals("0", latency.get("linger.ms"));
        assertEquals("none", latency.get("compression.type"));
        assertEquals(BenchProducerSettings.asProperties(), BenchProducerSettings.forLinger(BenchProducerSettings.LINGER_MS));
        assertEquals("lz4", BenchProducerSettings.forLinger(1).get("compression.type"));
        Map<String, String> rest = BenchProducerSettings.forLinger(0);
        rest.keySet().removeAll(List.of("linger.ms", "compression.type"));
        Map<String, String> defaults = BenchProducerSettings.asProperties();
        defaults.keySet().removeAll(List.of("linger.ms", "compression.type"));
        assertEquals(defaults, rest, "the latency profile changes the linger and the compression, nothing else");
        assertNotEquals(BenchProducerSettings.COMPRESSION, BenchProducerSettings.LATENCY_COMPRESSION);
    }
}
