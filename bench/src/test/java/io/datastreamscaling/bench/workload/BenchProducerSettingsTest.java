package io.datastreamscaling.bench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datastreamscaling.producer.send.OrderSender;
import io.datastreamscaling.shared.config.Env;
import java.time.Duration;
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
}
