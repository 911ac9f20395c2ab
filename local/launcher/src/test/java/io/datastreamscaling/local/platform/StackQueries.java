package io.datastreamscaling.local.platform;

import static io.datastreamscaling.local.platform.StackFiles.list;
import static io.datastreamscaling.local.platform.StackFiles.map;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The PromQL of the stack: dashboard panel targets, dashboard variables and alert rules, keyed by where each is. */
final class StackQueries {
    static final List<String> DASHBOARDS = List.of("dashboards/pipeline-overview.json", "dashboards/service-internals.json");
    static final String ALERTS = "dashboards/alerts.yml";

    private StackQueries() {
    }

    /** Every panel target's expression, as Grafana sends it (with $service, $__rate_interval, …). */
    static Map<String, String> panelTargets() {
        Map<String, String> queries = new TreeMap<>();
        for (String file : DASHBOARDS) {
            for (JsonNode panel : StackFiles.json(file).path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    queries.put(file + " / " + panel.path("title").asText() + " / " + target.path("refId").asText(),
                            target.path("expr").asText());
                }
            }
        }
        return queries;
    }

    /** The series selector of each dashboard variable defined by {@code label_values(selector, label)}. */
    static Map<String, String> variableSelectors() {
        Map<String, String> queries = new TreeMap<>();
        for (String file : DASHBOARDS) {
            for (JsonNode variable : StackFiles.json(file).path("templating").path("list")) {
                String definition = variable.path("definition").asText();
                queries.put(file + " / $" + variable.path("name").asText(),
                        definition.replaceFirst("^label_values\\(([^,]+),.*$", "$1"));
            }
        }
        return queries;
    }

    /** Every alert rule's expression, by alert name. */
    static Map<String, String> alertExpressions() {
        Map<String, String> queries = new TreeMap<>();
        for (Object group : list(StackFiles.yaml(ALERTS).get("groups"))) {
            for (Object rule : list(map(group).get("rules"))) {
                queries.put(map(rule).get("alert").toString(), map(rule).get("expr").toString());
            }
        }
        return queries;
    }

    /** All of the above, keyed by file and place. */
    static Map<String, String> all() {
        Map<String, String> queries = new TreeMap<>(panelTargets());
        queries.putAll(variableSelectors());
        alertExpressions().forEach((alert, expr) -> queries.put(ALERTS + " / " + alert, expr));
        return queries;
    }
}
