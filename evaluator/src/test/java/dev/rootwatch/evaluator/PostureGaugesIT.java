package dev.rootwatch.evaluator;

import static dev.rootwatch.evaluator.PostureBuilder.nonCompliant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rootwatch.common.kafka.Topics;
import dev.rootwatch.common.model.Posture;
import dev.rootwatch.kafka.embedded.EmbeddedKafkaBroker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-account gauges come back with the evaluator's state: an evaluator that restarts exports the
 * verdicts it holds at once, without waiting for the next posture (a poller's heartbeat is hours away).
 */
class PostureGaugesIT {

    private static final Topics TOPICS = Topics.withPrefix("gauges.");
    private static final String ACCOUNT = "111122223333";

    @TempDir
    Path stateDir;

    @Test
    void aRestartedEvaluatorExportsTheVerdictsItHoldsBeforeAnyNewPosture() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPICS.events().name(), 1, (short) 1),
                    new NewTopic(TOPICS.posture().name(), 1, (short) 1), new NewTopic(TOPICS.alerts().name(), 1, (short) 1),
                    new NewTopic(TOPICS.deadLetter().name(), 1, (short) 1))).all().get();
            StreamsOptions options = new StreamsOptions("gauges-it", Duration.ofMillis(100), stateDir.toString(), 0);

            // Given an evaluator that read a non-compliant posture, and stopped
            SimpleMeterRegistry before = new SimpleMeterRegistry();
            try (EvaluatorService first = new EvaluatorService(broker.bootstrapServers(), TOPICS, EvaluatorSettings.defaults(),
                    options, before)) {
                first.start();
                send(broker, nonCompliant().account(ACCOUNT).build());
                await().atMost(Duration.ofMinutes(1)).until(() -> nonCompliantGauge(before) == 1.0);
            }

            // When a new evaluator starts on the same state, and no posture arrives
            SimpleMeterRegistry after = new SimpleMeterRegistry();
            try (EvaluatorService again = new EvaluatorService(broker.bootstrapServers(), TOPICS, EvaluatorSettings.defaults(),
                    options, after)) {
                again.start();

                // Then the account's verdict is exported again once it runs
                await().atMost(Duration.ofMinutes(1)).until(again::isReady);
                await().atMost(Duration.ofSeconds(30)).until(() -> nonCompliantGauge(after) == 1.0);
            }
        }
    }

    private static double nonCompliantGauge(SimpleMeterRegistry registry) {
        Gauge gauge = registry.find(PostureGauges.COMPLIANCE).tags("account_id", ACCOUNT, "status", "non_compliant").gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }

    private static void send(EmbeddedKafkaBroker broker, Posture posture) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            byte[] key = TOPICS.posture().keySerde().serializer().serialize(TOPICS.posture().name(), posture.accountId());
            byte[] value = TOPICS.posture().valueSerde().serializer().serialize(TOPICS.posture().name(), posture);
            producer.send(new ProducerRecord<>(TOPICS.posture().name(), key, value)).get();
        }
    }
}
