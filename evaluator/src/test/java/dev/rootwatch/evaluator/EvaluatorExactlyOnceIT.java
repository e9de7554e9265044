package dev.rootwatch.evaluator;

import static dev.rootwatch.evaluator.TrailEventBuilder.apiCall;
import static dev.rootwatch.evaluator.TrailEventBuilder.rootConsoleLogin;
import static dev.rootwatch.evaluator.TrailEventBuilder.rootConsoleLoginFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rootwatch.common.json.JsonSerde;
import dev.rootwatch.common.kafka.Topics;
import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.TrailEvent;
import dev.rootwatch.common.model.Watermark;
import dev.rootwatch.kafka.embedded.EmbeddedKafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
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
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluator on a real broker, with exactly-once processing: an instance dies mid-stream (its
 * stream thread crashes inside a transaction), a new instance of the same application starts on
 * an empty state directory, restores the state from the changelogs and carries on. Every alert
 * appears exactly once to a read_committed consumer, and the alerts are exactly those the same
 * input gives on one partition under the test driver: the result does not depend on partitioning.
 */
class EvaluatorExactlyOnceIT {

    private static final Topics TOPICS = Topics.withPrefix("rootwatch.");
    private static final int PARTITIONS = 3;
    private static final int ACCOUNTS = 12;
    private static final String APPLICATION_ID = "rootwatch-evaluator-it";
    private static final Instant T0 = Instant.parse("2026-11-02T10:05:00Z");

    private static EmbeddedKafkaBroker broker;
    private static Admin admin;

    @TempDir
    Path stateDirs;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedKafkaBroker.start();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
        admin.createTopics(List.of(
                new NewTopic(TOPICS.events().name(), PARTITIONS, (short) 1),
                new NewTopic(TOPICS.posture().name(), PARTITIONS, (short) 1),
                new NewTopic(TOPICS.alerts().name(), PARTITIONS, (short) 1),
                new NewTopic(TOPICS.deadLetter().name(), 1, (short) 1))).all().get();
    }

    @AfterAll
    static void stopBroker() {
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    /** Per account: a sign-in without MFA, a burst of five failures (one delivered twice), a root session. */
    private static List<TrailEvent> input() {
        List<TrailEvent> events = new ArrayList<>();
        for (int a = 0; a < ACCOUNTS; a++) {
            String account = String.format("%012d", 100000000000L + a);
            events.add(rootConsoleLogin().mfaUsed(false).account(account).at(T0).build());
            for (int i = 0; i < 5; i++) {
                TrailEvent failure = rootConsoleLoginFailure().account(account).at(T0.plusSeconds(60L * i)).build();
                events.add(failure);
                if (i == 2) {
                    events.add(failure);
                }
            }
            for (int i = 0; i < 3; i++) {
                events.add(apiCall("iam.amazonaws.com", "ListUsers").account(account).at(T0.plusSeconds(600L + i))
                        .build());
            }
        }
        return events;
    }

    @Test
    void shouldEmitEveryAlertExactlyOnceAcrossACrashAndAFreshInstance() {
        List<TrailEvent> input = input();
        Set<String> expected = expectedAlertIds(input, stateDirs.resolve("expected"));
        // sign-in, burst FIRING + RESOLVED, session FIRING + RESOLVED per account
        assertThat(expected).hasSize(ACCOUNTS * 5);

        StreamsOptions options = new StreamsOptions(APPLICATION_ID, Duration.ofMillis(100),
                stateDirs.resolve("first").toString(), 0);
        EvaluatorService first = new EvaluatorService(broker.bootstrapServers(), TOPICS, EvaluatorSettings.defaults(),
                options, new SimpleMeterRegistry(), new CrashingClock(20), false, true);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            long timestamp = System.currentTimeMillis();
            for (TrailEvent event : input) {
                producer.send(new ProducerRecord<>(TOPICS.events().name(), null, ++timestamp,
                        bytes(event.accountId()), TOPICS.events().valueSerde().serializer().serialize("", event)));
            }
            producer.flush();

            // Given an evaluator that dies inside a transaction, at its 20th alert
            first.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> !first.isRunning() && readCommitted().size() > 0);
            int beforeCrash = readCommitted().size();
            first.close(Duration.ofSeconds(10));
            assertThat(beforeCrash).isLessThan(expected.size());

            // When a new instance of the same application starts on an empty state directory
            StreamsOptions fresh = new StreamsOptions(APPLICATION_ID, Duration.ofMillis(100),
                    stateDirs.resolve("second").toString(), 0);
            try (EvaluatorService second = new EvaluatorService(broker.bootstrapServers(), TOPICS,
                    EvaluatorSettings.defaults(), fresh, new SimpleMeterRegistry(), Clock.systemUTC(), false, true)) {
                second.start();

                // And the input ends: the end-of-input watermark on every partition, after everything else
                JsonSerde<Watermark> watermarks = new JsonSerde<>(Watermark.class);
                for (int partition = 0; partition < PARTITIONS; partition++) {
                    producer.send(new ProducerRecord<>(TOPICS.events().name(), partition, ++timestamp, null,
                            watermarks.serialize("", Watermark.endOfInput())));
                }
                producer.flush();

                // Then every alert is there once, read committed, and they are the single-partition run's
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                        .until(() -> readCommitted().size() >= expected.size());
                List<String> ids = readCommitted().stream().map(Alert::alertId).toList();
                assertThat(ids).doesNotHaveDuplicates();
                assertThat(Set.copyOf(ids)).isEqualTo(expected);
                // and the stores ran within the shared off-heap cap
                assertThat(BoundedStateMemory.cappedAt()).isEqualTo(StreamsOptions.DEFAULT_STATE_MEMORY_BYTES);
            }
        }
    }

    private static Set<String> expectedAlertIds(List<TrailEvent> input, Path dir) {
        try (EvaluatorDriver driver = new EvaluatorDriver(dir)) {
            input.forEach(driver::send);
            driver.endOfInput();
            return driver.alerts().stream().map(Alert::alertId).collect(Collectors.toSet());
        }
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static byte[] bytes(String text) {
        return TOPICS.events().keySerde().serializer().serialize("", text);
    }

    /** Everything on the alerts topic a read_committed consumer sees. */
    private static List<Alert> readCommitted() {
        try (KafkaConsumer<String, Alert> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), TOPICS.alerts().valueSerde().deserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(TOPICS.alerts().name(), p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<Alert> alerts = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 10_000;
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
                    && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, Alert> record : consumer.poll(Duration.ofMillis(200))) {
                    alerts.add(record.value());
                }
            }
            return alerts;
        }
    }

    /**
     * A wall clock that fails once, at its n-th reading: the evaluator's stream thread dies mid-transaction. It
     * throws an Error, as a dying JVM would: an exception would only cost the record it was evaluating
     * (the evaluator dead-letters a record it cannot evaluate and goes on).
     */
    private static final class CrashingClock extends Clock {

        private final AtomicInteger readings = new AtomicInteger();
        private final int crashAt;

        CrashingClock(int crashAt) {
            this.crashAt = crashAt;
        }

        @Override
        public Instant instant() {
            if (readings.incrementAndGet() == crashAt) {
                throw new SimulatedCrash();
            }
            return Instant.now();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** The simulated death of the evaluator's stream thread. */
    private static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("simulated crash of the evaluator mid-stream");
        }
    }
}
