package io.datastreamscaling.consumer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datastreamscaling.consumer.sink.postgres.DatabaseSettings;
import io.datastreamscaling.local.broker.testing.TestKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** What the consumer writes about its configuration at start-up shows no password, not even one inside DB_URL. */
@Isolated("replaces System.err, where every class's services log: alone, it reads only its own lines and restores the stream no other class holds")
class ConfigurationLogTest {
    private static final String SECRET = "s3cr3t-in-db-url";

    @Test
    void startUpLogsShowNoPasswordOfTheDatabaseUrl() throws Exception {
        String topic = TestKafka.uniqueName("orders");
        // Nothing listens on port 1: the sink waits for the database, the service still starts.
        Map<String, String> postgres = Map.of(ConsumerSettings.SINK, ConsumerSettings.SINK_POSTGRES,
                DatabaseSettings.DB_URL, "jdbc:postgresql://127.0.0.1:1/postgres?user=postgres&password=" + SECRET);
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
        try (ConsumerService consumer = ConsumerService.start(ConsumerTestEnv.of(topic, TestKafka.uniqueName("group"), postgres))) {
            assertTrue(consumer.httpPort() > 0);
        } finally {
            System.setErr(stderr);
        }
        String log = logged.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("consumer configuration") && log.contains("password=******"), "the configuration line, masked: " + log);
        assertFalse(log.contains(SECRET), "a log line shows the password: " + log);
    }
}
