package io.datastreamscaling.local.broker.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datastreamscaling.local.broker.BrokerLogging;
import io.datastreamscaling.local.broker.EmbeddedKafkaBroker;
import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.config.KafkaSettings;
import io.datastreamscaling.shared.config.KafkaSettings.Client;
import io.datastreamscaling.shared.kafka.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The secure broker as the services meet it: SASL/SCRAM-SHA-512 over TLS, the standard authorizer
 * and {@link ServiceAcls}. Every client here is configured only by what the pass-through variables
 * ({@code KAFKA_PRODUCER_*}, ...) would give a service, read through {@link KafkaSettings} as the
 * services read them. One broker for the class.
 */
class SecureBrokerTest {
    /** An authorization or authentication error must surface at once, not after retries. */
    private static final Duration FAIL_FAST = Duration.ofSeconds(10);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String CONSUMER_GROUP = "orders-consumer";
    private static final String STREAMS_APPLICATION_ID = "orders-streams";

    private static final ScramUser BROKER = user("broker");
    private static final ScramUser PRODUCER = user("producer");
    private static final ScramUser CONSUMER = user("consumer");
    private static final ScramUser STREAMS = user("streams");
    private static final ScramUser KAFKA_UI = user("kafka-ui");

    private static Path tlsDir;
    private static SaslSslSecurity security;
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startSecureBroker() throws Exception {
        BrokerLogging.quietUnlessConfigured();
        tlsDir = Files.createTempDirectory("secure-broker-tls-");
        TlsMaterial tls = TlsMaterial.generate(tlsDir, UUID.randomUUID().toString(), List.of("localhost", "127.0.0.1"));
        security = new SaslSslSecurity(tls, BROKER, List.of(PRODUCER, CONSUMER, STREAMS, KAFKA_UI));
        broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.temporary().withSecurity(security));
        // The administrator creates the topics, so that no service needs CREATE (see ServiceAcls).
        try (Admin admin = Admin.create(withBootstrap(security.superUserClientProperties()))) {
            admin.createTopics(Topics.ALL.stream().map(t -> new NewTopic(t, 1, (short) 1)).toList())
                    .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            List<org.apache.kafka.common.acl.AclBinding> acls = new java.util.ArrayList<>();
            acls.addAll(ServiceAcls.producer(PRODUCER.principal(), Topics.ORDERS));
            acls.addAll(ServiceAcls.consumer(CONSUMER.principal(), Topics.ORDERS, Topics.ORDERS_DLQ, CONSUMER_GROUP));
            acls.addAll(ServiceAcls.streams(STREAMS.principal(), STREAMS_APPLICATION_ID, Topics.ORDERS,
                    List.of(Topics.ORDERS_ENRICHED, Topics.ORDERS_HIGH_VALUE, Topics.REVENUE_PER_USER_1M), Topics.ORDERS_DLQ));
            acls.addAll(ServiceAcls.kafkaUi(KAFKA_UI.principal()));
            ServiceAcls.apply(admin, acls, TIMEOUT);
        }
    }

    @AfterAll
    static void stopSecureBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
        try (var files = Files.walk(tlsDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void producerWritesOrdersIdempotentlyWithItsOwnCredentials() throws Exception {
        try (KafkaProducer<String, String> producer = producer(PRODUCER)) {
            RecordMetadata sent = producer.send(new ProducerRecord<>(Topics.ORDERS, "user-1", "{}"))
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

            assertTrue(sent.offset() >= 0, "acknowledged with an offset, was " + sent);
        }
    }

    @Test
    void consumerReadsOrdersInItsGroupAndWritesTheDeadLetterTopic() throws Exception {
        String key = "user-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = producer(PRODUCER)) {
            producer.send(new ProducerRecord<>(Topics.ORDERS, key, "{}")).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }

        try (KafkaConsumer<String, String> consumer = consumer(CONSUMER, CONSUMER_GROUP);
             KafkaProducer<String, String> deadLetters = producer(CONSUMER)) {
            consumer.subscribe(Set.of(Topics.ORDERS));
            ConsumerRecord<String, String> read = pollUntilKey(consumer, key);
            consumer.commitSync();
            RecordMetadata deadLettered = deadLetters.send(new ProducerRecord<>(Topics.ORDERS_DLQ, read.key(), read.value()))
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

            assertEquals(Topics.ORDERS_DLQ, deadLettered.topic());
        }
    }

    @Test
    void producerCredentialsCannotReadOrdersAndFailFast() {
        try (KafkaConsumer<String, String> consumer = consumer(PRODUCER, CONSUMER_GROUP)) {
            consumer.subscribe(Set.of(Topics.ORDERS));

            Throwable failure = failsFast(() -> {
                while (true) {
                    consumer.poll(Duration.ofMillis(200));
                }
            });

            assertInstanceOf(AuthorizationException.class, failure, "a group or topic authorization error");
        }
    }

    @Test
    void producerCredentialsCannotWriteTheDeadLetterTopicAndFailFast() {
        try (KafkaProducer<String, String> producer = producer(PRODUCER)) {
            Throwable failure = failsFast(() -> producer.send(new ProducerRecord<>(Topics.ORDERS_DLQ, "k", "v"))
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));

            assertInstanceOf(TopicAuthorizationException.class, failure);
        }
    }

    @Test
    void wrongPasswordFailsFastWithSaslAuthenticationException() {
        ScramUser impostor = new ScramUser(PRODUCER.name(), "not-the-password");
        try (Admin admin = Admin.create(clientProperties(Client.ADMIN, impostor, Map.of()))) {
            Throwable failure = failsFast(() -> admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));

            assertInstanceOf(SaslAuthenticationException.class, failure);
        }
    }

    @Test
    void streamsCredentialsRunTransactionsUnderTheApplicationIdPrefix() throws Exception {
        Map<String, Object> exactlyOnce = Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, STREAMS_APPLICATION_ID + "-" + UUID.randomUUID() + "-0");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                clientProperties(Client.PRODUCER, STREAMS, exactlyOnce), new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(Topics.ORDERS_ENRICHED, "user-1", "{}"));

            producer.commitTransaction();
        }
    }

    @Test
    void streamsCredentialsCreateInternalTopicsOnlyUnderTheApplicationIdPrefix() throws Exception {
        try (Admin admin = Admin.create(clientProperties(Client.ADMIN, STREAMS, Map.of()))) {
            admin.createTopics(List.of(new NewTopic(STREAMS_APPLICATION_ID + "-store-changelog", 1, (short) 1)))
                    .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

            Throwable failure = failsFast(() -> admin.createTopics(List.of(new NewTopic("not-streams-owned", 1, (short) 1)))
                    .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            assertInstanceOf(TopicAuthorizationException.class, failure);
        }
    }

    @Test
    void kafkaUiCredentialsDescribeTopicsButCannotWrite() throws Exception {
        try (Admin admin = Admin.create(clientProperties(Client.ADMIN, KAFKA_UI, Map.of()));
             KafkaProducer<String, String> producer = producer(KAFKA_UI)) {
            Set<String> visible = admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertTrue(visible.containsAll(Topics.ALL), "Kafka UI sees every topic, saw " + visible);

            Throwable failure = failsFast(() -> producer.send(new ProducerRecord<>(Topics.ORDERS, "k", "v"))
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            // Refused before any topic is checked: a principal that may WRITE no topic at all gets no
            // producer id for idempotence (the other side of KIP-679).
            assertInstanceOf(ClusterAuthorizationException.class, failure);
        }
    }

    // --- clients configured the way a service configures them -------------------------------------

    /**
     * What {@link KafkaSettings#clientProperties} gives a service whose environment holds only the
     * bootstrap servers and the pass-through variables of {@link SaslSslSecurity#passThroughVariables}.
     */
    private static Properties clientProperties(Client client, ScramUser user, Map<String, Object> serviceDefaults) {
        Map<String, String> variables = new HashMap<>(security.passThroughVariables(client.prefix(), user));
        variables.put(KafkaSettings.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        return KafkaSettings.clientProperties(Env.of(variables), client, serviceDefaults);
    }

    private static KafkaProducer<String, String> producer(ScramUser user) {
        Map<String, Object> idempotent = Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, // retries add no duplicates
                ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(clientProperties(Client.PRODUCER, user, idempotent), new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(ScramUser user, String groupId) {
        Map<String, Object> group = Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(clientProperties(Client.CONSUMER, user, group), new StringDeserializer(), new StringDeserializer());
    }

    private static ConsumerRecord<String, String> pollUntilKey(KafkaConsumer<String, String> consumer, String key) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                if (key.equals(record.key())) {
                    return record;
                }
            }
        }
        throw new AssertionError("no record with key " + key + " on " + Topics.ORDERS + " within " + TIMEOUT);
    }

    /** Runs {@code action}, expects it to fail within {@link #FAIL_FAST}, and returns the Kafka error under any wrapper. */
    private static Throwable failsFast(Executable action) {
        long start = System.nanoTime();
        Throwable thrown = assertThrows(Exception.class, action);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(FAIL_FAST) < 0, "failed only after " + took + " (retried instead of failing): " + thrown);
        return thrown instanceof ExecutionException ? thrown.getCause() : thrown;
    }

    private static Map<String, Object> withBootstrap(Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return all;
    }

    private static ScramUser user(String name) {
        return new ScramUser(name, UUID.randomUUID().toString());
    }
}
