package io.datastreamscaling.local.k8s;

import static io.datastreamscaling.local.k8s.WorkloadConsistencyTest.configValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastreamscaling.consumer.ConsumerSettings;
import io.datastreamscaling.local.k8s.ManifestFiles.Document;
import io.datastreamscaling.local.scaling.ScalingDemo;
import io.datastreamscaling.local.scaling.ScalingPolicySettings;
import io.datastreamscaling.shared.kafka.Topics;
import io.datastreamscaling.shared.metrics.MeterNames;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The scaling numbers and Kafka resources under k8s/ agree with the code: the KEDA ScaledObjects of both
 * consumer groups with the {@link ScalingPolicySettings} defaults the local demo runs, the topics with {@link Topics}, the
 * ACLs with the group and application ids the services are configured with.
 */
class K8sConsistencyTest {
    private static final ScalingPolicySettings POLICY = ScalingPolicySettings.defaults();

    /** The consumer workloads KEDA scales on their group's lag. */
    static final List<DeployedService> SCALED_ON_LAG = List.of(DeployedService.CONSUMER, DeployedService.ANALYTICS_CONSUMER);

    @ParameterizedTest
    @FieldSource("SCALED_ON_LAG")
    void kafkaTriggerCarriesTheScalingPolicyDefaults(DeployedService consumer) {
        JsonNode spec = scaledObject(consumer).path("spec");
        JsonNode kafka = trigger(consumer, "kafka");

        assertEquals(POLICY.lagThreshold(), kafka.path("lagThreshold").asLong(), "lagThreshold = default " + ScalingPolicySettings.LAG_THRESHOLD);
        assertEquals(POLICY.activationLagThreshold(), kafka.path("activationLagThreshold").asLong(),
                "activationLagThreshold = default " + ScalingPolicySettings.ACTIVATION_LAG_THRESHOLD);
        assertEquals(POLICY.minReplicas(), spec.path("minReplicaCount").asInt(), "minReplicaCount = default " + ScalingPolicySettings.MIN_REPLICAS);
        assertEquals(POLICY.maxReplicas(), spec.path("maxReplicaCount").asInt(), "maxReplicaCount = default " + ScalingPolicySettings.MAX_REPLICAS);
        assertEquals(POLICY.offsetResetPolicy().configValue(), kafka.path("offsetResetPolicy").asText());
        assertEquals(Boolean.toString(POLICY.scaleToZeroOnInvalidOffset()), kafka.path("scaleToZeroOnInvalidOffset").asText());
        assertEquals(Boolean.toString(POLICY.excludePersistentLag()), kafka.path("excludePersistentLag").asText());
        assertEquals(Boolean.toString(POLICY.limitToPartitionsWithLag()), kafka.path("limitToPartitionsWithLag").asText());
        assertEquals("false", kafka.path("allowIdleConsumers").asText(), "the policy never runs idle consumers");
        assertEquals(POLICY.scaleDownStabilization().toSeconds(), spec.path("advanced").path("horizontalPodAutoscalerConfig")
                .path("behavior").path("scaleDown").path("stabilizationWindowSeconds").asLong());
        assertEquals(0, spec.path("advanced").path("horizontalPodAutoscalerConfig").path("behavior").path("scaleUp")
                .path("stabilizationWindowSeconds").asInt(-1), "scale-up is immediate, as in the policy");
    }

    @ParameterizedTest
    @FieldSource("SCALED_ON_LAG")
    void bothGroupsFallBackToTheSameReplicasWhenTheirLagCannotBeRead(DeployedService consumer) {
        JsonNode fallback = scaledObject(consumer).path("spec").path("fallback");
        JsonNode reference = scaledObject(DeployedService.CONSUMER).path("spec").path("fallback");

        assertTrue(fallback.path("replicas").asInt() >= POLICY.minReplicas() && fallback.path("replicas").asInt() <= POLICY.maxReplicas(),
                () -> consumer + ": the fallback lies within the scaling range");
        assertEquals(reference, fallback, () -> consumer + ": the same fallback as the consumer");
    }

    @Test
    void kafkaTriggerWatchesTheConsumersGroupAndTopicAsTheConsumerReadsThem() {
        JsonNode kafka = trigger(DeployedService.CONSUMER, "kafka");

        assertEquals("orders-consumer", kafka.path("consumerGroup").asText());
        assertEquals(ConsumerSettings.SINK_POSTGRES, configValue("consumer-config", ConsumerSettings.SINK));
        assertTriggerWatchesTheGroupItsConsumerReads(DeployedService.CONSUMER);
    }

    @Test
    void analyticsTriggerWatchesTheAnalyticsGroupTheClickHouseConsumerReads() {
        JsonNode kafka = trigger(DeployedService.ANALYTICS_CONSUMER, "kafka");

        assertEquals(ConsumerSettings.DEFAULT_ANALYTICS_GROUP_ID, kafka.path("consumerGroup").asText());
        assertEquals(ConsumerSettings.SINK_CLICKHOUSE, configValue("analytics-consumer-config", ConsumerSettings.SINK));
        assertTriggerWatchesTheGroupItsConsumerReads(DeployedService.ANALYTICS_CONSUMER);
        assertTrue(!configValue("analytics-consumer-config", ConsumerSettings.CONSUMER_GROUP_ID)
                .equals(configValue("consumer-config", ConsumerSettings.CONSUMER_GROUP_ID)),
                "two groups, so either store can be down without holding the other back");
    }

    private static void assertTriggerWatchesTheGroupItsConsumerReads(DeployedService consumer) {
        JsonNode kafka = trigger(consumer, "kafka");
        String config = consumer.workload() + "-config";

        assertEquals(consumer.workload(), scaledObject(consumer).path("spec").path("scaleTargetRef").path("name").asText());
        assertEquals(Topics.ORDERS, kafka.path("topic").asText());
        assertEquals(configValue(config, "CONSUMER_GROUP_ID"), kafka.path("consumerGroup").asText());
        assertEquals(configValue(config, "KAFKA_CONSUMER_AUTO_OFFSET_RESET"), kafka.path("offsetResetPolicy").asText(),
                "KEDA must count uncommitted partitions as the consumer will read them");
    }

    @ParameterizedTest
    @FieldSource("SCALED_ON_LAG")
    void neverMoreConsumersThanPartitionsOfOrders(DeployedService consumer) {
        int ordersPartitions = kafkaTopic(Topics.ORDERS).path("spec").path("partitions").asInt();

        assertEquals(ScalingDemo.ORDERS_PARTITIONS, ordersPartitions);
        assertEquals(Integer.toString(ScalingDemo.ORDERS_PARTITIONS), configValue("kafka-client-config", "TOPIC_PARTITIONS"));
        assertTrue(scaledObject(consumer).path("spec").path("maxReplicaCount").asInt() <= ordersPartitions);
    }

    @Test
    void throughputTriggerQueriesTheConsumedCounterOfTheConsumerOnly() {
        String query = trigger(DeployedService.CONSUMER, "prometheus").path("query").asText();
        String counter = MeterNames.ORDERS_CONSUMED.replace('.', '_') + "_total";

        assertEquals("orders_consumed_total", counter, "the documented name");
        // Both consumer workloads export service="consumer": the scrape job (= Service name) tells them apart.
        assertTrue(query.contains(counter + "{" + MeterNames.TAG_SERVICE + "=\"consumer\",job=\"consumer\"}"), query);
        assertTrue(trigger(DeployedService.CONSUMER, "prometheus").path("threshold").asDouble() > 0);
    }

    @Test
    void kafkaTopicsAreTheTopicsOfDesign() {
        Set<String> declared = ManifestFiles.all().stream().filter(d -> d.kind().equals("KafkaTopic"))
                .map(d -> d.tree().path("spec").path("topicName").asText()).collect(Collectors.toSet());

        assertEquals(Set.copyOf(Topics.ALL), declared);
    }

    @Test
    void aclsNameTheGroupsTopicsAndApplicationIdTheServicesUse() {
        String group = configValue("consumer-config", "CONSUMER_GROUP_ID");
        String analyticsGroup = configValue("analytics-consumer-config", "CONSUMER_GROUP_ID");
        String applicationId = configValue("streams-config", "STREAMS_APPLICATION_ID");

        assertTrue(acls("consumer").contains("group:" + group + ":literal"));
        assertTrue(acls("analytics-consumer").contains("group:" + analyticsGroup + ":literal"));
        assertEquals(acls("consumer").size(), acls("analytics-consumer").size(), "the same operations, on its own group");
        assertTrue(acls("keda-scaler").containsAll(Set.of("group:" + group + ":literal", "group:" + analyticsGroup + ":literal")));
        assertTrue(acls("streams").containsAll(Set.of("group:" + applicationId + ":literal", "topic:" + applicationId + ":prefix",
                "transactionalId:" + applicationId + ":prefix")));
        for (String user : List.of("producer", "consumer", "analytics-consumer", "streams", "keda-scaler")) {
            for (String acl : acls(user)) {
                String[] parts = acl.split(":");
                assertTrue(!parts[0].equals("topic") || Topics.ALL.contains(parts[1]) || parts[1].equals(applicationId),
                        () -> user + " has an ACL on a topic that is not ours: " + acl);
            }
        }
    }

    /** The user's ACL resources as {@code type:name:patternType}. */
    private static Set<String> acls(String user) {
        Set<String> result = new HashSet<>();
        ManifestFiles.one("overlays/prod", "KafkaUser", user).tree().path("spec").path("authorization").path("acls")
                .forEach(acl -> result.add(acl.path("resource").path("type").asText() + ":"
                        + acl.path("resource").path("name").asText() + ":" + acl.path("resource").path("patternType").asText()));
        return result;
    }

    private static JsonNode scaledObject(DeployedService consumer) {
        return ManifestFiles.one("base", "ScaledObject", consumer.workload()).tree();
    }

    private static JsonNode trigger(DeployedService consumer, String type) {
        List<JsonNode> found = CustomResourceShapes.resolve(scaledObject(consumer), "spec.triggers[" + type + "].metadata");
        assertEquals(1, found.size(), () -> "one " + type + " trigger expected");
        return found.get(0);
    }

    private static JsonNode kafkaTopic(String topicName) {
        return ManifestFiles.all().stream().filter(d -> d.kind().equals("KafkaTopic"))
                .filter(d -> d.tree().path("spec").path("topicName").asText().equals(topicName))
                .map(Document::tree).findFirst().orElseThrow(() -> new AssertionError("no KafkaTopic " + topicName));
    }
}
