package dev.rootwatch.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rootwatch.common.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A real Alertmanager (the Debian package's binary) on loopback, alone (no cluster), with a given
 * {@code resolve_timeout} and a receiver that sends nowhere: what tests ask it is which alerts it
 * holds as active.
 */
final class AlertmanagerServer implements AutoCloseable {

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private AlertmanagerServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The Alertmanager binary on the PATH (Debian names it prometheus-alertmanager), if installed. */
    static Optional<Path> binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            for (String name : List.of("prometheus-alertmanager", "alertmanager")) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    static AlertmanagerServer start(Path binary, Path workDir, Duration resolveTimeout) throws IOException, InterruptedException {
        int port = JavaProcess.freePort();
        Path config = Files.writeString(workDir.resolve("alertmanager.yml"), """
                global:
                  resolve_timeout: %ds
                route:
                  receiver: nowhere
                  group_wait: 1s
                  group_interval: 1s
                receivers:
                  - name: nowhere
                """.formatted(resolveTimeout.toSeconds()));
        Process process = new ProcessBuilder(binary.toString(),
                "--config.file=" + config,
                "--storage.path=" + Files.createDirectories(workDir.resolve("alertmanager-data")),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=")
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("alertmanager.log").toFile())
                .start();
        AlertmanagerServer server = new AlertmanagerServer(process, port);
        server.awaitReady();
        return server;
    }

    private void awaitReady() throws IOException, InterruptedException {
        ServerProcess.awaitReady(process, "alertmanager", url());
    }

    /** The base URL, as rootwatch's alertmanager sink takes it. */
    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The alerts Alertmanager holds as active now (not resolved, not expired), each as its JSON. */
    List<JsonNode> activeAlerts() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/api/v2/alerts?active=true&silenced=false"
                + "&inhibited=false&unprocessed=true")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        List<JsonNode> alerts = new ArrayList<>();
        Json.mapper().readTree(r.body()).forEach(alerts::add);
        return alerts;
    }

    /** Whether an active alert with {@code alertname} is held for {@code accountId}. */
    boolean active(String alertname, String accountId) throws IOException, InterruptedException {
        return activeAlerts().stream().anyMatch(a -> alertname.equals(a.path("labels").path("alertname").asText())
                && accountId.equals(a.path("labels").path("account_id").asText()));
    }

    @Override
    public void close() {
        ServerProcess.stop(process);
    }
}
