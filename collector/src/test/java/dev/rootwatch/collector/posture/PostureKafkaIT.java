package dev.rootwatch.collector.posture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rootwatch.collector.KafkaPublisher;
import dev.rootwatch.common.config.PostureSettings;
import dev.rootwatch.common.kafka.Topic;
import dev.rootwatch.common.kafka.Topics;
import dev.rootwatch.common.model.Compliance;
import dev.rootwatch.common.model.Posture;
import dev.rootwatch.kafka.embedded.EmbeddedKafkaBroker;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The poller producing to a compacted posture topic on the embedded KRaft broker through {@link KafkaPublisher}. */
class PostureKafkaIT {

    private static final Logger LOGGER = LoggerFactory.getLogger(PostureKafkaIT.class);
    static final String MEMBER = "222222222222";
    static final AtomicInteger TOPICS = new AtomicInteger();

    static EmbeddedKafkaBroker broker;

    FakeAws aws;
    Topics topics;
    KafkaPublisher publisher;
    PollerFixture fixture;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @BeforeEach
    void start() throws Exception {
        aws = new FakeAws();
        aws.callerIdentity(FakeAws.MANAGEMENT);
        aws.organization(List.of(FakeAws.MANAGEMENT, MEMBER), List.of());
        aws.organizationsFeatures(false);
        aws.memberRole(MEMBER);
        aws.account(FakeAws.MANAGEMENT).summary(1, 1, 0).virtualDevices(true).report("not_supported", "true", false, false);
        aws.account(MEMBER).summary(1, 1, 0).virtualDevices(true).report("not_supported", "true", false, false);
        topics = Topics.withPrefix("posture-it-" + TOPICS.incrementAndGet() + ".");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topics.posture().name(), 1, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact")))).all().get();
        }
        publisher = new KafkaPublisher(broker.bootstrapServers(), topics, "posture-it");
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
        publisher.close();
        aws.close();
    }

    @Test
    void publishesTheChangeFromCompliantToNonCompliantAndOnlyChanges() {
        // Given a poller sweeping every second
        fixture = new PollerFixture(aws, Map.of(PostureSettings.INTERVAL.key(), "1s"), publisher);
        try (PostureTopic topic = new PostureTopic(topics.posture())) {
            fixture.poller.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> topic.read().size() == 2);

            // When three more sweeps find nothing new
            awaitSweeps(4);
            // Then nothing more is published
            assertThat(topic.read()).extracting(Posture::compliance).containsOnly(Compliance.COMPLIANT).hasSize(2);

            // When the member's root MFA is switched off
            aws.account(MEMBER).summary(0, 1, 0).virtualDevices(false);

            // Then the next sweep publishes its non-compliant posture, once
            await().atMost(Duration.ofSeconds(10)).until(() -> topic.read().size() == 3);
            awaitSweeps(sweeps() + 2);
            List<Posture> all = topic.read();
            assertThat(all).hasSize(3);
            assertThat(all.get(2).accountId()).isEqualTo(MEMBER);
            assertThat(all.get(2).compliance()).isEqualTo(Compliance.NON_COMPLIANT);
            assertThat(all.get(2).mfaEnabled()).isFalse();
        }
    }

    @Test
    void anEventTriggeredRefreshPublishesWithinFiveSeconds() {
        // Given a poller whose next sweep is an hour away, after its first sweep
        fixture = new PollerFixture(aws, Map.of(PostureSettings.INTERVAL.key(), "1h"), publisher);
        try (PostureTopic topic = new PostureTopic(topics.posture())) {
            fixture.poller.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> topic.read().size() == 2);

            // When root's MFA device is deactivated and the collector asks for a refresh of that account
            aws.account(MEMBER).summary(0, 1, 0).virtualDevices(false);
            long asked = System.nanoTime();
            fixture.poller.refresh(MEMBER);

            // Then the non-compliant posture is on the topic within five seconds
            await().atMost(Duration.ofSeconds(5)).until(() -> topic.read().size() == 3);
            Duration took = Duration.ofNanos(System.nanoTime() - asked);
            LOGGER.info("refresh to posture on Kafka tookMs={}", took.toMillis());
            Posture last = topic.read().get(2);
            assertThat(last.accountId()).isEqualTo(MEMBER);
            assertThat(last.compliance()).isEqualTo(Compliance.NON_COMPLIANT);
            assertThat(fixture.counter(PostureMetrics.REFRESH_REQUESTS, "result", "accepted")).isEqualTo(1.0);

            // and a refresh of an account outside the organization is ignored
            fixture.poller.refresh("999999999999");
            assertThat(fixture.counter(PostureMetrics.REFRESH_REQUESTS, "result", "out_of_scope")).isEqualTo(1.0);
        }
    }

    private long sweeps() {
        var timer = fixture.registry.find(PostureMetrics.SWEEP_DURATION).timer();
        return timer == null ? 0 : timer.count();
    }

    private void awaitSweeps(long count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> sweeps() >= count);
    }

    /** Everything on the posture topic so far, in order. */
    private final class PostureTopic implements AutoCloseable {
        private final Topic<String, Posture> topic;
        private final KafkaConsumer<String, Posture> consumer;
        private final List<Posture> seen = new CopyOnWriteArrayList<>();

        PostureTopic(Topic<String, Posture> topic) {
            this.topic = topic;
            this.consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                    topic.keySerde().deserializer(), topic.valueSerde().deserializer());
            TopicPartition partition = new TopicPartition(topic.name(), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
        }

        List<Posture> read() {
            for (ConsumerRecord<String, Posture> record : consumer.poll(Duration.ofMillis(200))) {
                assertThat(record.key()).isEqualTo(record.value().accountId());
                seen.add(record.value());
            }
            return new ArrayList<>(seen);
        }

        @Override
        public void close() {
            consumer.close();
        }

        @Override
        public String toString() {
            return topic.name();
        }
    }
}
