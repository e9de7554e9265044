package dev.rootwatch.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rootwatch.common.json.JsonSerde;
import dev.rootwatch.common.model.DeadLetter;
import dev.rootwatch.common.model.DeadLetterReason;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Response;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Result;
import org.junit.jupiter.api.Test;

class DeadLetterDeserializationHandlerTest {

    private static final Instant NOW = Instant.parse("2026-11-02T08:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private DeadLetterDeserializationHandler handler() {
        DeadLetterDeserializationHandler handler = new DeadLetterDeserializationHandler(Clock.fixed(NOW, ZoneOffset.UTC));
        handler.configure(Map.of(
                DeadLetterDeserializationHandler.DEAD_LETTER_TOPIC_CONFIG, "rootwatch.deadletter",
                DeadLetterDeserializationHandler.METER_REGISTRY_CONFIG, registry));
        return handler;
    }

    @Test
    void shouldResumeWithOneDeadLetterRecord() {
        // Given a record on the posture topic that failed to deserialize
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("rootwatch.posture", 2, 41L,
                "111122223333".getBytes(StandardCharsets.UTF_8), "{broken".getBytes(StandardCharsets.UTF_8));
        Exception failure = new SerializationException("not a valid Posture", new IllegalStateException("{broken"));

        // When the handler sees it (the context is not needed: the record carries topic, partition and offset)
        Response response = handler().handleError(null, record, failure);

        // Then processing resumes, and a rootwatch.deadletter/v1 goes to the dead-letter topic
        assertThat(response.result()).isEqualTo(Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(out -> {
            assertThat(out.topic()).isEqualTo("rootwatch.deadletter");
            assertThat(new String(out.key(), StandardCharsets.UTF_8)).isEqualTo("rootwatch.posture/2/41");
            DeadLetter letter = read(out);
            assertThat(letter.stage()).isEqualTo("evaluator");
            assertThat(letter.source()).isEqualTo("rootwatch.posture");
            assertThat(letter.ref()).isEqualTo("rootwatch.posture/2/41");
            assertThat(letter.reason()).isEqualTo(DeadLetterReason.UNDESERIALIZABLE);
            assertThat(letter.detail()).contains("SerializationException caused by IllegalStateException")
                    .doesNotContain("{broken");
            assertThat(letter.excerpt()).isEqualTo("{broken");
            assertThat(letter.occurredAt()).isEqualTo(NOW);
        });
        assertThat(registry.get(DeadLetterDeserializationHandler.DEAD_LETTERS)
                .tags("topic", "rootwatch.posture", "reason", "undeserializable").counter().count()).isEqualTo(1.0);
    }

    @Test
    void shouldBoundTheExcerptAndKeepBinaryContentReadable() {
        byte[] big = new byte[DeadLetter.MAX_EXCERPT * 8];
        java.util.Arrays.fill(big, (byte) 0xFF);
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("rootwatch.events", 0, 0L, null, big);

        DeadLetter letter = read(handler().handleError(null, record, new SerializationException("x"))
                .deadLetterQueueRecords().get(0));

        assertThat(letter.excerpt()).hasSize(DeadLetter.MAX_EXCERPT).containsOnlyOnce("\uFFFD".repeat(DeadLetter.MAX_EXCERPT));
    }

    @Test
    void shouldKeepARecordWithoutValue() {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("rootwatch.events", 0, 7L, null, null);

        DeadLetter letter = read(handler().handleError(null, record, new SerializationException("x"))
                .deadLetterQueueRecords().get(0));

        assertThat(letter.excerpt()).isNull();
        assertThat(letter.ref()).isEqualTo("rootwatch.events/0/7");
    }

    @Test
    void shouldRefuseToStartWithoutADeadLetterTopic() {
        DeadLetterDeserializationHandler handler = new DeadLetterDeserializationHandler();

        assertThatThrownBy(() -> handler.configure(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(DeadLetterDeserializationHandler.DEAD_LETTER_TOPIC_CONFIG);
    }

    private static DeadLetter read(ProducerRecord<byte[], byte[]> out) {
        return new JsonSerde<>(DeadLetter.class).deserialize(out.topic(), out.value());
    }
}
