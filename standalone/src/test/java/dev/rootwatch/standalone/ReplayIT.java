package dev.rootwatch.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rootwatch.common.json.Json;
import dev.rootwatch.common.model.Alert;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rootwatch replay} end to end: the real pipeline on its embedded broker, in this JVM. */
class ReplayIT {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    private int replay(String... args) {
        Rootwatch rootwatch = new Rootwatch(Map.of(), new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        String[] all = new String[args.length + 1];
        all[0] = "replay";
        System.arraycopy(args, 0, all, 1, args.length);
        return rootwatch.execute(all);
    }

    @Test
    void writesTheExactAlertSetAndCountsBadFilesAsDeadLetters() throws Exception {
        // Given the demo scenario's files, plus a truncated gzip log file and a file that is not JSON
        Path input = Files.createDirectories(dir.resolve("input"));
        DemoScenarioAlerts.copyInto(input);
        byte[] logFile = Files.readAllBytes(input.resolve("02-root-login-with-mfa.json"));
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(logFile);
        }
        Files.write(input.resolve("02b-damaged.json.gz"), Arrays.copyOf(gz.toByteArray(), gz.size() - 12));
        Files.writeString(input.resolve("02c-notes.txt"), "these are not CloudTrail events\n");
        Path out = dir.resolve("out/alerts.jsonl");

        // When it is replayed
        int exit = replay("--alerts-out", out.toString(), input.toString());

        // Then every alert of the good files is written, once, and the bad files are counted, not fatal
        assertThat(exit).as(stderr.toString(StandardCharsets.UTF_8)).isZero();
        List<Alert> alerts = DemoScenarioAlerts.read(out);
        DemoScenarioAlerts.assertExactly(alerts);
        JsonNode summary = Json.mapper().readTree(stdout.toString(StandardCharsets.UTF_8).trim());
        assertThat(summary.get("files").asLong()).isEqualTo(9);
        assertThat(summary.get("alerts").asLong()).isEqualTo(12);
        // the damaged copy of step 2 lost only its gzip trailer: its two root events were read before the
        // damage and are duplicates of step 2's, so they raise nothing twice
        assertThat(summary.get("relevant").asLong()).isEqualTo(9);
        assertThat(summary.get("duplicates").asLong()).isEqualTo(3);
        assertThat(summary.get("deadLettered").asLong()).isEqualTo(2);
        assertThat(stdout.toString(StandardCharsets.UTF_8).lines()).as("stdout holds only the summary").hasSize(1);
    }

    @Test
    void givesTheSameAlertsEveryTime() throws Exception {
        // Given the same input replayed twice
        Path input = Files.createDirectories(dir.resolve("input"));
        DemoScenarioAlerts.copyInto(input);

        assertThat(replay("--alerts-out", dir.resolve("a.jsonl").toString(), input.toString())).isZero();
        assertThat(replay("--alerts-out", dir.resolve("b.jsonl").toString(), input.toString())).isZero();

        // Then both runs raise the same alerts with the same ids and fingerprints
        List<Alert> first = DemoScenarioAlerts.read(dir.resolve("a.jsonl"));
        List<Alert> second = DemoScenarioAlerts.read(dir.resolve("b.jsonl"));
        assertThat(second).extracting(Alert::alertId, Alert::fingerprint)
                .containsExactlyInAnyOrderElementsOf(first.stream().map(a -> org.assertj.core.api.Assertions.tuple(
                        a.alertId(), a.fingerprint())).toList());
    }

    @Test
    void refusesAnUnknownConfigKeyWithAClearMessage() throws Exception {
        Path config = Files.writeString(dir.resolve("rootwatch.yaml"), "kafka:\n  partitons: 3\n");
        Files.writeString(dir.resolve("e.json"), "{}");

        int exit = replay("--config", config.toString(), "--alerts-out", dir.resolve("o.jsonl").toString(),
                dir.resolve("e.json").toString());

        assertThat(exit).isEqualTo(Rootwatch.CONFIG_ERROR);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("kafka.partitons");
    }
}
