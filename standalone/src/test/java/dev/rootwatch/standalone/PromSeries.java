package dev.rootwatch.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One series as Prometheus names it: a metric name and its labels. Read from a {@code /metrics}
 * scrape (the text exposition format) or from the {@code series:} of a promtool rule test, so the
 * two can be compared: a rule test is only worth something when its input series are series
 * rootwatch really exposes.
 */
record PromSeries(String name, Map<String, String> labels) {

    /** Labels Prometheus adds to every scraped series (the target's), not rootwatch. */
    static final Set<String> TARGET_LABELS = Set.of("job", "instance");

    /**
     * Labels whose values are data of a deployment, not of rootwatch's code: any value is as
     * good as the recorded one. Every other label value must be one rootwatch was seen to expose.
     * (A Kafka client's partitions are its topics' and its group's: which changelog partitions a
     * restore consumer read differs from run to run.)
     */
    static final Set<String> DEPLOYMENT_LABELS = Set.of("account_id", "sink", "service", "client_id", "kafka_version", "job",
            "instance", "partition");

    PromSeries {
        labels = Map.copyOf(labels);
    }

    /** Parses {@code name{a="b",...}} with an optional value after it. */
    static PromSeries parse(String text) {
        String line = text.strip();
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        if (brace < 0 || (space >= 0 && space < brace)) {
            return new PromSeries(space < 0 ? line : line.substring(0, space), Map.of());
        }
        String name = line.substring(0, brace);
        Map<String, String> labels = new TreeMap<>();
        int i = brace + 1;
        while (i < line.length() && line.charAt(i) != '}') {
            int equals = line.indexOf('=', i);
            String label = line.substring(i, equals).strip();
            i = equals + 1;
            if (line.charAt(i) != '"') {
                throw new IllegalArgumentException("label value not quoted: " + text);
            }
            StringBuilder value = new StringBuilder();
            i++;
            while (line.charAt(i) != '"') {
                char c = line.charAt(i);
                if (c == '\\') {
                    char next = line.charAt(++i);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(c);
                }
                i++;
            }
            labels.put(label, value.toString());
            i++;
            while (i < line.length() && (line.charAt(i) == ',' || line.charAt(i) == ' ')) {
                i++;
            }
        }
        return new PromSeries(name, labels);
    }

    /** Every series of a scrape in the text exposition format. */
    static List<PromSeries> scrape(String exposition) {
        List<PromSeries> series = new ArrayList<>();
        for (String line : exposition.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                series.add(parse(line));
            }
        }
        return series;
    }

    /** Every {@code input_series} of a promtool rule test file. */
    static List<PromSeries> ruleTestInputs(Path rulesTest) throws IOException {
        List<PromSeries> series = new ArrayList<>();
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(rulesTest.toFile());
        for (JsonNode test : root.path("tests")) {
            for (JsonNode input : test.path("input_series")) {
                series.add(parse(input.path("series").asText()));
            }
        }
        return series;
    }

    /**
     * The rule-test series that no scraped series backs: same name, the same label names (besides
     * the target's), and the same values wherever the value is rootwatch's rather than the
     * deployment's. Series of Prometheus's own ({@code up}) are not rootwatch's to expose.
     */
    static List<String> unbacked(List<PromSeries> ruleInputs, List<PromSeries> scraped) {
        List<String> unbacked = new ArrayList<>();
        for (PromSeries input : ruleInputs) {
            if (input.name().equals("up")) {
                continue;
            }
            if (scraped.stream().noneMatch(live -> live.backs(input))) {
                unbacked.add(input.toString());
            }
        }
        return unbacked;
    }

    private boolean backs(PromSeries input) {
        if (!name.equals(input.name())) {
            return false;
        }
        Set<String> inputNames = new HashSet<>(input.labels().keySet());
        inputNames.removeAll(TARGET_LABELS);
        Set<String> ownNames = new HashSet<>(labels.keySet());
        ownNames.removeAll(TARGET_LABELS);
        if (!inputNames.equals(ownNames)) {
            return false;
        }
        for (String label : inputNames) {
            if (!DEPLOYMENT_LABELS.contains(label) && !labels.get(label).equals(input.labels().get(label))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(name);
        if (!labels.isEmpty()) {
            text.append('{');
            new TreeMap<>(labels).forEach((k, v) -> text.append(k).append("=\"")
                    .append(v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append("\","));
            text.setLength(text.length() - 1);
            text.append('}');
        }
        return text.toString();
    }
}
