package io.datastreamscaling.local.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * promtool on the Compose Prometheus config and the alert rules: the config and the rules are valid
 * for Prometheus itself, and each alert fires on its synthetic failure and stays silent otherwise
 * ({@code dashboards/alerts.test.yml}). Fails in CI when promtool is missing, skips elsewhere.
 */
class PromtoolChecksTest {
    /** Where Compose mounts dashboards/alerts.yml in the Prometheus container. */
    static final String RULES_IN_CONTAINER = "/etc/prometheus/alerts.yml";
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Path promtool;

    @BeforeEach
    void findPromtool() {
        promtool = PrometheusTools.require("promtool");
    }

    @Test
    void theComposePrometheusConfigIsValidWithTheRepositorysRuleFile(@TempDir Path work) throws Exception {
        // promtool reads the rule files the config names: point it at the repository's file, which
        // Compose mounts at RULES_IN_CONTAINER. Scrape hostnames (producer:8081) are not resolved.
        String config = Files.readString(StackFiles.ROOT.resolve("docker/prometheus/prometheus.yml"))
                .replace(RULES_IN_CONTAINER, StackFiles.ROOT.resolve("dashboards/alerts.yml").toString());
        assertFalse(config.contains("/etc/prometheus/"), "prometheus.yml names a file under /etc/prometheus/ this test does not map");
        Path copy = Files.writeString(work.resolve("prometheus.yml"), config);

        assertSucceeds(List.of(promtool.toString(), "check", "config", copy.toString()), work);
    }

    @Test
    void theAlertRulesAreValid() throws Exception {
        assertSucceeds(List.of(promtool.toString(), "check", "rules", "alerts.yml"), StackFiles.ROOT.resolve("dashboards"));
    }

    @Test
    void eachAlertFiresOnItsFailureAndStaysSilentOtherwise() throws Exception {
        assertSucceeds(List.of(promtool.toString(), "test", "rules", "alerts.test.yml"), StackFiles.ROOT.resolve("dashboards"));
    }

    private static void assertSucceeds(List<String> command, Path workingDir) throws Exception {
        PrometheusTools.Result result = PrometheusTools.run(command, workingDir, TIMEOUT);
        assertEquals(0, result.exitCode(), () -> String.join(" ", command) + " failed:\n" + result.output());
    }
}
