package io.datastreamscaling.local.broker.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.Resource;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACL plan: each service may do what its job needs and nothing else. With the standard
 * authorizer a principal without a matching ACL is denied, so everything not granted here fails
 * with an authorization error (fatal for the client, never retried).
 *
 * <p>Rules of Kafka's authorizer this plan relies on:
 * <ul>
 *   <li>READ, WRITE, DELETE and ALTER imply DESCRIBE, so no separate DESCRIBE grants on those topics.</li>
 *   <li>No IDEMPOTENT_WRITE on the cluster: since KIP-679 (Kafka 3.0) an idempotent producer is allowed
 *       when its principal may WRITE any topic ({@code KafkaApis.handleInitProducerIdRequest} checks
 *       IDEMPOTENT_WRITE on the cluster <em>or</em> {@code authorizeByResourceType(WRITE, TOPIC)}; seen in 4.3.1).</li>
 *   <li>No CREATE: the topics are created beforehand by an administrator (the broker super user). The
 *       services' topic bootstrap lists topics first and creates only missing ones, and listing shows
 *       every topic the principal may DESCRIBE, so existing topics need no CREATE.</li>
 * </ul>
 */
public final class ServiceAcls {
    private static final String ANY_HOST = "*";

    private ServiceAcls() {
    }

    /** The producer service: append to the orders topic, idempotently. */
    public static List<AclBinding> producer(String principal, String ordersTopic) {
        return List.of(allow(principal, topic(ordersTopic), AclOperation.WRITE));
    }

    /** The consumer service: read the orders topic in its group, commit offsets, dead-letter poison records. */
    public static List<AclBinding> consumer(String principal, String ordersTopic, String deadLetterTopic, String groupId) {
        return List.of(
                allow(principal, topic(ordersTopic), AclOperation.READ),
                // READ on the group covers joining, fetching and committing its offsets.
                allow(principal, new ResourcePattern(ResourceType.GROUP, groupId, PatternType.LITERAL), AclOperation.READ),
                allow(principal, topic(deadLetterTopic), AclOperation.WRITE));
    }

    /**
     * The Kafka Streams app: read orders, write its output topics and the dead-letter topic, and own
     * everything named after its application id: its consumer group, its internal repartition and
     * changelog topics ({@code <application.id>-...}, created and cleaned by Streams itself) and, for
     * exactly-once, its transactional ids ({@code <application.id>-<process>-<task or thread>}).
     */
    public static List<AclBinding> streams(String principal, String applicationId, String ordersTopic,
                                           Collection<String> outputTopics, String deadLetterTopic) {
        List<AclBinding> acls = new ArrayList<>();
        acls.add(allow(principal, topic(ordersTopic), AclOperation.READ));
        for (String output : outputTopics) {
            acls.add(allow(principal, topic(output), AclOperation.WRITE));
        }
        acls.add(allow(principal, topic(deadLetterTopic), AclOperation.WRITE));
        acls.add(allow(principal, prefixed(ResourceType.TOPIC, applicationId), AclOperation.ALL));
        acls.add(allow(principal, prefixed(ResourceType.GROUP, applicationId), AclOperation.ALL));
        acls.add(allow(principal, prefixed(ResourceType.TRANSACTIONAL_ID, applicationId), AclOperation.WRITE));
        acls.add(allow(principal, prefixed(ResourceType.TRANSACTIONAL_ID, applicationId), AclOperation.DESCRIBE));
        return acls;
    }

    /**
     * Kafka UI, read-only: see the cluster, every topic with its configuration and messages, and every
     * consumer group with its offsets; no READ on groups (that would let it join or commit), no writes.
     */
    public static List<AclBinding> kafkaUi(String principal) {
        ResourcePattern allTopics = new ResourcePattern(ResourceType.TOPIC, ResourcePattern.WILDCARD_RESOURCE, PatternType.LITERAL);
        ResourcePattern allGroups = new ResourcePattern(ResourceType.GROUP, ResourcePattern.WILDCARD_RESOURCE, PatternType.LITERAL);
        ResourcePattern cluster = new ResourcePattern(ResourceType.CLUSTER, Resource.CLUSTER_NAME, PatternType.LITERAL);
        return List.of(
                allow(principal, cluster, AclOperation.DESCRIBE),
                allow(principal, cluster, AclOperation.DESCRIBE_CONFIGS),
                allow(principal, allTopics, AclOperation.READ),
                allow(principal, allTopics, AclOperation.DESCRIBE_CONFIGS),
                allow(principal, allGroups, AclOperation.DESCRIBE));
    }

    /**
     * Creates the ACLs and waits until the broker enforces them: {@code createAcls} completes when the
     * controller has committed them, a moment before the broker's authorizer has loaded them.
     */
    public static void apply(Admin admin, Collection<AclBinding> acls, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            admin.createAcls(acls).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Set<AclBinding> wanted = new HashSet<>(acls);
            while (!admin.describeAcls(AclBindingFilter.ANY).values().get(timeout.toMillis(), TimeUnit.MILLISECONDS).containsAll(wanted)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("ACLs created but not visible on the broker within " + timeout);
                }
                Thread.onSpinWait();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create ACLs: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + timeout + " while creating ACLs", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating ACLs", e);
        }
    }

    private static ResourcePattern topic(String name) {
        return new ResourcePattern(ResourceType.TOPIC, name, PatternType.LITERAL);
    }

    private static ResourcePattern prefixed(ResourceType type, String prefix) {
        return new ResourcePattern(type, prefix, PatternType.PREFIXED);
    }

    private static AclBinding allow(String principal, ResourcePattern resource, AclOperation operation) {
        return new AclBinding(resource, new AccessControlEntry(principal, ANY_HOST, operation, AclPermissionType.ALLOW));
    }
}
