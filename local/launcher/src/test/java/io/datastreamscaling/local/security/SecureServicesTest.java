package io.datastreamscaling.local.security;

import io.datastreamscaling.local.broker.testing.Await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datastreamscaling.consumer.ConsumerService;
import io.datastreamscaling.local.broker.BrokerLogging;
import io.datastreamscaling.local.broker.EmbeddedKafkaBroker;
import io.datastreamscaling.local.broker.security.SaslSslSecurity;
import io.datastreamscaling.local.broker.security.ScramUser;
import io.datastreamscaling.local.broker.security.ServiceAcls;
import io.datastreamscaling.local.broker.security.TlsMaterial;
import io.datastreamscaling.producer.ProducerService;
import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.config.KafkaSettings.Client;
import io.datastreamscaling.shared.lifecycle.RunningService;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.provider.FileConfigProvider;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real services on a locked-down broker (SASL/SCRAM-SHA-512 over TLS, the standard authorizer,
 * {@link ServiceAcls}), each given its credentials only through its pass-through variables, as the
 * secure Compose setup gives them: no service has a code path for security.
 *
 * <ul>
 *   <li>With their own users, orders flow from the producer's generator to the consumer's log sink.
 *       The topics exist beforehand (created by the administrator), so no service needs CREATE.</li>
 *   <li>Used outside its ACLs or with wrong credentials, a service stops within {@link #FAIL_FAST}
 *       with one message naming the Kafka error: an error thrown from {@code start} (its main exits 1),
 *       or, once running, {@code awaitTermination() == 1} and {@code /health/live} answering 503 with
 *       the reason. Authorization and authentication errors are fatal, never retried.</li>
 * </ul>
 *
 * <p>One broker for the class; every test uses its own topics and consumer group, with ACLs granted
 * for exactly those names.
 */
class SecureServicesTest {
    /** A fatal Kafka error must end the service this fast; retrying would take delivery.timeout.ms (60 s) or forever. */
    private static final Duration FAIL_FAST = Duration.ofSeconds(20);
    private static final Duration FLOW_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final int ORDERS_TO_SEE = 20;

    private static final ScramUser BROKER = user("broker");
    private static final ScramUser PRODUCER = user("producer");
    private static final ScramUser CONSUMER = user("consumer");

    private static Path secretsDir;
    private static SaslSslSecurity security;
    private static EmbeddedKafkaBroker broker;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startSecureBroker() throws IOException {
        BrokerLogging.quietUnlessConfigured();
        secretsDir = Files.createTempDirectory("secure-services-");
        TlsMaterial tls = TlsMaterial.generate(secretsDir, UUID.randomUUID().toString(), List.of("localhost", "127.0.0.1"));
        security = new SaslSslSecurity(tls, BROKER, List.of(PRODUCER, CONSUMER));
        broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.temporary().withSecurity(security));
    }

    @AfterAll
    static void stopSecureBroker() throws IOException {
        if (broker != null) {
            broker.close();
        }
        try (Stream<Path> files = Files.walk(secretsDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void ordersFlowFromProducerToConsumerEachRunningWithItsOwnCredentials() throws Exception {
        Pipeline pipeline = Pipeline.createdByTheAdministrator();
        // The consumer reads its password from a file through Kafka's FileConfigProvider, as in Compose;
        // the producer gets it in a variable. Both are only pass-through variables to the service.
        Map<String, String> consumerVariables = fileProvidedCredentials(CONSUMER, Client.CONSUMER, Client.PRODUCER, Client.ADMIN);

        try (ProducerService producer = ProducerService.start(producerEnv(pipeline, variables(PRODUCER, Client.PRODUCER, Client.ADMIN)));
             ConsumerService consumer = ConsumerService.start(consumerEnv(pipeline, pipeline.group(), consumerVariables))) {
            Await.until(FLOW_TIMEOUT, () -> consumer.consumed() >= ORDERS_TO_SEE,
                    () -> "the consumer processed " + consumer.consumed() + " orders (producer acknowledged "
                            + producer.acknowledged() + ", failed " + producer.failed() + ")");

            assertEquals(0, producer.failed(), "no send failed");
            assertTrue(producer.isReady(), "the producer is ready");
            assertEquals(200, get(consumer.httpPort(), "/health/ready").statusCode(), "the consumer is ready");
            assertEquals(0, consumer.deadLettered());
        }
    }

    @Test
    void consumerStartedWithTheProducersCredentialsFailsAtStartWithAnAuthorizationError() {
        Pipeline pipeline = Pipeline.createdByTheAdministrator();
        Env env = consumerEnv(pipeline, pipeline.group(), variables(PRODUCER, Client.CONSUMER, Client.PRODUCER, Client.ADMIN));

        // The producer user cannot even see the dead-letter topic, so the topic check tries to create it.
        IllegalStateException failure = failsFast(() -> ConsumerService.start(env));

        assertInstanceOf(AuthorizationException.class, failure.getCause(), failure.toString());
        assertTrue(failure.getMessage().contains(pipeline.deadLetters()), "names the topic: " + failure.getMessage());
    }

    @Test
    void consumerInAGroupItHasNoAclForStopsWithExitCode1AndIsNotLive() throws Exception {
        Pipeline pipeline = Pipeline.createdByTheAdministrator();
        String foreignGroup = pipeline.group() + "-not-granted";

        try (ConsumerService consumer = ConsumerService.start(
                consumerEnv(pipeline, foreignGroup, variables(CONSUMER, Client.CONSUMER, Client.PRODUCER, Client.ADMIN)))) {
            stopsWithExitCode1AndNotLive(consumer, consumer.httpPort(), "GroupAuthorizationException");
        }
    }

    @Test
    void consumerThatMayNotWriteTheDeadLetterTopicStopsAtTheFirstPoisonRecordInsteadOfRetrying() throws Exception {
        Pipeline pipeline = Pipeline.createdByTheAdministrator();
        // Take the consumer's WRITE on the dead-letter topic away; DESCRIBE stays, so start-up finds the topic.
        try (Admin admin = Admin.create(superUser())) {
            AclBinding write = ServiceAcls.consumer(CONSUMER.principal(), pipeline.orders(), pipeline.deadLetters(), pipeline.group())
                    .stream().filter(b -> b.pattern().name().equals(pipeline.deadLetters())).findFirst().orElseThrow();
            admin.deleteAcls(List.of(write.toFilter())).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            ServiceAcls.apply(admin, List.of(new AclBinding(write.pattern(), new AccessControlEntry(CONSUMER.principal(), "*",
                    AclOperation.DESCRIBE, AclPermissionType.ALLOW))), ADMIN_TIMEOUT);
        }
        try (KafkaProducer<String, String> administrator = new KafkaProducer<>(superUser(), new StringSerializer(), new StringSerializer())) {
            administrator.send(new ProducerRecord<>(pipeline.orders(), "user-1", "{not an order")).get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }

        try (ConsumerService consumer = ConsumerService.start(
                consumerEnv(pipeline, pipeline.group(), variables(CONSUMER, Client.CONSUMER, Client.PRODUCER, Client.ADMIN)))) {
            // The dead-letter send is refused (topic, or producer id for a principal that may write no topic):
            // an authorization error either way, fatal; a retry would hold the partition forever.
            stopsWithExitCode1AndNotLive(consumer, consumer.httpPort(), "AuthorizationException");
            assertEquals(0, consumer.deadLettered());
        }
    }

    @Test
    void consumerWithAWrongPasswordFailsAtStartWithAnAuthenticationError() {
        Pipeline pipeline = Pipeline.createdByTheAdministrator();
        ScramUser impostor = new ScramUser(CONSUMER.name(), "not-the-password");
        Env env = consumerEnv(pipeline, pipeline.group(), variables(impostor, Client.CONSUMER, Client.PRODUCER, Client.ADMIN));

        IllegalStateException failure = failsFast(() -> ConsumerService.start(env));

        assertInstanceOf(SaslAuthenticationException.class, failure.getCause(), failure.toString());
    }

    @Test
    void producerStartedWithTheConsumersCredentialsStopsWithExitCode1AndIsNotLive() throws Exception {
        Pipeline pipeline = Pipeline.createdByTheAdministrator();

        // The consumer user may describe (read) the orders topic, so start-up succeeds; its first send is refused.
        try (ProducerService producer = ProducerService.start(producerEnv(pipeline, variables(CONSUMER, Client.PRODUCER, Client.ADMIN)))) {
            stopsWithExitCode1AndNotLive(producer, producer.httpPort(), "TopicAuthorizationException");
            assertEquals(0, producer.acknowledged());
        }
    }

    @Test
    void producerWithAWrongPasswordStopsWithExitCode1AndIsNotLive() throws Exception {
        Pipeline pipeline = Pipeline.createdByTheAdministrator();
        ScramUser impostor = new ScramUser(PRODUCER.name(), "not-the-password");

        try (ProducerService producer = ProducerService.start(producerEnv(pipeline, variables(impostor, Client.PRODUCER, Client.ADMIN)))) {
            stopsWithExitCode1AndNotLive(producer, producer.httpPort(), "SaslAuthenticationException");
            assertEquals(0, producer.sent());
        }
    }

    // --- the topics and ACLs of one test ----------------------------------------------------------

    /** Topics created by the administrator (the broker super user) and the services' ACLs on them. */
    private record Pipeline(String orders, String deadLetters, String group) {
        static Pipeline createdByTheAdministrator() {
            String id = UUID.randomUUID().toString().substring(0, 8);
            Pipeline p = new Pipeline("orders-" + id, "orders.dlq-" + id, "orders-consumer-" + id);
            List<AclBinding> acls = new ArrayList<>(ServiceAcls.producer(PRODUCER.principal(), p.orders()));
            acls.addAll(ServiceAcls.consumer(CONSUMER.principal(), p.orders(), p.deadLetters(), p.group()));
            try (Admin a = Admin.create(superUser())) {
                a.createTopics(List.of(new NewTopic(p.orders(), 3, (short) 1), new NewTopic(p.deadLetters(), 1, (short) 1)))
                        .all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                ServiceAcls.apply(a, acls, ADMIN_TIMEOUT);
            } catch (Exception e) {
                throw new IllegalStateException("cannot set up topics and ACLs for " + p, e);
            }
            return p;
        }
    }

    /** Client properties of the administrator: the broker's super user. */
    private static Map<String, Object> superUser() {
        Map<String, Object> properties = new HashMap<>(security.superUserClientProperties());
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return properties;
    }

    // --- the services' environments: settings plus pass-through variables, nothing else ------------

    private static Env producerEnv(Pipeline pipeline, Map<String, String> security) {
        Map<String, String> env = new HashMap<>(security);
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("HTTP_PORT", "0");
        env.put("ORDERS_TOPIC", pipeline.orders());
        env.put("PRODUCER_RATE", "50");
        env.put("PRODUCER_CLOSE_TIMEOUT_MS", "2000");
        return Env.of(env);
    }

    private static Env consumerEnv(Pipeline pipeline, String group, Map<String, String> security) {
        Map<String, String> env = new HashMap<>(security);
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("HTTP_PORT", "0");
        env.put("ORDERS_TOPIC", pipeline.orders());
        env.put("DLQ_TOPIC", pipeline.deadLetters());
        env.put("CONSUMER_GROUP_ID", group);
        env.put("SINK", "log");
        env.put("CONSUMER_CLOSE_TIMEOUT_MS", "2000");
        return Env.of(env);
    }

    /** {@link SaslSslSecurity#passThroughVariables} of {@code user} for each client the service runs. */
    private static Map<String, String> variables(ScramUser user, Client... clients) {
        Map<String, String> variables = new HashMap<>();
        for (Client client : clients) {
            variables.putAll(security.passThroughVariables(client.prefix(), user));
        }
        return variables;
    }

    /**
     * The same variables, except that the JAAS line (which holds the password) is read from a mounted
     * properties file by Kafka's {@link FileConfigProvider}: what {@code docker/compose.secure.yaml} does.
     */
    private static Map<String, String> fileProvidedCredentials(ScramUser user, Client... clients) throws IOException {
        Path file = secretsDir.resolve(user.name() + ".properties");
        Properties credentials = new Properties();
        credentials.setProperty(SaslConfigs.SASL_JAAS_CONFIG, user.jaasConfig());
        try (OutputStream out = Files.newOutputStream(file)) {
            credentials.store(out, "SCRAM credentials of " + user.name());
        }
        Map<String, String> variables = variables(user, clients);
        for (Client client : clients) {
            variables.put(client.prefix() + "SASL_JAAS_CONFIG", "${file:" + file + ":" + SaslConfigs.SASL_JAAS_CONFIG + "}");
            variables.put(client.prefix() + "CONFIG_PROVIDERS", "file");
            variables.put(client.prefix() + "CONFIG_PROVIDERS_FILE_CLASS", FileConfigProvider.class.getName());
        }
        return variables;
    }

    // --- how a failure must look ------------------------------------------------------------------

    @FunctionalInterface
    private interface Start {
        RunningService start() throws Exception;
    }

    /** Start-up must throw, within {@link #FAIL_FAST}, an error whose message says what Kafka refused. */
    private static IllegalStateException failsFast(Start start) {
        long begin = System.nanoTime();
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> start.start().close());
        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        assertTrue(took.compareTo(FAIL_FAST) < 0, "failed only after " + took + " (retried?): " + failure);
        return failure;
    }

    /** A running service must stop by itself within {@link #FAIL_FAST}: exit code 1, not live, the reason named. */
    private static void stopsWithExitCode1AndNotLive(RunningService service, int httpPort, String reason) throws Exception {
        int exitCode;
        try {
            exitCode = CompletableFuture.supplyAsync(service::awaitTermination).get(FAIL_FAST.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("still running after " + FAIL_FAST + ": the fatal error was retried instead of stopping the service", e);
        }
        HttpResponse<String> live = get(httpPort, "/health/live");

        assertEquals(1, exitCode, "exit code");
        assertEquals(503, live.statusCode(), live.body());
        assertTrue(live.body().contains(reason), "/health/live names " + reason + ": " + live.body());
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static ScramUser user(String name) {
        return new ScramUser(name, UUID.randomUUID().toString());
    }
}
