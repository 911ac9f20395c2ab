package io.datastreamscaling.producer.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.config.InvalidSettingException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

/** The producer's client settings: the guarantees are on by default, and operators can override anything. */
class OrderSenderPropertiesTest {

    @Test
    void idempotenceAndFullAcknowledgementAreOnByDefault() {
        Properties props = OrderSender.properties(Env.of(Map.of()), Duration.ofSeconds(5));

        assertEquals(true, props.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
        assertEquals("all", props.get(ProducerConfig.ACKS_CONFIG));
        assertEquals(5, props.get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION));
        assertEquals(5000L, props.get(ProducerConfig.MAX_BLOCK_MS_CONFIG));
        assertEquals("localhost:9092", props.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
    }

    @Test
    void passThroughVariableReachesTheClientAndWinsOverOurDefault() {
        Env env = Env.of(Map.of("KAFKA_PRODUCER_LINGER_MS", "50", "KAFKA_PRODUCER_COMPRESSION_TYPE", "zstd"));

        Properties props = OrderSender.properties(env, Duration.ofSeconds(5));

        assertEquals("50", props.get(ProducerConfig.LINGER_MS_CONFIG));
        assertEquals("zstd", props.get(ProducerConfig.COMPRESSION_TYPE_CONFIG));
    }

    @Test
    void unknownPassThroughVariableFailsNamingIt() {
        Env env = Env.of(Map.of("KAFKA_PRODUCER_FOO_BAR", "1"));

        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> OrderSender.properties(env, Duration.ofSeconds(5)));

        assertTrue(e.getMessage().startsWith("KAFKA_PRODUCER_FOO_BAR"), e.getMessage());
    }

    @Test
    void fencingAndAuthorizationAreFatalButATimeoutIsNot() {
        assertTrue(FatalProducerErrors.isFatal(new ProducerFencedException("fenced")));
        assertTrue(FatalProducerErrors.isFatal(new TopicAuthorizationException("denied")));
        assertTrue(FatalProducerErrors.isFatal(new AuthorizationException("denied")));
        assertEquals(false, FatalProducerErrors.isFatal(new TimeoutException("slow")));
    }
}
