package io.datastreamscaling.shared.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvTest {

    @Test
    void defaultsApplyWhenAVariableIsUnset() {
        Env env = Env.of(Map.of());

        assertEquals(8081, env.integer("HTTP_PORT", 8081, 0, 65535));
        assertEquals("localhost:9092", KafkaSettings.bootstrapServers(env));
    }

    @Test
    void aBadNumberNamesTheVariable() {
        Env env = Env.of(Map.of("HTTP_PORT", "eighty"));

        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> env.integer("HTTP_PORT", 8081, 0, 65535));

        assertEquals("HTTP_PORT", e.variable());
        assertTrue(e.getMessage().startsWith("HTTP_PORT: "), e.getMessage());
    }

    @Test
    void aValueOutOfRangeNamesTheVariableAndTheRange() {
        Env env = Env.of(Map.of("HTTP_PORT", "70000"));

        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> env.integer("HTTP_PORT", 8081, 0, 65535));

        assertEquals("HTTP_PORT: 70000 is outside 0..65535", e.getMessage());
    }

    @Test
    void aChoiceOutsideTheAllowedWordsListsThem() {
        Env env = Env.of(Map.of("SINK", "mongo"));

        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> env.choice("SINK", "log", Set.of("log", "postgres")));

        assertEquals("SINK: 'mongo' is not one of log, postgres", e.getMessage());
    }

    @Test
    void malformedBootstrapServersAreRejected() {
        Env env = Env.of(Map.of(KafkaSettings.BOOTSTRAP_SERVERS, "localhost"));

        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> KafkaSettings.bootstrapServers(env));

        assertEquals(KafkaSettings.BOOTSTRAP_SERVERS, e.variable());
    }

    @Test
    void passThroughVariablesBecomeClientPropertiesAndWinOverDefaults() {
        Env env = Env.of(Map.of("KAFKA_CONSUMER_MAX_POLL_RECORDS", "1000", "KAFKA_PRODUCER_LINGER_MS", "7"));

        Properties consumer = KafkaSettings.clientProperties(env, KafkaSettings.Client.CONSUMER, Map.of("max.poll.records", 500));

        assertEquals("1000", consumer.get("max.poll.records"));
        assertFalse(consumer.containsKey("linger.ms"), "a producer setting must not leak into the consumer");
    }

    @Test
    void configProvidersPassThroughSoSecretsCanComeFromFiles() {
        Env env = Env.of(Map.of("KAFKA_CONSUMER_CONFIG_PROVIDERS", "file",
                "KAFKA_CONSUMER_CONFIG_PROVIDERS_FILE_CLASS", "org.apache.kafka.common.config.provider.FileConfigProvider"));

        Map<String, String> props = KafkaSettings.passThrough(env, KafkaSettings.Client.CONSUMER);

        assertEquals("file", props.get("config.providers"));
        assertEquals("org.apache.kafka.common.config.provider.FileConfigProvider", props.get("config.providers.file.class"));
    }

    @Test
    void anUnknownPassThroughPropertyNamesTheVariable() {
        Env env = Env.of(Map.of("KAFKA_PRODUCER_LINGER_MSS", "7"));

        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> KafkaSettings.passThrough(env, KafkaSettings.Client.PRODUCER));

        assertEquals("KAFKA_PRODUCER_LINGER_MSS", e.variable());
    }

    @Test
    void secretsAreMaskedInTheEffectiveConfiguration(@TempDir Path dir) throws Exception {
        Path passwordFile = dir.resolve("db-password");
        Files.writeString(passwordFile, "s3cret\n");
        Env env = Env.of(Map.of("DB_PASSWORD_FILE", passwordFile.toString(),
                "KAFKA_CONSUMER_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required password=\"x\";",
                "DB_USER", "app"));

        assertEquals("s3cret", env.secret("DB_PASSWORD").orElseThrow());
        env.string("DB_USER", "postgres");
        KafkaSettings.passThrough(env, KafkaSettings.Client.CONSUMER);
        Map<String, String> effective = env.effectiveConfig();

        assertEquals(Secrets.MASK, effective.get("DB_PASSWORD"));
        assertEquals(Secrets.MASK, effective.get("KAFKA_CONSUMER_SASL_JAAS_CONFIG"));
        assertEquals("app", effective.get("DB_USER"));
        assertFalse(effective.toString().contains("s3cret"));
    }

    @Test
    void maskedClientPropertiesHideJaasConfigAndPasswords() {
        Properties props = new Properties();
        props.put("sasl.jaas.config", "... password=\"x\";");
        props.put("ssl.truststore.password", "changeit");
        props.put("linger.ms", "5");

        Map<String, String> masked = KafkaSettings.masked(props);

        assertEquals(Secrets.MASK, masked.get("sasl.jaas.config"));
        assertEquals(Secrets.MASK, masked.get("ssl.truststore.password"));
        assertEquals("5", masked.get("linger.ms"));
    }
}
