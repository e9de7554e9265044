package dev.rootwatch.standalone;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The README's metrics reference, and the rootwatch metric families a running /metrics endpoint exposes. */
final class MetricsReference {

    private static final Pattern HELP = Pattern.compile("^# HELP (rootwatch_[a-z0-9_]+) (.*)$", Pattern.MULTILINE);
    private static final Pattern TYPE = Pattern.compile("^# TYPE (rootwatch_[a-z0-9_]+) ([a-z]+)$", Pattern.MULTILINE);
    private static final Pattern ROW = Pattern.compile("^\\| `(rootwatch_[a-z0-9_]+)` \\|", Pattern.MULTILINE);

    private MetricsReference() {
    }

    static String scrape(String hostPort) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + hostPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Family name to {type, labels, help}. */
    static Map<String, String[]> families(String exposition) {
        Map<String, String[]> families = new TreeMap<>();
        Matcher help = HELP.matcher(exposition);
        while (help.find()) {
            families.put(help.group(1), new String[] {"", "", help.group(2)});
        }
        Matcher type = TYPE.matcher(exposition);
        while (type.find()) {
            String[] f = families.get(type.group(1));
            if (f != null) {
                f[0] = type.group(2);
            }
        }
        for (Map.Entry<String, String[]> e : families.entrySet()) {
            Set<String> labels = new TreeSet<>();
            Matcher sample = Pattern.compile("^" + e.getKey() + "(?:_bucket|_count|_sum|_max|_total|_created)?\\{([^}]*)\\}",
                    Pattern.MULTILINE).matcher(exposition);
            while (sample.find()) {
                for (String pair : sample.group(1).split(",")) {
                    String label = pair.substring(0, pair.indexOf('='));
                    if (!label.equals("le") && !label.equals("quantile")) {
                        labels.add(label);
                    }
                }
            }
            e.getValue()[1] = String.join(", ", labels);
        }
        return families;
    }

    static String markdown(Map<String, String[]> families) {
        StringBuilder sb = new StringBuilder("| metric | type | labels | what it counts |\n|---|---|---|---|\n");
        families.forEach((name, f) -> sb.append("| `").append(name).append("` | ").append(f[0]).append(" | ").append(f[1])
                .append(" | ").append(f[2].replace("|", "\\|")).append(" |\n"));
        return sb.toString();
    }

    /** Metric names in the README's metrics reference section. */
    static Set<String> documented() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int from = readme.indexOf("<!-- metrics-reference:start -->");
        int to = readme.indexOf("<!-- metrics-reference:end -->");
        Set<String> names = new TreeSet<>();
        if (from < 0 || to < from) {
            return names;
        }
        Matcher row = ROW.matcher(readme.substring(from, to));
        while (row.find()) {
            names.add(row.group(1));
        }
        return names;
    }
}
