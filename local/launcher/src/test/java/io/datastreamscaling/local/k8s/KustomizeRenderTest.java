package io.datastreamscaling.local.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.datastreamscaling.local.k8s.ManifestFiles.Document;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What {@code kubectl apply -k} would send: each kustomization rendered by {@code kubectl kustomize}
 * and every rendered object checked against its schema. Skipped where kubectl is not installed.
 */
class KustomizeRenderTest {

    @ParameterizedTest(name = "k8s/{0}")
    @ValueSource(strings = {"base", "overlays/local", "overlays/local-static-membership", "overlays/prod"})
    void everyKustomizationRendersToValidObjects(String kustomization) throws Exception {
        assumeTrue(kubectlAvailable(), "kubectl is not on PATH: kustomize rendering not checked (the per-file checks still ran)");

        String rendered = run("kubectl", "kustomize", ManifestFiles.k8s().resolve(kustomization).toString());
        List<Document> objects = ManifestFiles.read(Path.of("rendered", kustomization), rendered);

        assertTrue(objects.size() >= 14, "expected at least the 14 base objects, rendered " + objects.size());
        for (Document object : objects) {
            ManifestParsingTest.assertMatchesSchema(object.tree());
            if (!kustomization.equals("base")) {
                assertEquals("datastreamscaling", object.tree().path("metadata").path("namespace").asText(
                        object.kind().equals("Namespace") ? "datastreamscaling" : ""), () -> object + " has no namespace");
            }
        }
    }

    private static boolean kubectlAvailable() {
        try {
            run("kubectl", "version", "--client");
            return true;
        } catch (IOException | AssertionError e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + process.exitValue() + ": " + text);
        }
        return text;
    }
}
