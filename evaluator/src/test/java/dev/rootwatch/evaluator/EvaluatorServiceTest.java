package dev.rootwatch.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootwatch.common.kafka.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluatorServiceTest {

    private static final Topics TOPICS = Topics.withPrefix("rootwatch.");

    @TempDir
    Path stateDir;

    @Test
    void shouldConfigureExactlyOnceAcksAllAndTheDeadLetterHandler() {
        // Given the evaluator's options
        StreamsOptions options = new StreamsOptions("rootwatch-evaluator", Duration.ofMillis(250), stateDir.toString(), 1);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        // When its live Kafka Streams configuration is built
        Properties props = EvaluatorService.properties("broker:9092", TOPICS, options, stateDir, registry, true);

        // Then it asks for what DESIGN.md requires
        assertThat(props)
                .containsEntry("application.id", "rootwatch-evaluator")
                .containsEntry("bootstrap.servers", "broker:9092")
                .containsEntry("processing.guarantee", "exactly_once_v2")
                .containsEntry("commit.interval.ms", 250L)
                .containsEntry("state.dir", stateDir.toString())
                .containsEntry("num.standby.replicas", 1)
                .containsEntry("producer.acks", "all")
                .containsEntry("deserialization.exception.handler", DeadLetterDeserializationHandler.class)
                .containsEntry(DeadLetterDeserializationHandler.DEAD_LETTER_TOPIC_CONFIG, "rootwatch.deadletter")
                .containsEntry(DeadLetterDeserializationHandler.METER_REGISTRY_CONFIG, registry)
                // and every state store shares one capped pool of off-heap memory
                .containsEntry("rocksdb.config.setter", BoundedStateMemory.class)
                .containsEntry(BoundedStateMemory.MEMORY_BYTES_CONFIG, 64L << 20);
    }

    @Test
    void shouldRunABatchAtLeastOnceWithTheSameCommitIntervalAndDeadLetterHandler() {
        // Given the evaluator's options
        StreamsOptions options = new StreamsOptions("rootwatch-evaluator", Duration.ofMillis(100), stateDir.toString(), 0);

        // When the configuration of a batch run (replay, demo) is built
        Properties props = EvaluatorService.properties("broker:9092", TOPICS, options, stateDir, new SimpleMeterRegistry(), false);

        // Then it has no transactions to pay for, yet commits as often and still dead-letters what it cannot read
        assertThat(props)
                .containsEntry("processing.guarantee", "at_least_once")
                .containsEntry("commit.interval.ms", 100L)
                .containsEntry("producer.acks", "all")
                .containsEntry("deserialization.exception.handler", DeadLetterDeserializationHandler.class);
    }

    @Test
    void shouldCloseCleanlyWithoutHavingStarted() {
        // Given a service on a temporary state directory, pointed at no broker
        StreamsOptions options = new StreamsOptions("rootwatch-evaluator-test", Duration.ofMillis(100), "", 0);
        EvaluatorService service = new EvaluatorService("127.0.0.1:1", TOPICS, EvaluatorSettings.defaults(), options,
                new SimpleMeterRegistry());

        // Then it is not running, and closes without a broker, removing its temporary state directory
        assertThat(service.isRunning()).isFalse();
        assertThat(service.stateDir()).isDirectory();
        service.close(Duration.ofSeconds(5));
        assertThat(service.isRunning()).isFalse();
        assertThat(service.stateDir()).doesNotExist();
    }
}
