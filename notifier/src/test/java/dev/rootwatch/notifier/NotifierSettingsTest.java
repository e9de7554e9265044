package dev.rootwatch.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.ConfigException;
import dev.rootwatch.common.config.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifierSettingsTest {

    @TempDir
    Path directory;

    @Test
    void defaultsToTheConsoleSinkOnly() {
        // Given the default configuration
        NotifierSettings settings = NotifierSettings.from(Config.defaults());

        // Then the notifier prints to the console in its default group
        assertThat(settings.groupId()).isEqualTo("rootwatch-notifier");
        assertThat(settings.createSinks()).extracting(AlertSink::name).containsExactly("console");
    }

    @Test
    void addsTheFileSinkWhenAPathIsGiven() {
        // Given a file path and a group id
        Path file = directory.resolve("alerts.jsonl");
        Config config = Config.defaults()
                .with(Settings.NOTIFIER_FILE_PATH, file.toString())
                .with(Settings.NOTIFIER_GROUP_ID, "team-a");

        // When the sinks are created
        NotifierSettings settings = NotifierSettings.from(config);
        List<AlertSink> sinks = settings.createSinks(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        // Then both sinks are on
        assertThat(settings.groupId()).isEqualTo("team-a");
        assertThat(sinks).extracting(AlertSink::name).containsExactly("console", "file");
        assertThat(((JsonLinesFileSink) sinks.get(1)).path()).isEqualTo(file.toAbsolutePath());
        sinks.forEach(AlertSink::close);
    }

    @Test
    void rejectsAConfigurationWithoutAnySink() {
        // Given the console switched off and no file
        Config config = Config.defaults().with(Settings.NOTIFIER_CONSOLE_ENABLED, false);

        // Then the settings are refused at start-up, naming the keys
        assertThatThrownBy(() -> NotifierSettings.from(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("notifier.console.enabled")
                .hasMessageContaining("notifier.file.path");
    }
}
