package io.datastreamscaling.local.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastreamscaling.local.k8s.ManifestFiles.Document;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What {@code kubectl apply -k} would send for each kustomization: rendered once per test JVM by {@code kubectl kustomize}. */
final class RenderedOverlays {
    static final List<String> KUSTOMIZATIONS = List.of("base", "overlays/local", "overlays/local-static-membership", "overlays/prod");
    /** The kustomizations a cluster is given (base alone has no namespace). */
    static final List<String> OVERLAYS = KUSTOMIZATIONS.subList(1, KUSTOMIZATIONS.size());
    private static final Map<String, List<Document>> RENDERED = new HashMap<>();

    private RenderedOverlays() {
    }

    static void requireKubectl() {
        ExternalTool.require("kubectl (kustomize rendering)", ExternalTool.runs("kubectl", "version", "--client"));
    }

    static synchronized List<Document> of(String kustomization) throws Exception {
        requireKubectl();
        List<Document> objects = RENDERED.get(kustomization);
        if (objects == null) {
            String rendered = ExternalTool.run(null, null, "kubectl", "kustomize", ManifestFiles.k8s().resolve(kustomization).toString());
            objects = ManifestFiles.read(Path.of("rendered", kustomization), rendered);
            RENDERED.put(kustomization, objects);
        }
        return objects;
    }

    static List<Document> ofKind(String kustomization, String kind) throws Exception {
        return of(kustomization).stream().filter(d -> d.kind().equals(kind)).toList();
    }

    static Optional<Document> find(String kustomization, String kind, String name) throws Exception {
        return ofKind(kustomization, kind).stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** The pod template of a Deployment or StatefulSet, as a tree; missing for other kinds. */
    static JsonNode podTemplate(Document workload) {
        return workload.tree().path("spec").path("template");
    }

    static boolean isWorkload(Document object) {
        return object.kind().equals("Deployment") || object.kind().equals("StatefulSet");
    }
}
