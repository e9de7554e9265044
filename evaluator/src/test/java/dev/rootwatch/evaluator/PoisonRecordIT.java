package dev.rootwatch.evaluator;

import static dev.rootwatch.evaluator.TrailEventBuilder.rootConsoleLogin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rootwatch.common.json.Json;
import dev.rootwatch.common.kafka.Topics;
import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.DeadLetter;
import dev.rootwatch.common.model.DeadLetterReason;
import dev.rootwatch.common.model.TrailEvent;
import dev.rootwatch.kafka.embedded.EmbeddedKafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No crash loop on one record, on a real broker with exactly-once processing: records that once
 * stopped the evaluator (an eventTime at the edge of what an Instant holds, an account id that is
 * not one) are dead-lettered and the evaluator goes on; restarted on the same state, it meets the
 * same records again, dead-letters them again, keeps running and alerts on what comes after.
 */
class PoisonRecordIT {

    private static final Topics TOPICS = Topics.withPrefix("poison.");
    private static final String APPLICATION_ID = "rootwatch-evaluator-poison-it";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static EmbeddedKafkaBroker broker;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedKafkaBroker.start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(TOPICS.names().stream().map(name -> new NewTopic(name, 1, (short) 1)).toList()).all().get();
        }
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    /** What the tester wrote to the events topic: the times that stopped the evaluator, account ids that are not ids. */
    private static List<TrailEvent> poison() {
        return List.of(
                rootConsoleLogin().at(Instant.MAX).eventId("poison-max").build(),
                rootConsoleLogin().at(Instant.MIN).eventId("poison-min").build(),
                rootConsoleLogin().account("200000000047\n[FAKE LOG LINE] \u001b[31mred").eventId("poison-account").build());
    }

    @Test
    void shouldDeadLetterThePoisonAgainAfterARestartAndAlertOnWhatFollows() {
        StreamsOptions options = new StreamsOptions(APPLICATION_ID, Duration.ofMillis(100), stateDir.toString(), 0);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            // Given the poison records, then a good root sign-in without MFA, on the events topic
            poison().forEach(event -> send(producer, event));
            send(producer, rootConsoleLogin().account("111122223333").eventId("good-1").build());

            // When the evaluator runs (live mode: the telemetry watcher reads the same records)
            try (EvaluatorService first = new EvaluatorService(broker.bootstrapServers(), TOPICS, EvaluatorSettings.defaults(),
                    options, new SimpleMeterRegistry(), true)) {
                first.start();

                // Then the good sign-in alerts, and each poison record is one dead letter
                await().atMost(WAIT).untilAsserted(() -> assertThat(alertedEventIds()).contains("good-1"));
                await().atMost(WAIT).untilAsserted(() -> assertThat(deadLetters()).hasSize(3));
                assertThat(first.isRunning()).isTrue();
            }

            // When the same poison records come again, then another good sign-in, to a restarted evaluator on the same state
            poison().forEach(event -> send(producer, event));
            send(producer, rootConsoleLogin().account("444455556666").eventId("good-2").build());
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            try (EvaluatorService second = new EvaluatorService(broker.bootstrapServers(), TOPICS, EvaluatorSettings.defaults(),
                    options, registry, true)) {
                second.start();

                // Then it alerts on the new sign-in, dead-letters the poison again, counts it, and is still running
                await().atMost(WAIT).untilAsserted(() -> assertThat(alertedEventIds()).contains("good-2"));
                await().atMost(WAIT).untilAsserted(() -> assertThat(deadLetters()).hasSize(6));
                assertThat(deadLetters()).extracting(DeadLetter::reason).containsOnly(DeadLetterReason.INVALID_EVENT);
                assertThat(registry.find(DeadLetterDeserializationHandler.DEAD_LETTERS).tags("topic", TOPICS.events().name(), "reason", "invalid_event")
                        .counter().count()).isEqualTo(3.0);
                assertThat(second.isRunning()).isTrue();
                assertThat(alertedEventIds()).containsExactlyInAnyOrder("good-1", "good-2");
            }
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, TrailEvent event) {
        try {
            producer.send(new ProducerRecord<>(TOPICS.events().name(), event.accountId().getBytes(StandardCharsets.UTF_8),
                    TOPICS.events().valueSerde().serializer().serialize("", event))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static List<String> alertedEventIds() {
        return readCommitted(TOPICS.alerts().name(), Alert.class).stream().flatMap(a -> a.eventIds().stream()).toList();
    }

    private static List<DeadLetter> deadLetters() {
        return readCommitted(TOPICS.deadLetter().name(), DeadLetter.class);
    }

    private static <T> List<T> readCommitted(String topic, Class<T> type) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            List<T> out = new ArrayList<>();
            while (consumer.position(tp) < end) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(Json.mapper().readValue(r.value(), type));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
