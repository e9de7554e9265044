package dev.rootwatch.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rootwatch.common.json.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real Prometheus server (the Debian package's binary) on loopback, scraping given targets
 * every second, for tests that check dashboards and rules against what rootwatch exposes.
 */
final class PrometheusServer implements AutoCloseable {

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private PrometheusServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The prometheus binary on the PATH, if installed. */
    static Optional<Path> binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, "prometheus");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * @param jobs job name and host:port target, pairs
     */
    static PrometheusServer start(Path binary, Path workDir, Path rules, List<String[]> jobs) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        StringBuilder config = new StringBuilder("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n");
        config.append("rule_files:\n  - ").append(rules.toAbsolutePath()).append("\nscrape_configs:\n");
        for (String[] job : jobs) {
            config.append("  - job_name: ").append(job[0]).append("\n    static_configs:\n      - targets: [\"")
                    .append(job[1]).append("\"]\n");
        }
        Path configFile = Files.writeString(workDir.resolve("prometheus.yml"), config.toString());
        Process process = new ProcessBuilder(binary.toString(),
                "--config.file=" + configFile,
                "--storage.tsdb.path=" + Files.createDirectories(workDir.resolve("data")),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("prometheus.log").toFile())
                .start();
        PrometheusServer server = new PrometheusServer(process, port);
        server.awaitReady();
        return server;
    }

    private void awaitReady() throws IOException, InterruptedException {
        ServerProcess.awaitReady(process, "prometheus", base());
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    /** The result array of an instant query. */
    JsonNode query(String promql) throws IOException, InterruptedException {
        String url = base() + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = Json.mapper().readTree(r.body());
        if (!"success".equals(body.path("status").asText())) {
            throw new IOException("query failed: " + promql + ": " + body.path("error").asText());
        }
        return body.path("data").path("result");
    }

    /** The result array of a range query over [{@code start}, now], one point per {@code step}. */
    JsonNode queryRange(String promql, java.time.Instant start, Duration step) throws IOException, InterruptedException {
        String url = base() + "/api/v1/query_range?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&start=" + start.getEpochSecond() + "&end=" + java.time.Instant.now().getEpochSecond() + "&step=" + step.toSeconds() + "s";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = Json.mapper().readTree(r.body());
        if (!"success".equals(body.path("status").asText())) {
            throw new IOException("range query failed: " + promql + ": " + body.path("error").asText());
        }
        return body.path("data").path("result");
    }

    /**
     * The names of the alerts that were firing at any evaluation since {@code start}: Prometheus
     * keeps every rule's state in its {@code ALERTS} series, so an alert that fired and resolved
     * again is still found.
     */
    java.util.Set<String> alertsFiredSince(java.time.Instant start) throws IOException, InterruptedException {
        java.util.Set<String> fired = new java.util.TreeSet<>();
        for (JsonNode series : queryRange("ALERTS{alertstate=\"firing\"}", start, Duration.ofSeconds(1))) {
            fired.add(series.path("metric").path("alertname").asText());
        }
        return fired;
    }

    /** Active targets that are up. */
    long targetsUp() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/targets")).build(),
                HttpResponse.BodyHandlers.ofString());
        long up = 0;
        for (JsonNode t : Json.mapper().readTree(r.body()).path("data").path("activeTargets")) {
            if ("up".equals(t.path("health").asText())) {
                up++;
            }
        }
        return up;
    }

    @Override
    public void close() {
        ServerProcess.stop(process);
    }
}
