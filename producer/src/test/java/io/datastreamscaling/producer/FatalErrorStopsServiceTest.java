package io.datastreamscaling.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datastreamscaling.local.broker.EmbeddedKafkaBroker;
import io.datastreamscaling.shared.config.Env;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A producer error that every later send would hit too (here: the topic's ACLs) stops the service
 * instead of spinning: not live, and the exit code says it failed.
 */
class FatalErrorStopsServiceTest {
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBrokerWithAuthorizer() {
        // Allows everything on resources without ACLs, so the broker itself and other topics work.
        broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.temporary().withOverrides(Map.of(
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "allow.everyone.if.no.acl.found", "true")));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void sendRefusedByTheTopicAclStopsTheServiceWithExitCode1() throws Exception {
        String topic = "orders-write-denied";
        createTopicWithAcls(topic, AclOperation.ALL, AclOperation.WRITE); // may see and describe it, may not write

        try (ProducerService service = ProducerService.start(env(topic))) {
            int exitCode = awaitExitCode(service);
            HttpResponse<String> live = new OrdersHttpClient(service.httpPort()).get("/health/live");

            assertEquals(1, exitCode);
            assertEquals(503, live.statusCode(), live.body());
            assertTrue(live.body().contains("TopicAuthorizationException"), live.body());
            assertTrue(service.failed() >= 1, "the refused send was counted as failed");
            assertEquals(0, service.acknowledged());
        }
    }

    @Test
    void topicThatCannotEvenBeDescribedStopsTheServiceAtStartUp() throws Exception {
        String topic = "orders-describe-denied";
        createTopicWithAcls(topic, null, AclOperation.DESCRIBE);

        try (ProducerService service = ProducerService.start(env(topic))) {
            int exitCode = awaitExitCode(service);

            assertEquals(1, exitCode);
            assertEquals(0, service.sent());
        }
    }

    private static Env env(String topic) {
        return Env.of(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "ORDERS_TOPIC", topic,
                "HTTP_PORT", "0",
                "PRODUCER_RATE", "100",
                "PRODUCER_CLOSE_TIMEOUT_MS", "1000"));
    }

    private static int awaitExitCode(ProducerService service) throws Exception {
        return CompletableFuture.supplyAsync(service::awaitTermination).get(60, TimeUnit.SECONDS);
    }

    private static void createTopicWithAcls(String topic, AclOperation allowed, AclOperation denied) throws Exception {
        ResourcePattern resource = new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL);
        List<AclBinding> acls = new ArrayList<>();
        if (allowed != null) {
            acls.add(new AclBinding(resource, new AccessControlEntry("User:ANONYMOUS", "*", allowed, AclPermissionType.ALLOW)));
        }
        acls.add(new AclBinding(resource, new AccessControlEntry("User:ANONYMOUS", "*", denied, AclPermissionType.DENY)));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        }
    }
}
