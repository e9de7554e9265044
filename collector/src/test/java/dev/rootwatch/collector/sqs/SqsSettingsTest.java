package dev.rootwatch.collector.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.ConfigException;
import dev.rootwatch.common.config.ConfigLoader;
import dev.rootwatch.common.config.SourceSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqsSettingsTest {

    @TempDir
    Path dir;

    @Test
    void readsQueuesFromTheYamlFileAndTheEnvironment() throws Exception {
        // Given a config file listing two queues and an environment variable overriding the concurrency
        Path file = dir.resolve("rootwatch.yaml");
        Files.writeString(file, """
                collector:
                  sqs:
                    queueUrls:
                      - https://sqs.eu-west-1.amazonaws.com/111122223333/cloudtrail-notifications
                      - https://sqs.us-east-1.amazonaws.com/111122223333/eventbridge-root
                    visibilityTimeout: 5m
                """);

        // When it is loaded
        SqsSettings settings = SqsSettings.from(ConfigLoader.load(file, Map.of("ROOTWATCH_COLLECTOR_SQS_CONCURRENCY", "8")));

        // Then both queues and both values are taken, the rest defaults
        assertThat(settings.queueUrls()).hasSize(2);
        assertThat(settings.concurrency()).isEqualTo(8);
        assertThat(settings.visibilityTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.waitTime()).isEqualTo(Duration.ofSeconds(20));
        // and eight workers are fed by two long-polling receivers per queue, each free to ask for a full batch of ten
        assertThat(settings.receiversPerQueue()).isEqualTo(2);
        assertThat(settings.maxInFlight()).isEqualTo(8 + 10 * 2 * 2);
    }

    @Test
    void rejectsValuesSqsCannotTake() {
        Config base = Config.defaults().with(SourceSettings.SQS_QUEUE_URLS, List.of("https://sqs.eu-west-1.amazonaws.com/1/q"));
        assertThatThrownBy(() -> SqsSettings.from(base.with(SourceSettings.SQS_WAIT_TIME, Duration.ofSeconds(30))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("collector.sqs.waitTime");
        assertThatThrownBy(() -> SqsSettings.from(base.with(SourceSettings.SQS_CONCURRENCY, 0)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("collector.sqs.concurrency");
        assertThatThrownBy(() -> SqsSettings.from(base.with(SourceSettings.SQS_VISIBILITY_TIMEOUT, Duration.ofHours(13))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("collector.sqs.visibilityTimeout");
        assertThatThrownBy(() -> SqsSettings.from(base.with(SourceSettings.SQS_QUEUE_URLS, List.of("cloudtrail-queue"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not a queue URL");
    }

    @Test
    void namesAQueueByTheLastSegmentOfItsUrl() {
        assertThat(QueueRef.of("https://sqs.eu-west-1.amazonaws.com/111122223333/cloudtrail").name()).isEqualTo("cloudtrail");
        assertThat(QueueRef.of("http://127.0.0.1:9324/000000000000/local/").name()).isEqualTo("local");
    }
}
