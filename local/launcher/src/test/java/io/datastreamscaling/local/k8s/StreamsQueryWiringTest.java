package io.datastreamscaling.local.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastreamscaling.local.k8s.ManifestFiles.Document;
import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.streams.StreamsSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Streams on Kubernetes answers interactive queries across pods: what the rendered manifests give a
 * streams pod, read by {@link StreamsSettings} (the code that builds application.server), advertises
 * that pod's own stable DNS name under a headless Service, keeps state on its own volume, and keeps a
 * standby copy. Without STREAMS_ADVERTISED_HOST every pod would advertise "localhost", believe it owns
 * every key, and answer 404 for users another pod holds.
 */
class StreamsQueryWiringTest {
    static final List<String> OVERLAYS = RenderedOverlays.OVERLAYS;

    @ParameterizedTest(name = "k8s/{0}")
    @FieldSource("OVERLAYS")
    void eachPodAdvertisesItsOwnDnsNameUnderAHeadlessService(String overlay) throws Exception {
        List<Document> rendered = RenderedOverlays.of(overlay);
        Document streams = streamsStatefulSet(overlay);
        String serviceName = streams.tree().path("spec").path("serviceName").asText();
        Document service = RenderedOverlays.find(overlay, "Service", serviceName)
                .orElseThrow(() -> new AssertionError("the StatefulSet's serviceName " + serviceName + " is no Service"));
        String namespace = streams.tree().path("metadata").path("namespace").asText();

        assertEquals("None", service.tree().path("spec").path("clusterIP").asText(), "headless: one DNS record per pod");
        assertEquals(streams.tree().path("spec").path("selector").path("matchLabels"), service.tree().path("spec").path("selector"));
        for (String pod : List.of("streams-0", "streams-1")) {
            StreamsSettings settings = settingsOf(rendered, streams, pod);
            assertEquals(pod + "." + serviceName + "." + namespace + ".svc", settings.advertisedHost(),
                    "application.server must be the pod's own stable name, reachable from the other pods");
            assertEquals(service.tree().path("spec").path("ports").path(0).path("port").asInt(), settings.httpPort(),
                    "the advertised port is the one the Service exposes");
        }
    }

    @ParameterizedTest(name = "k8s/{0}")
    @FieldSource("OVERLAYS")
    void stateLivesOnThePodsOwnVolumeWithOneStandby(String overlay) throws Exception {
        Document streams = streamsStatefulSet(overlay);
        StreamsSettings settings = settingsOf(RenderedOverlays.of(overlay), streams, "streams-0");
        JsonNode container = PodEnvironment.containerNamed(RenderedOverlays.podTemplate(streams).path("spec"), "streams");

        assertEquals(1, settings.standbyReplicas(), "num.standby.replicas: a warm copy on another pod");
        String stateVolume = null;
        for (JsonNode mount : container.path("volumeMounts")) {
            if (Path.of(mount.path("mountPath").asText()).equals(settings.stateDir())) {
                stateVolume = mount.path("name").asText();
            }
        }
        assertTrue(stateVolume != null, () -> "nothing is mounted at the state directory " + settings.stateDir());
        String claim = stateVolume;
        assertTrue(streams.tree().path("spec").path("volumeClaimTemplates").findValuesAsText("name").contains(claim),
                () -> "the state directory is volume " + claim + ", which is no volumeClaimTemplate (an emptyDir loses the state)");
    }

    private static Document streamsStatefulSet(String overlay) throws Exception {
        return RenderedOverlays.find(overlay, "StatefulSet", "streams")
                .orElseThrow(() -> new AssertionError("streams is no StatefulSet in k8s/" + overlay));
    }

    private static StreamsSettings settingsOf(List<Document> rendered, Document streams, String pod) {
        Map<String, String> env = PodEnvironment.of(rendered, streams, "streams", pod);
        return StreamsSettings.from(Env.of(env));
    }
}
