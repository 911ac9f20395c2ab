package io.datastreamscaling.local.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastreamscaling.local.k8s.ManifestFiles.Document;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production overlay's PrometheusRule and Grafana dashboard ConfigMaps are generated from
 * dashboards/ (alerts.yml and the dashboard JSON), the one source the Compose stack reads too.
 *
 * <p>Why generated files and not a kustomize generator: {@code kubectl apply -k} refuses files outside
 * the kustomization's directory (there is no load-restrictor flag on apply), and no kustomize generator
 * wraps a rules file into a PrometheusRule. So the copies are generated, marked as such, and this test
 * fails the moment they differ from dashboards/. To regenerate after changing dashboards/:
 * {@code K8S_REGENERATE=true ./mvnw -pl local/launcher verify -Dtest=MonitoringManifestsTest}.
 */
class MonitoringManifestsTest {
    static final String ALERTS = "dashboards/alerts.yml";
    static final List<String> DASHBOARDS = List.of("dashboards/pipeline-overview.json", "dashboards/service-internals.json");
    static final Path RULE = Path.of("k8s/overlays/prod/generated/prometheusrule-pipeline.yaml");
    static final Path DASHBOARD_MAPS = Path.of("k8s/overlays/prod/generated/grafana-dashboards.yaml");
    private static final String HOW = "Generated from dashboards/ by MonitoringManifestsTest: do not edit. After changing dashboards/, run\n"
            + "#   K8S_REGENERATE=true ./mvnw -pl local/launcher verify -Dtest=MonitoringManifestsTest\n";

    @Test
    void thePrometheusRuleIsGeneratedFromTheAlertRulesOfDashboards() throws IOException {
        assertGenerated(RULE, prometheusRule());

        JsonNode rule = ManifestFiles.YAML.readTree(read(RULE));
        JsonNode source = ManifestFiles.YAML.readTree(read(Path.of(ALERTS)));
        assertEquals(source.path("groups"), rule.path("spec").path("groups"), "the same groups and rules as " + ALERTS);
    }

    @Test
    void theDashboardConfigMapsHoldTheDashboardsOfDashboardsByteForByte() throws IOException {
        assertGenerated(DASHBOARD_MAPS, dashboardConfigMaps());

        List<Document> maps = ManifestFiles.read(DASHBOARD_MAPS, read(DASHBOARD_MAPS));
        assertEquals(DASHBOARDS.size(), maps.size());
        for (int i = 0; i < DASHBOARDS.size(); i++) {
            Path file = Path.of(DASHBOARDS.get(i));
            JsonNode data = maps.get(i).tree().path("data");
            assertEquals(read(file), data.path(file.getFileName().toString()).asText(), () -> "ConfigMap for " + file);
            assertEquals("1", maps.get(i).tree().path("metadata").path("labels").path("grafana_dashboard").asText(),
                    "the label Grafana's dashboard sidecar looks for");
        }
    }

    @Test
    void everyPrometheusRuleOfTheProductionOverlayPassesPromtool(@TempDir Path dir) throws Exception {
        ExternalTool.require("promtool (Debian's prometheus package)", ExternalTool.runs("promtool", "--version"));
        List<Document> rules = RenderedOverlays.ofKind("overlays/prod", "PrometheusRule");

        assertEquals(2, rules.size(), "the pipeline's alerts and the broker alerts");
        for (Document rule : rules) {
            // The operator hands spec (groups: ...) to Prometheus as a rules file.
            Path file = dir.resolve(rule.name() + ".yml");
            Files.writeString(file, ManifestFiles.YAML.writeValueAsString(rule.tree().path("spec")));
            String output = ExternalTool.run(null, null, "promtool", "check", "rules", file.toString());
            assertTrue(output.contains("SUCCESS"), () -> rule + ": " + output);
        }
    }

    static String prometheusRule() throws IOException {
        String alerts = read(Path.of(ALERTS));
        // The file's own header comment is about the file; the rules start at "groups:".
        String rules = alerts.substring(alerts.indexOf("groups:"));
        return "# " + HOW + """
                # The pipeline's alert rules (dashboards/alerts.yml), as the Prometheus operator loads them.
                # Add the label your Prometheus selects rules by (e.g. release: kube-prometheus-stack).
                apiVersion: monitoring.coreos.com/v1
                kind: PrometheusRule
                metadata:
                  name: pipeline-alerts
                spec:
                """ + indent(rules, 2);
    }

    static String dashboardConfigMaps() throws IOException {
        StringBuilder out = new StringBuilder("# " + HOW + """
                # One ConfigMap per dashboard, labelled for Grafana's dashboard sidecar (kube-prometheus-stack:
                # sidecar.dashboards.enabled, searchNamespace ALL or this namespace).
                """);
        for (String dashboard : DASHBOARDS) {
            String file = Path.of(dashboard).getFileName().toString();
            String json = read(Path.of(dashboard));
            assertTrue(json.endsWith("\n") && !json.endsWith("\n\n"), dashboard + " must end with exactly one newline (YAML block scalar)");
            out.append("---\n").append("""
                    apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: grafana-dashboard-%s
                      labels:
                        grafana_dashboard: "1"
                      annotations:
                        grafana_folder: DataStreamScaling
                    data:
                      %s: |
                    """.formatted(file.replace(".json", "").toLowerCase(Locale.ROOT), file)).append(indent(json, 4));
        }
        return out.toString();
    }

    private static void assertGenerated(Path relative, String expected) throws IOException {
        Path file = ManifestFiles.root().resolve(relative);
        if ("true".equals(System.getenv("K8S_REGENERATE"))) {
            Files.writeString(file, expected);
        }
        assertEquals(expected, read(relative), () -> relative + " differs from what dashboards/ generates: " + HOW);
    }

    private static String indent(String text, int spaces) {
        String pad = " ".repeat(spaces);
        return text.lines().map(line -> line.isEmpty() ? "" : pad + line).collect(Collectors.joining("\n", "", "\n"));
    }

    private static String read(Path relative) throws IOException {
        return Files.readString(ManifestFiles.root().resolve(relative));
    }
}
