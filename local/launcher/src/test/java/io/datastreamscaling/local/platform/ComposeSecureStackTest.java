package io.datastreamscaling.local.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secure variant in containers: {@code docker/compose.yaml} with {@code docker/compose.secure.yaml}
 * as a user runs it after {@code docker/secure/generate-certs.sh}, images swapped by the stand-in
 * overrides and nothing else. Every Kafka listener is SASL_SSL, so the services can only produce and
 * consume by logging in with their SCRAM users through the ACLs kafka-init granted: orders POSTed
 * (with the producer's bearer token) reach PostgreSQL and ClickHouse exactly once, each through its
 * consumer's own SCRAM user and group, and Kafka Streams writes its
 * outputs. From the host, a client without credentials (plaintext, or TLS with a wrong password) is
 * refused, and so is a {@code POST /orders} without the token.
 *
 * <p>The secret files are generated into {@code docker/secure/secrets} when that directory holds no
 * CA yet; the test never overwrites a developer's material.
 */
@Tag("stack")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeSecureStackTest {
    /** Every service of the secure stack that carries orders; Prometheus and the exporters are checked by ComposeStackTest. */
    static final List<String> STARTED = List.of("kafka-1", "kafka-2", "kafka-3", "kafka-init", "postgres", "clickhouse",
            "streams-state-init", "producer", "consumer", "analytics-consumer", "streams");
    static final Path SECRETS = StackFiles.ROOT.resolve("docker/secure/secrets");
    static final int POSTED = 200;
    /** Its own project beside ComposeStackTest's, which runs at the same time. */
    static final String PROJECT = ComposeStack.PROJECT + "-secure";
    /** Every host port moved off ComposeStackTest's by the compose files' port variables (docker/README.md). */
    static final Map<String, String> HOST_PORTS = Map.ofEntries(
            Map.entry("BROKER_1_PORT", "19192"), Map.entry("BROKER_2_PORT", "29192"), Map.entry("BROKER_3_PORT", "39192"),
            Map.entry("PRODUCER_PORT", "18181"), Map.entry("STREAMS_PORT", "18182"), Map.entry("CONSUMER_PORT", "18183"),
            Map.entry("ANALYTICS_CONSUMER_PORT", "18184"), Map.entry("KAFKA_UI_PORT", "18180"), Map.entry("GRAFANA_PORT", "13100"),
            Map.entry("POSTGRES_PORT", "15532"), Map.entry("PROMETHEUS_PORT", "19190"), Map.entry("CLICKHOUSE_PORT", "18223"));

    @TempDir
    static Path work;
    private static ComposeStack stack;
    private static StackOrders orders;

    @BeforeAll
    static void startTheSecureStack() throws Exception {
        ComposeStack.assertBrokerAgentPresent();
        generateSecretsUnlessPresent();
        stack = new ComposeStack(work, PROJECT, HOST_PORTS, "docker/compose.yaml", "docker/compose.secure.yaml",
                "docker/images/compose.standins.yaml", "docker/images/compose.standins.secure.yaml");
        System.out.println("[stack] docker/compose.yaml + docker/compose.secure.yaml with the stand-in images"
                + " (docker/images/compose.standins*.yaml: images swapped, nothing else), as project " + PROJECT
                + " on the host ports " + HOST_PORTS + "; started: " + STARTED);
        orders = new StackOrders(stack, login("broker", secret("broker.password")), Optional.of(secret("producer.token")));
        orders.alsoCheck(new StackClickHouse(stack.hostPort("CLICKHOUSE_PORT", 8123)));
        stack.startFresh(STARTED);
    }

    @AfterAll
    static void stopTheStack() {
        StackOrders.printFiguresThenClose("secure figures", orders, stack);
    }

    @Test
    @Order(1)
    void everyContainerBecomesHealthyAndKafkaInitSucceeds() {
        stack.awaitHealthy(STARTED);
    }

    @Test
    @Order(2)
    void ordersPostedWithTheTokenReachBothStoresExactlyOnceOverSaslSsl() {
        orders.post(POSTED);
        ComposeStack.until(ComposeStack.START_TIMEOUT,
                () -> orders.records("orders.enriched") > 0 && orders.records("revenue.per-user.1m") > 0,
                () -> "Kafka Streams, logged in as streams, writes orders.enriched and revenue.per-user.1m");
        orders.drainAndAssertExactlyOnce("secure variant");
    }

    @Test
    @Order(3)
    void aClientWithoutCredentialsIsRefused() {
        // Plaintext against a SASL_SSL listener: the TLS handshake never happens, no request is answered.
        Properties plaintext = new Properties();
        plaintext.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
        // No answer shows either as the client's own timeout (ExecutionException) or, on a loaded
        // machine, as ours (TimeoutException) running out first: both mean nothing was served.
        Exception noAnswer = assertThrows(Exception.class, () -> describeCluster(plaintext),
                "a plaintext client gets no answer from the brokers");
        assertTrue(noAnswer instanceof ExecutionException || noAnswer instanceof java.util.concurrent.TimeoutException,
                "a plaintext client gets no answer, not another failure: " + noAnswer);
        System.out.println("[stack] plaintext client: " + noAnswer);

        // TLS with the CA, a real user, a wrong password: SCRAM refuses the login.
        ExecutionException refused = assertThrows(ExecutionException.class, () -> describeCluster(login("producer", "not-the-password")),
                "a wrong SCRAM password is refused");
        assertInstanceOf(SaslAuthenticationException.class, refused.getCause(), "refused by authentication: " + refused.getCause());
        System.out.println("[stack] wrong password: " + refused.getCause());

        assertEquals(401, orders.postStatus(Optional.empty()), "POST /orders without the bearer token");
        assertEquals(401, orders.postStatus(Optional.of("Bearer not-the-token")), "POST /orders with a wrong token");
    }

    private static void describeCluster(Properties security) throws Exception {
        Properties config = new Properties();
        config.putAll(security);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        try (Admin admin = orders.admin(config)) {
            admin.describeCluster().clusterId().get(20, TimeUnit.SECONDS);
        }
    }

    /** SCRAM-SHA-512 over TLS from the host, trusting the generated CA (the brokers' certificate names localhost). */
    static Properties login(String user, String password) {
        Properties config = new Properties();
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        config.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
        config.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        config.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
        config.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, SECRETS.resolve("ca.pem").toString());
        return config;
    }

    private static String secret(String name) {
        try {
            return Files.readString(SECRETS.resolve(name), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What a user does first: {@code docker/secure/generate-certs.sh}. Material already there is kept,
     * but must be readable in the containers, which do not run as its owner (the script writes the
     * mounted files 444 inside a 700 directory).
     */
    private static void generateSecretsUnlessPresent() throws Exception {
        if (!Files.exists(SECRETS.resolve("ca.p12"))) {
            Process p = new ProcessBuilder("bash", StackFiles.ROOT.resolve("docker/secure/generate-certs.sh").toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0, "docker/secure/generate-certs.sh failed:\n" + out);
        }
        Set<String> unreadable = new TreeSet<>();
        Set<String> mounted = StackFiles.map(StackFiles.yaml(SecureComposeTest.OVERRIDE).get("secrets")).keySet();
        for (String name : mounted) {
            if (!Files.getPosixFilePermissions(SECRETS.resolve(name)).contains(PosixFilePermission.OTHERS_READ)) {
                unreadable.add(name);
            }
        }
        assertEquals(Set.of(), unreadable, "secrets the containers' users cannot read (material from an older generate-certs.sh:"
                + " chmod 444 them, or remove " + SECRETS + " to generate new material)");
    }
}
