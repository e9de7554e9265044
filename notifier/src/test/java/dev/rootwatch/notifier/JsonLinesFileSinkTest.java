package dev.rootwatch.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootwatch.common.json.Json;
import dev.rootwatch.common.model.Alert;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesFileSinkTest {

    @TempDir
    Path directory;

    @Test
    void writesOneAlertPerLineThatReadsBackEqual() throws Exception {
        // Given a file sink in a directory that does not exist yet
        Path file = directory.resolve("out/nested/alerts.jsonl");
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            alerts.add(TestAlerts.loginWithoutMfa("a-" + i, "11112222333" + (i % 3)));
        }
        JsonLinesFileSink sink = new JsonLinesFileSink(file);

        // When every alert is delivered
        for (Alert alert : alerts) {
            sink.deliver(alert);
        }

        // Then the file holds one rootwatch.alert/v1 line per alert, readable before close
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(25).allSatisfy(line -> assertThat(line).startsWith("{\"schema\":\"rootwatch.alert/v1\""));
        assertThat(readAlerts(lines)).containsExactlyElementsOf(alerts);
        sink.close();
    }

    @Test
    void appendsToAnExistingFileAcrossRestarts() throws Exception {
        // Given a file written by an earlier notifier
        Path file = directory.resolve("alerts.jsonl");
        JsonLinesFileSink first = new JsonLinesFileSink(file);
        first.deliver(TestAlerts.loginWithoutMfa("a-1", "111122223333"));
        first.close();

        // When a new sink delivers another alert
        JsonLinesFileSink second = new JsonLinesFileSink("file", file, false);
        second.deliver(TestAlerts.loginWithoutMfa("a-2", "111122223333"));
        second.close();

        // Then both are there, in order
        assertThat(readAlerts(Files.readAllLines(file))).extracting(Alert::alertId).containsExactly("a-1", "a-2");
    }

    @Test
    void startsOnAFreshLineAfterACrashLeftAHalfLine() throws Exception {
        // Given a file whose last line was cut off
        Path file = directory.resolve("alerts.jsonl");
        Files.writeString(file, "{\"schema\":\"rootwatch.alert/v1\",\"alertId\":\"cut", StandardCharsets.UTF_8);

        // When a new sink delivers an alert
        JsonLinesFileSink sink = new JsonLinesFileSink(file);
        sink.deliver(TestAlerts.loginWithoutMfa("a-1", "111122223333"));
        sink.close();

        // Then the new alert is a line of its own that parses
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        assertThat(readAlerts(lines.subList(1, 2))).extracting(Alert::alertId).containsExactly("a-1");
    }

    @Test
    void writesNullFieldsSoEveryLineHasTheWholeSchema() throws Exception {
        // Given an alert without source address
        Path file = directory.resolve("alerts.jsonl");
        JsonLinesFileSink sink = new JsonLinesFileSink(file);

        // When it is delivered
        sink.deliver(TestAlerts.loginWithoutMfa("a-1", "111122223333", null, null));
        sink.close();

        // Then the line names the field with null
        assertThat(Files.readString(file)).contains("\"sourceIp\":null", "\"userAgent\":null");
    }

    private static List<Alert> readAlerts(List<String> lines) throws IOException {
        List<Alert> alerts = new ArrayList<>();
        for (String line : lines) {
            alerts.add(Json.mapper().readValue(line, Alert.class));
        }
        return alerts;
    }
}
