package io.datastreamscaling.local.platform;

import static io.datastreamscaling.local.platform.StackFiles.composeService;
import static io.datastreamscaling.local.platform.StackFiles.list;
import static io.datastreamscaling.local.platform.StackFiles.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What Compose hands the services beyond plain settings: the database password as a mounted secret
 * file, and the Kafka Streams state directory on a volume the non-root service user can write.
 */
class ComposeSecretsAndStateTest {
    static final String DB_SECRET = "db_password";
    static final String CLICKHOUSE_SECRET = "clickhouse_password";
    static final String SECRETS_DIR = "/run/secrets/";

    @Test
    void postgresAndTheConsumerReadTheDatabasePasswordFromOneSecretFile() {
        Map<String, Object> consumer = map(composeService("consumer").get("environment"));
        Map<String, Object> postgres = map(composeService("postgres").get("environment"));

        assertFalse(consumer.containsKey("DB_PASSWORD"), "no password in the consumer's environment");
        assertEquals(SECRETS_DIR + DB_SECRET, consumer.get("DB_PASSWORD_FILE"));
        assertEquals(SECRETS_DIR + DB_SECRET, postgres.get("POSTGRES_PASSWORD_FILE"));
        assertTrue(list(composeService("consumer").get("secrets")).contains(DB_SECRET));
        assertTrue(list(composeService("postgres").get("secrets")).contains(DB_SECRET));
    }

    @Test
    void clickHouseAndTheAnalyticsConsumerReadTheClickHousePasswordFromOneSecretFile() {
        Map<String, Object> analytics = map(composeService("analytics-consumer").get("environment"));
        Map<String, Object> clickhouse = map(composeService("clickhouse").get("environment"));

        assertFalse(analytics.containsKey("CLICKHOUSE_PASSWORD"), "no password in the analytics consumer's environment");
        assertFalse(clickhouse.containsKey("CLICKHOUSE_PASSWORD"), "no password in ClickHouse's environment");
        assertEquals(SECRETS_DIR + CLICKHOUSE_SECRET, analytics.get("CLICKHOUSE_PASSWORD_FILE"));
        assertEquals(SECRETS_DIR + CLICKHOUSE_SECRET, clickhouse.get("CLICKHOUSE_PASSWORD_FILE"));
        assertEquals(clickhouse.get("CLICKHOUSE_USER"), analytics.get("CLICKHOUSE_USER"), "the user the image creates");
        assertTrue(list(composeService("analytics-consumer").get("secrets")).contains(CLICKHOUSE_SECRET));
        assertTrue(list(composeService("clickhouse").get("secrets")).contains(CLICKHOUSE_SECRET));
    }

    @Test
    void theDevelopmentSecretFilesExist() {
        for (String secret : List.of(DB_SECRET, CLICKHOUSE_SECRET)) {
            String file = map(map(StackFiles.yaml("docker/compose.yaml").get("secrets")).get(secret)).get("file").toString();
            String defaultPath = file.replaceFirst("^\\$\\{[A-Z_]+:-(.*)}$", "$1");

            assertTrue(StackFiles.exists("docker/" + defaultPath), "docker/" + defaultPath + " (the default of " + file + ")");
        }
    }

    @Test
    void theStreamsStateDirectoryIsAVolumeHandedToTheImageUser() {
        Map<String, Object> streams = composeService("streams");
        String stateDir = map(streams.get("environment")).get("STREAMS_STATE_DIR").toString();
        String volume = list(streams.get("volumes")).stream().map(Object::toString)
                .filter(v -> v.endsWith(":" + stateDir)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume mounted at STREAMS_STATE_DIR " + stateDir));
        Map<String, Object> init = composeService("streams-state-init");
        String imageUser = StackFiles.xpath(StackFiles.xml("pom.xml"),
                "//pluginManagement/plugins/plugin[artifactId='jib-maven-plugin']/configuration/container/user");

        assertTrue(map(StackFiles.yaml("docker/compose.yaml").get("volumes")).containsKey(volume.split(":")[0]), "a named volume");
        assertTrue(list(init.get("volumes")).contains(volume), "the init container mounts the same volume");
        assertEquals(List.of("chown", imageUser, stateDir), list(init.get("command")), "owned by the image's user");
        assertEquals("service_completed_successfully",
                map(map(streams.get("depends_on")).get("streams-state-init")).get("condition"));
        assertEquals("orders-streams", map(streams.get("environment")).get("STREAMS_APPLICATION_ID"));
    }
}
