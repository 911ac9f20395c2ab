package io.datastreamscaling.local.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datastreamscaling.local.k8s.ManifestFiles.Document;
import io.datastreamscaling.local.scaling.ScalingDemo;
import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.config.InvalidSettingException;
import io.datastreamscaling.shared.config.KafkaSettings;
import io.datastreamscaling.shared.config.KafkaSettings.Client;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The workloads under k8s/ agree with the services: ports, probe paths, images, variables. */
class WorkloadConsistencyTest {
    private static final Pattern EXPANSION = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    @ParameterizedTest
    @EnumSource(DeployedService.class)
    void containerListensOnTheDesignPortWithHealthProbesAndScrapeAnnotations(DeployedService service) {
        for (PodTemplateSpec pod : podTemplates(service)) {
            Container container = container(pod, service);

            assertEquals(service.image(), container.getImage().split(":")[0]);
            assertEquals(service.port, container.getPorts().get(0).getContainerPort());
            assertEquals("http", container.getPorts().get(0).getName());
            assertEquals("/health/live", container.getLivenessProbe().getHttpGet().getPath());
            assertEquals("/health/ready", container.getReadinessProbe().getHttpGet().getPath());
            assertEquals("/health/live", container.getStartupProbe().getHttpGet().getPath());
            assertEquals(Map.of("prometheus.io/scrape", "true", "prometheus.io/port", Integer.toString(service.port),
                    "prometheus.io/path", "/metrics"), pod.getMetadata().getAnnotations());
        }
        Service kubernetesService = bind(ManifestFiles.one("base", "Service", service.workload()), Service.class);
        assertEquals(service.port, kubernetesService.getSpec().getPorts().get(0).getPort());
        assertEquals(Integer.toString(service.port), configValue(service.workload() + "-config", "HTTP_PORT"));
    }

    @ParameterizedTest
    @EnumSource(DeployedService.class)
    void everyVariableGivenToAServiceIsOneItReads(DeployedService service) {
        Set<String> given = new TreeSet<>();
        Set<String> onlyExpanded = new TreeSet<>();
        for (Document workload : workloadDocuments(service)) {
            PodTemplateSpec pod = podTemplate(workload);
            Container container = container(pod, service);
            container.getEnv().stream().map(EnvVar::getName).forEach(given::add);
            // Downward-API helpers such as POD_NAME exist to be expanded into another variable ($(POD_NAME)).
            for (EnvVar variable : container.getEnv()) {
                Matcher reference = EXPANSION.matcher(variable.getValue() == null ? "" : variable.getValue());
                while (reference.find()) {
                    onlyExpanded.add(reference.group(1));
                }
            }
            for (EnvFromSource source : container.getEnvFrom()) {
                for (Document map : ManifestFiles.find("", "ConfigMap", source.getConfigMapRef().getName())) {
                    given.addAll(bind(map, ConfigMap.class).getData().keySet());
                }
            }
        }

        assertFalse(given.isEmpty());
        given.removeAll(onlyExpanded);
        for (String variable : given) {
            assertTrue(isReadBy(service, variable), () -> service + " is given " + variable + ", which it does not read");
        }
    }

    @Test
    void producerAndStreamsScaleOnCpuAndStreamsNeverBeyondThePartitions() {
        for (DeployedService service : List.of(DeployedService.PRODUCER, DeployedService.STREAMS)) {
            HorizontalPodAutoscaler hpa = bind(ManifestFiles.one("base", "HorizontalPodAutoscaler", service.workload()),
                    HorizontalPodAutoscaler.class);

            assertEquals(service.workload(), hpa.getSpec().getScaleTargetRef().getName());
            assertEquals("cpu", hpa.getSpec().getMetrics().get(0).getResource().getName());
            assertTrue(hpa.getSpec().getMaxReplicas() <= ScalingDemo.ORDERS_PARTITIONS, "more instances than partitions sit idle");
        }
    }

    @ParameterizedTest
    @EnumSource(DeployedService.class)
    void everyServiceHasADisruptionBudgetSelectingItsPods(DeployedService service) {
        PodDisruptionBudget pdb = bind(ManifestFiles.one("base", "PodDisruptionBudget", service.workload()), PodDisruptionBudget.class);

        assertEquals(Map.of("app.kubernetes.io/name", service.workload()), pdb.getSpec().getSelector().getMatchLabels());
        for (PodTemplateSpec pod : podTemplates(service)) {
            assertEquals(service.workload(), pod.getMetadata().getLabels().get("app.kubernetes.io/name"));
        }
    }

    @Test
    void staticMembershipTakesTheGroupInstanceIdFromThePodName() {
        StatefulSet consumer = bind(ManifestFiles.one("components/consumer-static-membership", "StatefulSet", "consumer"),
                StatefulSet.class);

        EnvVar instanceId = container(consumer.getSpec().getTemplate(), DeployedService.CONSUMER).getEnv().stream()
                .filter(e -> e.getName().equals("CONSUMER_GROUP_INSTANCE_ID")).findFirst().orElseThrow();
        assertEquals("metadata.name", instanceId.getValueFrom().getFieldRef().getFieldPath());
    }

    static boolean isReadBy(DeployedService service, String variable) {
        if (DeployedService.COMMON_VARIABLES.contains(variable) || service.variables.contains(variable)) {
            return true;
        }
        for (Client client : service.kafkaClients) {
            if (variable.startsWith(client.prefix())) {
                try {
                    // the services' own check: an unknown client property fails their start-up
                    KafkaSettings.passThrough(Env.of(Map.of(variable, "x")), client);
                    return true;
                } catch (InvalidSettingException e) {
                    return false;
                }
            }
        }
        return false;
    }

    /** The value a ConfigMap of base/ gives a variable. */
    static String configValue(String configMap, String variable) {
        return bind(ManifestFiles.one("base", "ConfigMap", configMap), ConfigMap.class).getData().get(variable);
    }

    static <T> T bind(Document document, Class<T> type) {
        return StrictKubernetesModel.bind(document.tree(), type);
    }

    /** Every Deployment or StatefulSet document of the service, whole or patch, anywhere under k8s/. */
    private static List<Document> workloadDocuments(DeployedService service) {
        List<Document> result = new ArrayList<>(ManifestFiles.find("", "Deployment", service.workload()));
        result.addAll(ManifestFiles.find("", "StatefulSet", service.workload()));
        return result;
    }

    /** The pod templates of the complete workloads (those that name an image). */
    private static List<PodTemplateSpec> podTemplates(DeployedService service) {
        List<PodTemplateSpec> pods = workloadDocuments(service).stream().map(WorkloadConsistencyTest::podTemplate)
                .filter(pod -> container(pod, service).getImage() != null).toList();
        assertFalse(pods.isEmpty(), () -> "no workload for " + service);
        return pods;
    }

    private static PodTemplateSpec podTemplate(Document workload) {
        return workload.kind().equals("StatefulSet") ? bind(workload, StatefulSet.class).getSpec().getTemplate()
                : bind(workload, Deployment.class).getSpec().getTemplate();
    }

    private static Container container(PodTemplateSpec pod, DeployedService service) {
        return pod.getSpec().getContainers().stream().filter(c -> c.getName().equals(service.workload())).findFirst()
                .orElseThrow(() -> new AssertionError("no container named " + service.workload()));
    }
}
