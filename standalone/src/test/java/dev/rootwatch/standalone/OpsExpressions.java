package dev.rootwatch.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.rootwatch.common.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The PromQL that ships with rootwatch: every dashboard panel's queries and every alert rule's expression. */
final class OpsExpressions {

    private static final Pattern METRIC = Pattern.compile("\\b((?:rootwatch|kafka)_[a-z0-9_]+)\\b");

    private OpsExpressions() {
    }

    static Path deploy() {
        return Path.of("..", "deploy").toAbsolutePath().normalize();
    }

    /** Panel title and query of every dashboard under deploy/grafana/dashboards, with Grafana's variables filled in. */
    static Map<String, String> dashboardQueries() throws IOException {
        Map<String, String> queries = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(deploy().resolve("grafana/dashboards"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                for (JsonNode panel : Json.mapper().readTree(file.toFile()).path("panels")) {
                    for (JsonNode target : panel.path("targets")) {
                        String expr = target.path("expr").asText().replace("$__rate_interval", "1m");
                        queries.put(file.getFileName() + ": " + panel.path("title").asText() + " [" + target.path("refId").asText()
                                + "]", expr);
                    }
                }
            }
        }
        return queries;
    }

    /** Alert name and expression of every rule in deploy/prometheus/rules.yml. */
    static Map<String, String> ruleExpressions() throws IOException {
        Map<String, String> rules = new LinkedHashMap<>();
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(deploy().resolve("prometheus/rules.yml").toFile());
        for (JsonNode group : root.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                rules.put(rule.path("alert").asText(), rule.path("expr").asText());
            }
        }
        return rules;
    }

    /** The rootwatch and Kafka metric names an expression reads. */
    static Set<String> metricNames(String expr) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(expr);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    static List<String> allMetricNames() throws IOException {
        Set<String> names = new TreeSet<>();
        dashboardQueries().values().forEach(e -> names.addAll(metricNames(e)));
        ruleExpressions().values().forEach(e -> names.addAll(metricNames(e)));
        return new ArrayList<>(names);
    }
}
