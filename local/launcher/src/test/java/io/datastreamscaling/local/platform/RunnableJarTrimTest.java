package io.datastreamscaling.local.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.datastreamscaling.local.broker.EmbeddedKafkaBroker;
import io.datastreamscaling.shared.order.Order;
import io.datastreamscaling.shared.order.OrderSerializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shade configuration leaves classes out of producer.jar and consumer.jar that only unused features
 * reach (Kafka's client metrics push, the Prometheus protobuf format, kafka-clients' JSON message forms):
 * a class left out that something does load is a NoClassDefFoundError in production, so the jars
 * themselves run here against a real broker, through every path a user reaches.
 */
class RunnableJarTrimTest {
    private static final String TOPIC = "orders";
    private static final String ORDER = "{\"userId\":\"user-jar\",\"amount\":1.00,\"currency\":\"EUR\"}";
    /** What Prometheus 3 sends first: a jar without the protobuf writer must still answer, with text. */
    private static final String PROMETHEUS_3_ACCEPT = "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
            + "encoding=delimited;q=0.6,application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.1";
    private static final Pattern MISSING_CLASS = Pattern.compile("NoClassDefFoundError|ClassNotFoundException|LinkageError|ExceptionInInitializerError");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180); // two JVMs starting on a loaded 2-core machine
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path work;
    private static EmbeddedKafkaBroker broker;
    private static JarProcess producer;
    private static JarProcess consumer;

    @BeforeAll
    static void startBrokerAndJars() throws Exception {
        Path producerJar = RunnableJars.built("producer/target/producer.jar");
        Path consumerJar = RunnableJars.built("consumer/target/consumer.jar");
        broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.temporary());
        Map<String, String> common = Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(), "ORDERS_TOPIC", TOPIC);
        producer = JarProcess.start(producerJar, work.resolve("producer.log"), common, Map.of("PRODUCER_GENERATOR_ENABLED", "false"));
        consumer = JarProcess.start(consumerJar, work.resolve("consumer.log"), common,
                Map.of("SINK", "log", "CONSUMER_GROUP_ID", "jar-trim", "DLQ_TOPIC", TOPIC + ".dlq"));
        producer.awaitReady();
        consumer.awaitReady();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {producer, consumer, broker}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // the next one must still stop
            }
        }
    }

    @Test
    void producerJarAcknowledgesAnOrderAndConsumerJarConsumesIt() throws Exception {
        long before = consumer.consumed();
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(producer.uri("/orders")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(ORDER)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, answer.statusCode(), answer.body() + producer.logTail());
        consumer.awaitConsumed(before + 1); // lz4, the producer jar's compression
        assertNoMissingClass();
    }

    /** Batches another producer wrote with snappy or zstd: the consumer jar's kept Linux natives decompress them. */
    @Test
    void consumerJarReadsSnappyAndZstdBatches() throws Exception {
        long before = consumer.consumed();
        for (String compression : List.of("snappy", "zstd")) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
            try (KafkaProducer<String, Order> direct = new KafkaProducer<>(props, new StringSerializer(), new OrderSerializer())) {
                Order order = Order.create("user-" + compression, new BigDecimal("2.50"), "EUR");
                direct.send(new ProducerRecord<>(TOPIC, order.userId(), order)).get(30, TimeUnit.SECONDS);
            }
        }
        consumer.awaitConsumed(before + 2);
        assertNoMissingClass();
    }

    @Test
    void metricsAnswerTextWhateverFormatTheScraperAsksFor() throws Exception {
        for (JarProcess jar : List.of(producer, consumer)) {
            for (String accept : List.of("text/plain;version=0.0.4", PROMETHEUS_3_ACCEPT)) {
                HttpResponse<String> scrape = HTTP.send(HttpRequest.newBuilder(jar.uri("/metrics")).header("Accept", accept).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, scrape.statusCode(), jar + " with Accept " + accept + jar.logTail());
                assertTrue(scrape.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), jar + ": " + scrape.headers());
                assertTrue(scrape.body().contains("# TYPE jvm_memory_used_bytes gauge"), jar + " answered: " + scrape.body());
                assertTrue(scrape.body().contains("kafka_"), jar + ": the Kafka client's meters are exported: " + scrape.body());
            }
        }
        assertNoMissingClass();
    }

    /** consumer.jar's second entry point builds its clients itself, outside KafkaSettings. */
    @Test
    void deadLetterReplayRunsFromTheConsumerJar() throws Exception {
        String dlq = "replay-from-jar.dlq";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(dlq, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Exit replay = Exit.of(work.resolve("replay.log"), Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(), "DLQ_TOPIC", dlq,
                "ORDERS_TOPIC", TOPIC), "-cp", RunnableJars.built("consumer/target/consumer.jar").toString(),
                "io.datastreamscaling.consumer.deadletter.DeadLetterReplay");
        assertTrue(replay.code() == 0 && replay.output().contains("\"read\":0"), replay.toString());
        assertFalse(MISSING_CLASS.matcher(replay.output()).find(), replay.output());
    }

    /** Metrics push needs the classes the jar leaves out: asking for it stops start-up with one line naming the variable. */
    @Test
    void metricsPushInTheJarStopsStartUpWithOneLineNamingTheVariable() throws Exception {
        Exit start = Exit.of(work.resolve("push.log"), Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(), "ORDERS_TOPIC", TOPIC,
                "PRODUCER_GENERATOR_ENABLED", "false", "HTTP_PORT", "0", "KAFKA_PRODUCER_ENABLE_METRICS_PUSH", "true"),
                "-jar", RunnableJars.built("producer/target/producer.jar").toString());
        assertEquals(2, start.code(), start.toString());
        assertTrue(start.output().contains("invalid configuration: KAFKA_PRODUCER_ENABLE_METRICS_PUSH: client metrics push needs"), start.output());
        assertFalse(MISSING_CLASS.matcher(start.output()).find(), start.output());
    }

    /** A JVM run to its exit ({@code code} -1 when it outlived {@link #START_TIMEOUT} and was killed), with its output. */
    private record Exit(int code, String output) {
        static Exit of(Path logFile, Map<String, String> env, String... javaArgs) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(List.of(javaArgs));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            boolean exited = process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly().waitFor();
            }
            return new Exit(exited ? process.exitValue() : -1, Files.readString(logFile));
        }

        @Override
        public String toString() {
            return "exit " + code + ": " + output;
        }
    }

    /** A class missing on a Kafka client's own thread shows only in the log while the service seems to run. */
    private static void assertNoMissingClass() throws IOException {
        for (JarProcess jar : List.of(producer, consumer)) {
            assertFalse(MISSING_CLASS.matcher(jar.log()).find(), jar + jar.logTail());
        }
    }

    /** {@code java -jar} of one service jar, with its own HTTP port and log file. */
    private record JarProcess(Path jar, Process process, Path logFile, int port) implements AutoCloseable {
        private static final Pattern CONSUMED = Pattern.compile("(?m)^orders_consumed_total\\{[^}]*outcome=\"processed\"[^}]*} ([0-9.E+]+)$");

        static JarProcess start(Path jar, Path logFile, Map<String, String> common, Map<String, String> own) throws IOException {
            int port = freePort();
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", jar.toString()).redirectErrorStream(true).redirectOutput(logFile.toFile());
            builder.environment().putAll(common);
            builder.environment().putAll(own);
            builder.environment().put("HTTP_PORT", Integer.toString(port));
            return new JarProcess(jar, builder.start(), logFile, port);
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        void awaitReady() throws Exception {
            awaitTrue(() -> status("/health/ready") == 200, "ready");
        }

        long consumed() throws Exception {
            var m = CONSUMED.matcher(HTTP.send(HttpRequest.newBuilder(uri("/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
            long sum = 0;
            while (m.find()) {
                sum += (long) Double.parseDouble(m.group(1));
            }
            return sum;
        }

        void awaitConsumed(long atLeast) throws Exception {
            awaitTrue(() -> consumed() >= atLeast, "consumed " + atLeast + " orders");
        }

        private int status(String path) {
            try {
                return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                return -1; // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        private void awaitTrue(Check check, String what) throws Exception {
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (!check.holds()) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    fail(this + " never " + what + (process.isAlive() ? "" : " (exited " + process.exitValue() + ")") + logTail());
                }
                Thread.sleep(200);
            }
        }

        String log() throws IOException {
            return Files.readString(logFile);
        }

        String logTail() {
            try {
                String log = log();
                return "\n--- " + logFile.getFileName() + " ---\n" + log.substring(Math.max(0, log.length() - 6_000));
            } catch (IOException e) {
                return "";
            }
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public String toString() {
            return jar.getFileName().toString();
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }
    }

    private interface Check {
        boolean holds() throws Exception;
    }
}
