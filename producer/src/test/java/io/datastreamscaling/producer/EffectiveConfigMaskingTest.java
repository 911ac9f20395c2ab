package io.datastreamscaling.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datastreamscaling.producer.send.OrderSender;
import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.config.InvalidSettingException;
import io.datastreamscaling.shared.config.KafkaSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the producer logs at start ({@code env.effectiveConfig()} and the masked client properties) never shows a secret. */
class EffectiveConfigMaskingTest {
    private static final List<String> SECRETS = List.of("api-token-7d1e", "scram-password-91ab", "truststore-pw-33", "key-pw-42");

    @Test
    void theLoggedConfigurationHoldsNoSecret(@TempDir Path dir) throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), "api-token-7d1e\n");
        Env env = Env.of(Map.of(
                "PRODUCER_API_TOKEN_FILE", tokenFile.toString(),
                "KAFKA_PRODUCER_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_PRODUCER_SASL_MECHANISM", "SCRAM-SHA-512",
                "KAFKA_PRODUCER_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"producer\" password=\"scram-password-91ab\";",
                "KAFKA_PRODUCER_SSL_TRUSTSTORE_PASSWORD", "truststore-pw-33",
                "KAFKA_PRODUCER_SSL_KEY_PASSWORD", "key-pw-42"));

        ProducerSettings settings = ProducerSettings.from(env);
        Properties producer = OrderSender.properties(env, settings.sendTimeout());
        String logged = env.effectiveConfig() + " " + KafkaSettings.masked(producer);

        assertEquals("api-token-7d1e", settings.apiToken().orElseThrow(), "the token file is read, stripped");
        for (String secret : SECRETS) {
            assertFalse(logged.contains(secret), () -> "'" + secret + "' logged in: " + logged);
        }
    }

    @Test
    void anEmptyTokenFileIsABadSettingNotAnOpenDoor(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("token"), "\n");

        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> ProducerSettings.from(Env.of(Map.of("PRODUCER_API_TOKEN_FILE", empty.toString()))));

        assertEquals("PRODUCER_API_TOKEN", e.variable());
    }
}
