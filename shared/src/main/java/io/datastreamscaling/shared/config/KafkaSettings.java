package io.datastreamscaling.shared.config;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Kafka client properties from the environment: {@code KAFKA_BOOTSTRAP_SERVERS} plus the
 * pass-through variables {@code KAFKA_PRODUCER_*}, {@code KAFKA_CONSUMER_*}, {@code KAFKA_ADMIN_*}
 * and {@code KAFKA_STREAMS_*}: {@code KAFKA_CONSUMER_MAX_POLL_RECORDS=1000} becomes
 * {@code max.poll.records=1000}. TLS and SASL therefore need no code, only variables.
 *
 * <p>A pass-through name that the client does not know fails start-up: a typo in a security
 * setting must not silently fall back to plaintext.
 */
public final class KafkaSettings {
    public static final String BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS";
    public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";
    /** One of the classes client metrics push (KIP-714) loads first; the runnable jars leave the package out. */
    private static final String TELEMETRY_CLASS = "org.apache.kafka.shaded.io.opentelemetry.proto.resource.v1.Resource";

    /** Which client a set of properties is for, with its variable prefix and known property names. */
    public enum Client {
        PRODUCER("KAFKA_PRODUCER_", ProducerConfig.configNames()),
        CONSUMER("KAFKA_CONSUMER_", ConsumerConfig.configNames()),
        ADMIN("KAFKA_ADMIN_", AdminClientConfig.configNames()),
        /** Kafka Streams validates its own names (it also accepts prefixed client names). */
        STREAMS("KAFKA_STREAMS_", Set.of());

        final String prefix;
        final Set<String> knownNames;

        Client(String prefix, Set<String> knownNames) {
            this.prefix = prefix;
            this.knownNames = knownNames;
        }

        public String prefix() {
            return prefix;
        }
    }

    private KafkaSettings() {
    }

    public static String bootstrapServers(Env env) {
        String servers = env.string(BOOTSTRAP_SERVERS, DEFAULT_BOOTSTRAP_SERVERS);
        for (String server : servers.split(",")) {
            String s = server.trim();
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || colon == s.length() - 1 || !s.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                throw new InvalidSettingException(BOOTSTRAP_SERVERS, "'" + s + "' is not host:port");
            }
        }
        return servers;
    }

    /**
     * Properties for one client: bootstrap servers, then the service's own defaults, then the
     * pass-through variables (which win, so an operator can override any default).
     */
    public static Properties clientProperties(Env env, Client client, Map<String, Object> serviceDefaults) {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(env));
        if (client != Client.STREAMS) {
            // Off: pushing client metrics to the broker (KIP-714) needs Kafka's shaded OpenTelemetry, which the
            // producer and consumer jars leave out (2.45 MiB); /metrics already exports the clients' meters.
            // An operator can turn it on (KAFKA_PRODUCER_ENABLE_METRICS_PUSH=true) with the images, which keep it.
            props.put(CommonClientConfigs.ENABLE_METRICS_PUSH_CONFIG, false);
        }
        props.putAll(serviceDefaults);
        props.putAll(passThrough(env, client));
        return props;
    }

    /** Only the pass-through properties for a client, validated against its known names. */
    public static Map<String, String> passThrough(Env env, Client client) {
        Map<String, String> result = new HashMap<>();
        for (Map.Entry<String, String> e : new TreeMap<>(env.raw()).entrySet()) {
            String variable = e.getKey();
            if (!variable.startsWith(client.prefix) || variable.length() == client.prefix.length()) {
                continue;
            }
            String property = variable.substring(client.prefix.length()).toLowerCase(Locale.ROOT).replace('_', '.');
            if (!client.knownNames.isEmpty() && !client.knownNames.contains(property) && !isConfigProvider(property)) {
                throw new InvalidSettingException(variable, "'" + property + "' is not a Kafka "
                        + client.name().toLowerCase(Locale.ROOT) + " property");
            }
            if (property.equals(CommonClientConfigs.ENABLE_METRICS_PUSH_CONFIG)) {
                requireTelemetryClassesFor(variable, e.getValue());
            }
            result.put(property, e.getValue());
            env.recordEffective(variable, e.getValue());
        }
        return result;
    }

    /**
     * Metrics push turned on where Kafka's shaded OpenTelemetry is missing (the runnable jars leave it out) would
     * fail deep inside the client's constructor with a NoClassDefFoundError; this names the variable instead.
     */
    private static void requireTelemetryClassesFor(String variable, String value) {
        if (!"true".equalsIgnoreCase(value.trim())) {
            return;
        }
        try {
            Class.forName(TELEMETRY_CLASS, false, KafkaSettings.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new InvalidSettingException(variable, "client metrics push needs Kafka's shaded OpenTelemetry, which the"
                    + " runnable jar leaves out; run the image or the module's classpath to turn it on");
        }
    }

    /**
     * {@code config.providers} and {@code config.providers.<name>.class|param.*} are not in the
     * clients' config names but every client honours them: they let a secret such as
     * {@code sasl.jaas.config} come from a mounted file ({@code FileConfigProvider}) instead of the
     * environment.
     */
    private static boolean isConfigProvider(String property) {
        return property.equals("config.providers") || property.startsWith("config.providers.");
    }

    /** Properties as a loggable map with secrets masked. */
    public static Map<String, String> masked(Properties props) {
        Map<String, String> out = new TreeMap<>();
        props.forEach((k, v) -> out.put(k.toString(), Secrets.loggable(k.toString(), String.valueOf(v))));
        return out;
    }
}
