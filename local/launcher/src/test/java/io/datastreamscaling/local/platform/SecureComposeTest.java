package io.datastreamscaling.local.platform;

import static io.datastreamscaling.local.platform.StackFiles.list;
import static io.datastreamscaling.local.platform.StackFiles.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datastreamscaling.consumer.ConsumerSettings;
import io.datastreamscaling.local.broker.security.SaslSslSecurity;
import io.datastreamscaling.local.broker.security.ScramUser;
import io.datastreamscaling.local.broker.security.ServiceAcls;
import io.datastreamscaling.local.broker.security.TlsMaterial;
import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.config.KafkaSettings;
import io.datastreamscaling.shared.config.KafkaSettings.Client;
import io.datastreamscaling.shared.kafka.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.provider.FileConfigProvider;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.Resource;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.utils.SecurityUtils;
import org.junit.jupiter.api.Test;

/**
 * {@code docker/compose.secure.yaml}, merged over {@code compose.yaml} as Compose merges it, fits the
 * code: every service gets complete security settings for each Kafka client it runs, only through
 * pass-through variables; no listener published to the host is plaintext; the ACLs the init container
 * grants are exactly {@link ServiceAcls}; the SCRAM users are the ACL principals plus the super user.
 * Offline: the live secure setup is specified by {@code SecureServicesTest} and {@code SecureBrokerTest}.
 */
class SecureComposeTest {
    static final String OVERRIDE = "docker/compose.secure.yaml";
    static final String ACL_SCRIPT = "docker/secure/create-topics-and-acls.sh";
    static final String CA_IN_CONTAINERS = "/etc/kafka/secrets/ca.pem";
    static final String SECRETS = "/run/secrets/";
    static final String SUPER_USER = "broker";
    /** The Streams application id (its module is not merged yet; the same name as in k8s/overlays/prod). */
    static final String STREAMS_APPLICATION_ID = "orders-streams";
    static final List<String> BROKERS = List.of("kafka-1", "kafka-2", "kafka-3");

    /** The Kafka clients each service runs; each needs the full set of security settings. */
    static final Map<String, List<Client>> CLIENTS_BY_SERVICE = new TreeMap<>(Map.of(
            "producer", List.of(Client.PRODUCER, Client.ADMIN),
            "consumer", List.of(Client.CONSUMER, Client.PRODUCER, Client.ADMIN), // dead-letter producer
            "analytics-consumer", List.of(Client.CONSUMER, Client.PRODUCER, Client.ADMIN),
            "streams", List.of(Client.STREAMS, Client.ADMIN)));

    static final Map<String, Object> BASE = StackFiles.yaml("docker/compose.yaml");
    static final Map<String, Object> SECURE = StackFiles.yaml(OVERRIDE);

    /** What the services would be given, with the CA at its container path: the reference for the Compose values. */
    static final SaslSslSecurity SECURITY = new SaslSslSecurity(
            new TlsMaterial(Path.of(CA_IN_CONTAINERS), Path.of("unused.p12"), Path.of("unused.p12"), "unused"),
            new ScramUser(SUPER_USER, "unused"), List.of());

    @Test
    void everyServiceHasCompleteSecuritySettingsForEachKafkaClientItRuns() {
        CLIENTS_BY_SERVICE.forEach((service, clients) -> {
            Map<String, String> env = environment(service);
            ScramUser user = new ScramUser(service, "unused");
            for (Client client : clients) {
                Map<String, String> expected = new TreeMap<>(SECURITY.passThroughVariables(client.prefix(), user));
                // The password stays in the user's secret file; Kafka's FileConfigProvider reads it.
                expected.put(client.prefix() + "SASL_JAAS_CONFIG",
                        "${file:" + SECRETS + service + ".properties:" + SaslConfigs.SASL_JAAS_CONFIG + "}");
                expected.put(client.prefix() + "CONFIG_PROVIDERS", "file");
                expected.put(client.prefix() + "CONFIG_PROVIDERS_FILE_CLASS", FileConfigProvider.class.getName());

                Map<String, String> actual = new TreeMap<>(env);
                actual.keySet().retainAll(expected.keySet());
                assertEquals(expected, actual, service + ", " + client + " client");
            }
            // The producer also mounts the bearer token of its POST /orders, which is not a Kafka credential.
            Set<String> own = service.equals("producer") ? Set.of("producer.properties", "producer.token") : Set.of(service + ".properties");
            assertEquals(own, secrets(service), service + " mounts its own credentials and no one else's");
            assertTrue(volumes(service).contains(caMount()), service + " mounts the CA certificate");
        });
    }

    @Test
    void servicesAreSecuredOnlyThroughPassThroughVariablesTheirClientsAccept() {
        CLIENTS_BY_SERVICE.forEach((service, clients) -> {
            Map<String, Object> override = map(map(map(SECURE.get("services")).get(service)).get("environment"));
            for (String variable : override.keySet()) {
                // Besides Kafka's pass-through variables, only a secret file of the service's own (a *_FILE it reads)
                // and a switch that makes such a secret required (a *_REQUIRED it reads).
                boolean ownSecretSetting = (variable.endsWith("_FILE") || variable.endsWith("_REQUIRED"))
                        && StackConsistencyTest.VARIABLES_READ.get(StackConsistencyTest.INSTANCES.getOrDefault(service, service)).contains(variable);
                assertTrue(ServiceSources.isPassThrough(variable) || ownSecretSetting, service + ": " + variable + " is not a pass-through variable");
            }
            Env env = Env.of(environment(service));
            for (Client client : clients) {
                // Throws, naming the variable, if a client does not know a property (a typo would fall back to plaintext).
                assertFalse(KafkaSettings.passThrough(env, client).isEmpty(), service + ", " + client);
            }
        });
    }

    @Test
    void everyBrokerListenerIsSaslSslAndTheControllerListenerIsNeitherAdvertisedNorPublished() {
        for (String broker : BROKERS) {
            Map<String, String> env = environment(broker);
            Map<String, String> protocols = pairs(env.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"), ":");
            Map<String, String> ports = pairs(env.get("KAFKA_LISTENERS").replace("://", "="), "=");
            ports.replaceAll((name, address) -> address.substring(address.lastIndexOf(':') + 1));
            String controller = env.get("KAFKA_CONTROLLER_LISTENER_NAMES");

            assertEquals(ports.keySet(), protocols.keySet(), broker + ": every listener has a protocol");
            protocols.forEach((listener, protocol) -> assertEquals("SASL_SSL", protocol, broker + " listener " + listener));
            assertFalse(env.get("KAFKA_ADVERTISED_LISTENERS").contains(controller + "://"), broker + " advertises its controller listener");
            for (String published : publishedContainerPorts(broker)) {
                assertTrue(ports.containsValue(published), broker + " publishes port " + published + ", which no listener uses");
                assertFalse(published.equals(ports.get(controller)), broker + " publishes its controller listener");
            }
            assertFalse(publishedContainerPorts(broker).isEmpty(), broker + " is reachable from the host");
        }
    }

    @Test
    void brokersDenyWhatNoAclGrantsAndTrustOnlyTheSuperUser() {
        for (String broker : BROKERS) {
            Map<String, String> env = environment(broker);
            assertEquals(SaslSslSecurity.AUTHORIZER, env.get("KAFKA_AUTHORIZER_CLASS_NAME"), broker);
            assertEquals("User:" + SUPER_USER, env.get("KAFKA_SUPER_USERS"), broker);
            assertEquals("false", env.get("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND"), broker);
            assertEquals(ScramUser.MECHANISM, env.get("KAFKA_SASL_MECHANISM_INTER_BROKER_PROTOCOL"), broker);
            assertTrue(secrets(broker).containsAll(Set.of("broker.keystore.p12", "store.password")), broker + " keystore");
        }
    }

    @Test
    void theInitContainerGrantsExactlyTheServiceAclsAndCreatesEveryTopic() throws IOException {
        List<String> script = Files.readAllLines(StackFiles.ROOT.resolve(ACL_SCRIPT));
        Set<AclBinding> expected = new TreeSetOfAcls(expectedAcls());

        List<AclBinding> lines = script.stream().filter(l -> l.startsWith("acl ")).flatMap(l -> parseAcls(l).stream()).toList();
        Set<AclBinding> granted = new TreeSetOfAcls(lines);
        assertEquals(granted.size(), lines.size(), ACL_SCRIPT + " grants nothing twice");
        Set<String> topics = script.stream().filter(l -> l.startsWith("topic ")).map(l -> l.substring("topic ".length()).trim())
                .collect(Collectors.toCollection(TreeSet::new));

        assertEquals(expected, granted, ACL_SCRIPT + " against ServiceAcls");
        assertEquals(new TreeSet<>(Topics.ALL), topics, ACL_SCRIPT + " creates the docs/contract.md topics");
        Map<String, Object> init = service("kafka-init");
        assertTrue(list(init.get("entrypoint")).toString().contains(Path.of(ACL_SCRIPT).getFileName().toString()), "kafka-init runs " + ACL_SCRIPT);
        assertTrue(list(init.get("volumes")).stream().anyMatch(v -> v.toString().startsWith("./secure/" + Path.of(ACL_SCRIPT).getFileName())));
        for (String broker : BROKERS) {
            assertEquals("service_healthy", map(map(init.get("depends_on")).get(broker)).get("condition"), "kafka-init waits for " + broker);
        }
        for (String dependent : List.of("producer", "consumer", "analytics-consumer", "streams", "kafka-ui")) {
            assertEquals("service_completed_successfully", map(map(service(dependent).get("depends_on")).get("kafka-init")).get("condition"),
                    dependent + " starts after topics and ACLs exist");
        }
    }

    @Test
    void scramUsersAreTheAclPrincipalsPlusTheSuperUserEachWithAPasswordSecret() {
        Set<String> principals = expectedAcls().stream().map(b -> b.entry().principal().substring("User:".length()))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> expectedUsers = new TreeSet<>(principals);
        expectedUsers.add(SUPER_USER);
        assertEquals(new TreeSet<>(CLIENTS_BY_SERVICE.keySet()), withoutKafkaUi(principals), "one ACL'd user per service");

        for (String broker : BROKERS) {
            Set<String> users = new TreeSet<>(Arrays.asList(environment(broker).get("SCRAM_USERS").trim().split("\\s+")));
            assertEquals(expectedUsers, users, broker + " SCRAM_USERS");
            for (String user : users) {
                assertTrue(secrets(broker).contains(user + ".password"), broker + " mounts the password of " + user);
            }
        }
    }

    @Test
    void kafkaUiIsReadOnlyAndLogsInAsItsOwnUser() {
        Map<String, String> env = environment("kafka-ui");

        assertEquals("true", env.get("KAFKA_CLUSTERS_0_READONLY"));
        assertEquals("SASL_SSL", env.get("KAFKA_CLUSTERS_0_PROPERTIES_SECURITY_PROTOCOL"));
        assertEquals(ScramUser.MECHANISM, env.get("KAFKA_CLUSTERS_0_PROPERTIES_SASL_MECHANISM"));
        assertEquals(CA_IN_CONTAINERS, env.get("KAFKA_CLUSTERS_0_PROPERTIES_SSL_TRUSTSTORE_LOCATION"));
        assertTrue(env.get("JAVA_TOOL_OPTIONS").contains("java.security.auth.login.config=" + SECRETS + "kafka-ui.jaas"));
        assertEquals(Set.of("kafka-ui.jaas"), secrets("kafka-ui"));
    }

    @Test
    void everySecretIsAFileGenerateCertsWrites() throws IOException {
        String script = Files.readString(StackFiles.ROOT.resolve("docker/secure/generate-certs.sh"));
        Set<String> users = script.lines().filter(l -> l.startsWith("USERS=")).findFirst()
                .map(l -> Set.of(l.substring("USERS=".length()).replace("\"", "").trim().split("\\s+"))).orElseThrow();
        Map<String, Object> secrets = map(SECURE.get("secrets"));
        for (Map.Entry<String, Object> secret : secrets.entrySet()) {
            String name = secret.getKey();
            assertEquals("./secure/secrets/" + name, map(secret.getValue()).get("file"), "secret " + name);
            String stem = name.substring(0, name.lastIndexOf('.'));
            assertTrue(Set.of("store.password", "broker.keystore.p12").contains(name) || users.contains(stem),
                    name + " is not written by generate-certs.sh (users: " + users + ")");
        }
        Set<String> used = new TreeSet<>();
        map(SECURE.get("services")).keySet().forEach(s -> used.addAll(secrets(s)));
        assertEquals(new TreeSet<>(secrets.keySet()), used, "every secret defined is used, and every secret used is defined");
    }

    // --- the ACL plan -----------------------------------------------------------------------------

    static List<AclBinding> expectedAcls() {
        List<AclBinding> acls = new ArrayList<>();
        acls.addAll(ServiceAcls.producer("User:producer", Topics.ORDERS));
        acls.addAll(ServiceAcls.consumer("User:consumer", Topics.ORDERS, Topics.ORDERS_DLQ, ConsumerSettings.DEFAULT_GROUP_ID));
        acls.addAll(ServiceAcls.consumer("User:analytics-consumer", Topics.ORDERS, Topics.ORDERS_DLQ, ConsumerSettings.DEFAULT_ANALYTICS_GROUP_ID));
        acls.addAll(ServiceAcls.streams("User:streams", STREAMS_APPLICATION_ID, Topics.ORDERS,
                List.of(Topics.ORDERS_ENRICHED, Topics.ORDERS_HIGH_VALUE, Topics.REVENUE_PER_USER_1M), Topics.ORDERS_DLQ));
        acls.addAll(ServiceAcls.kafkaUi("User:kafka-ui"));
        return acls;
    }

    /**
     * One {@code acl --allow-principal P --operation Op... (--topic|--group|--transactional-id N|--cluster)...
     * [--resource-pattern-type T]} line: as kafka-acls.sh does, every operation on every resource named.
     */
    static List<AclBinding> parseAcls(String line) {
        List<String> words = Arrays.stream(line.trim().split("\\s+")).map(w -> w.replace("'", "").replace("\"", "")).toList();
        Map<String, List<String>> options = new LinkedHashMap<>();
        for (int i = 1; i < words.size(); i++) {
            boolean hasValue = i + 1 < words.size() && !words.get(i + 1).startsWith("--");
            options.computeIfAbsent(words.get(i), k -> new ArrayList<>()).add(hasValue ? words.get(++i) : "");
        }
        PatternType pattern = PatternType.fromString(options.getOrDefault("--resource-pattern-type", List.of("literal")).get(0).toUpperCase(Locale.ROOT));
        List<ResourcePattern> resources = new ArrayList<>();
        options.getOrDefault("--topic", List.of()).forEach(n -> resources.add(new ResourcePattern(ResourceType.TOPIC, n, pattern)));
        options.getOrDefault("--group", List.of()).forEach(n -> resources.add(new ResourcePattern(ResourceType.GROUP, n, pattern)));
        options.getOrDefault("--transactional-id", List.of()).forEach(n -> resources.add(new ResourcePattern(ResourceType.TRANSACTIONAL_ID, n, pattern)));
        if (options.containsKey("--cluster")) {
            resources.add(new ResourcePattern(ResourceType.CLUSTER, Resource.CLUSTER_NAME, PatternType.LITERAL));
        }
        assertFalse(resources.isEmpty(), "no resource in: " + line);
        assertTrue(Set.of("--allow-principal", "--operation", "--topic", "--group", "--transactional-id", "--cluster", "--resource-pattern-type")
                .containsAll(options.keySet()), "only principals, operations and resources: " + line);
        assertEquals(1, options.get("--allow-principal").size(), "one principal per line: " + line);
        String principal = options.get("--allow-principal").get(0);
        List<AclBinding> bindings = new ArrayList<>();
        for (String operation : options.get("--operation")) {
            for (ResourcePattern resource : resources) {
                bindings.add(new AclBinding(resource, new AccessControlEntry(principal, "*",
                        SecurityUtils.operation(operation), AclPermissionType.ALLOW)));
            }
        }
        return bindings;
    }

    /** A set of ACLs that prints sorted, so a failed comparison is readable. */
    private static final class TreeSetOfAcls extends TreeSet<AclBinding> {
        private static final long serialVersionUID = 1L;

        TreeSetOfAcls(List<AclBinding> acls) {
            super((a, b) -> a.toString().compareTo(b.toString()));
            addAll(acls);
        }
    }

    // --- Compose's merge of the override over the base, for the keys checked here ----------------

    static Map<String, Object> service(String name) {
        Map<String, Object> merged = new HashMap<>(map(map(BASE.get("services")).get(name)));
        map(map(SECURE.get("services")).get(name)).forEach((key, value) -> merged.merge(key, value, SecureComposeTest::mergeValue));
        return merged;
    }

    /** Compose merges mappings key by key and appends sequences ({@code ports}, {@code volumes}). */
    @SuppressWarnings("unchecked")
    private static Object mergeValue(Object base, Object override) {
        if (base instanceof Map<?, ?> b && override instanceof Map<?, ?> o) {
            Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) b);
            ((Map<String, Object>) o).forEach((k, v) -> merged.merge(k, v, SecureComposeTest::mergeValue));
            return merged;
        }
        if (base instanceof List<?> b && override instanceof List<?> o) {
            List<Object> merged = new ArrayList<>(b);
            o.stream().filter(v -> !merged.contains(v)).forEach(merged::add);
            return merged;
        }
        return override;
    }

    /** The environment a container sees: Compose's {@code $$} escape turned into {@code $}. */
    static Map<String, String> environment(String service) {
        Map<String, String> env = new TreeMap<>();
        map(service(service).get("environment")).forEach((k, v) -> env.put(k, String.valueOf(v).replace("$$", "$")));
        return env;
    }

    /**
     * The Kafka secrets a service mounts: those the secure override defines. (The base file's own
     * secrets, such as the database password, are checked by ComposeSecretsAndStateTest.)
     */
    static Set<String> secrets(String service) {
        Set<String> kafkaSecrets = map(SECURE.get("secrets")).keySet();
        return list(service(service).get("secrets")).stream().map(Object::toString).filter(kafkaSecrets::contains)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static List<String> volumes(String service) {
        return list(service(service).get("volumes")).stream().map(Object::toString).toList();
    }

    static String caMount() {
        return "./secure/secrets/ca.pem:" + CA_IN_CONTAINERS + ":ro";
    }

    /** Container ports published to the host ({@code "host:container"}). */
    static List<String> publishedContainerPorts(String service) {
        return list(service(service).get("ports")).stream().map(p -> p.toString().substring(p.toString().lastIndexOf(':') + 1)).toList();
    }

    /** {@code A:x,B:y} as a map. */
    private static Map<String, String> pairs(String text, String separator) {
        Map<String, String> pairs = new TreeMap<>();
        for (String pair : text.split(",")) {
            int at = pair.indexOf(separator);
            pairs.put(pair.substring(0, at).trim(), pair.substring(at + separator.length()).trim());
        }
        return pairs;
    }

    private static Set<String> withoutKafkaUi(Set<String> users) {
        Set<String> services = new TreeSet<>(users);
        services.remove("kafka-ui");
        return services;
    }
}
