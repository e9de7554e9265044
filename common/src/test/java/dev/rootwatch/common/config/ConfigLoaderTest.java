package dev.rootwatch.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        Path file = dir.resolve("rootwatch.yaml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void usesDefaultsWhenNothingIsGiven() {
        Config config = ConfigLoader.load(null, Map.of());

        assertThat(config.get(Settings.KAFKA_TOPIC_PREFIX)).isEqualTo("rootwatch.");
        assertThat(config.get(Settings.EVALUATOR_DEDUP_RETENTION)).isEqualTo(Duration.ofDays(7));
        assertThat(config.get(Settings.detectionSeverity(AlertType.ROOT_MFA_DISABLED))).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void readsNestedYamlAndLetsTheEnvironmentOverrideIt() throws IOException {
        Path file = yaml("""
                kafka:
                  topicPrefix: soc.
                  partitions: 6
                collector:
                  maxRecordBytes: 4MiB
                evaluator:
                  detections:
                    ROOT_CONSOLE_LOGIN:
                      severity: medium
                """);

        Config config = ConfigLoader.load(file, Map.of("ROOTWATCH_KAFKA_PARTITIONS", "12", "HOME", "/somewhere"));

        assertThat(config.get(Settings.KAFKA_TOPIC_PREFIX)).isEqualTo("soc.");
        assertThat(config.get(Settings.KAFKA_PARTITIONS)).isEqualTo(12);
        assertThat(config.get(Settings.COLLECTOR_MAX_RECORD_BYTES).bytes()).isEqualTo(4L << 20);
        assertThat(config.get(Settings.detectionSeverity(AlertType.ROOT_CONSOLE_LOGIN))).isEqualTo(Severity.MEDIUM);
    }

    @Test
    void rejectsAnUnknownKeyByName() throws IOException {
        Path file = yaml("kafka:\n  bootstrapServer: localhost:9092\n");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.bootstrapServer");
    }

    @Test
    void rejectsAnUnknownRootwatchEnvironmentVariable() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("ROOTWATCH_KAFKA_BOOTSTRAP", "x")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ROOTWATCH_KAFKA_BOOTSTRAP");
    }

    @Test
    void rejectsAValueThatDoesNotParseAndSaysWhich() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("ROOTWATCH_EVALUATOR_DEDUP_RETENTION", "a week")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("evaluator.dedupRetention")
                .hasMessageContaining("not a duration");
    }

    @Test
    void namesEnvironmentVariablesAfterTheKey() {
        assertThat(Settings.KAFKA_BOOTSTRAP_SERVERS.environmentVariable()).isEqualTo("ROOTWATCH_KAFKA_BOOTSTRAP_SERVERS");
        assertThat(Settings.detectionEnabled(AlertType.ROOT_MFA_DISABLED).environmentVariable())
                .isEqualTo("ROOTWATCH_EVALUATOR_DETECTIONS_ROOT_MFA_DISABLED_ENABLED");
    }

    @Test
    void readsDurationsAndSizesAsPeopleWriteThem() {
        assertThat(ValueParsers.duration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(ValueParsers.duration("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(ValueParsers.duration("PT4H")).isEqualTo(Duration.ofHours(4));
        assertThat(ValueParsers.bytes("1GiB").bytes()).isEqualTo(1L << 30);
        assertThat(ValueParsers.bytes("1GiB")).hasToString("1GiB");
    }

    record Rule(String account, String reason) {
    }

    @Test
    void readsAListSettingStrictly() {
        List<Rule> rules = ValueParsers.jsonList(Rule.class).apply("[{\"account\":\"111122223333\",\"reason\":\"maintenance\"}]");

        assertThat(rules).containsExactly(new Rule("111122223333", "maintenance"));
        assertThatThrownBy(() -> ValueParsers.jsonList(Rule.class).apply("[{\"acount\":\"1\"}]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("acount");
    }
}
