package dev.rootwatch.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rootwatch.common.json.Json;
import dev.rootwatch.common.kafka.Topics;
import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.DeadLetter;
import dev.rootwatch.common.model.DeadLetterReason;
import dev.rootwatch.kafka.embedded.EmbeddedKafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifierServiceIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Alerts retried for three seconds from their detection, from 10 ms between calls. */
    private static final DeliveryPolicy FAST = new DeliveryPolicy(Duration.ofSeconds(3), Duration.ofMillis(10));
    private static final AtomicInteger TOPIC_SEQUENCE = new AtomicInteger();

    private static EmbeddedKafkaBroker broker;
    private static Admin admin;

    @TempDir
    Path directory;

    private Topics topics;
    private final List<NotifierService> notifiers = new ArrayList<>();

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    @AfterAll
    static void stopBroker() {
        admin.close();
        broker.close();
    }

    @BeforeEach
    void createTopics() throws Exception {
        topics = Topics.withPrefix("it" + TOPIC_SEQUENCE.incrementAndGet() + ".");
        admin.createTopics(List.of(
                new NewTopic(topics.alerts().name(), 3, (short) 1),
                new NewTopic(topics.deadLetter().name(), 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void closeNotifiers() {
        notifiers.forEach(NotifierService::close);
    }

    @Test
    void deliversEveryAlertToTheFileSinkInPerAccountOrder() throws Exception {
        // Given 60 alerts for three accounts, interleaved, committed in two transactions
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            alerts.add(TestAlerts.loginWithoutMfa("order-" + i, "11112222333" + (i % 3)));
        }
        produce(alerts.subList(0, 30));
        produce(alerts.subList(30, 60));
        Path file = directory.resolve("alerts/out.jsonl");

        // When the notifier runs with a file sink
        NotifierService notifier = start("order", List.of(new JsonLinesFileSink(file)), new SimpleMeterRegistry());

        // Then every alert is in the file once, each account's alerts in the order they were produced
        await().atMost(TIMEOUT).until(() -> notifier.delivered() == 60);
        List<Alert> written = readAlerts(file);
        assertThat(written).hasSize(60).containsExactlyInAnyOrderElementsOf(alerts);
        assertThat(byAccount(written)).isEqualTo(byAccount(alerts));
    }

    @Test
    void retriesAFlakySinkSoThatItGetsEveryAlertOnce() {
        // Given ten alerts just detected and a sink that fails its first two calls with a retryable error
        List<Alert> alerts = alerts("flaky", 10).stream().map(TestAlerts::fresh).toList();
        produce(alerts);
        RecordingSink flaky = new RecordingSink("flaky", 2);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        // When the notifier runs
        NotifierService notifier = start("flaky", List.of(flaky), registry);

        // Then the sink got every alert exactly once, after two extra calls
        await().atMost(TIMEOUT).until(() -> notifier.delivered() == 10);
        assertThat(flaky.alertIds()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids(alerts));
        assertThat(registry.get("rootwatch.notifier.delivery.attempts").tag("sink", "flaky").counter().count()).isEqualTo(12);
        assertThat(registry.get("rootwatch.notifier.deliveries").tag("sink", "flaky").tag("outcome", "failed")
                .counter().count()).isEqualTo(2);
        assertThat(notifier.deadLettered()).isZero();
    }

    @Test
    void deadLettersWhatASinkCannotDeliverWhileTheOtherSinkStillGetsIt() {
        // Given three alerts just detected, a pager sink that always fails, and a working sink after it
        List<Alert> alerts = alerts("dead", 3).stream().map(TestAlerts::fresh).toList();
        produce(alerts);
        AlertSink pager = new FailingSink("pager");
        RecordingSink file = new RecordingSink("file", 0);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        // When the notifier runs
        NotifierService notifier = start("dead", List.of(pager, file), registry);

        // Then each alert has a DELIVERY_FAILED dead letter naming the sink, without its URL
        List<DeadLetter> deadLetters = readDeadLetters(3);
        assertThat(deadLetters).allSatisfy(deadLetter -> {
            assertThat(deadLetter.schema()).isEqualTo(DeadLetter.SCHEMA);
            assertThat(deadLetter.stage()).isEqualTo("notifier");
            assertThat(deadLetter.source()).isEqualTo("pager");
            assertThat(deadLetter.reason()).isEqualTo(DeadLetterReason.DELIVERY_FAILED);
            assertThat(deadLetter.detail()).contains("HTTP 503").doesNotContain("https:", "s3cr3t");
            assertThat(deadLetter.excerpt()).isNull();
        });
        assertThat(deadLetters).extracting(DeadLetter::ref).containsExactlyInAnyOrderElementsOf(ids(alerts));
        // And the other sink still got every alert
        await().atMost(TIMEOUT).until(() -> notifier.delivered() == 3);
        assertThat(file.alertIds()).containsExactlyInAnyOrderElementsOf(ids(alerts));
        assertThat(registry.get("rootwatch.notifier.dead.letters").tag("reason", "delivery_failed").counter().count())
                .isEqualTo(3);
        assertThat(registry.get("rootwatch.notifier.deliveries").tag("sink", "pager").tag("outcome", "dead_lettered")
                .counter().count()).isEqualTo(3);
        // And after five failed calls its circuit opened: the later attempts, until each alert was three seconds old,
        // did not call it
        assertThat(registry.get("rootwatch.notifier.delivery.attempts").tag("sink", "pager").counter().count())
                .isEqualTo(5);
        assertThat(registry.get("rootwatch.notifier.deliveries").tag("sink", "pager").tag("outcome", "circuit_open")
                .counter().count()).isPositive();
        assertThat(registry.get("rootwatch.notifier.circuit.state").tag("sink", "pager").tag("state", "open").gauge().value())
                .isEqualTo(1);
        assertThat(registry.get("rootwatch.notifier.circuit.state").tag("sink", "file").tag("state", "closed").gauge().value())
                .isEqualTo(1);
    }

    @Test
    void keepsSuppressedAlertsFromPagingSinksButWritesThemToTheFile() throws Exception {
        // Given a suppressed alert and an ordinary one of the same account
        Alert suppressed = TestAlerts.alert("quiet", "111122223333", dev.rootwatch.common.model.AlertType.ROOT_ACTIVITY,
                dev.rootwatch.common.model.Severity.MEDIUM, dev.rootwatch.common.model.AlertStatus.FIRING,
                Map.of("suppressed", true, "suppressedBy", "maintenance window"));
        Alert loud = TestAlerts.loginWithoutMfa("loud", "111122223333");
        produce(List.of(suppressed, loud));
        RecordingSink pager = new RecordingSink("pager", 0);
        Path file = directory.resolve("suppressed.jsonl");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        // When the notifier runs with a paging sink and a file sink
        NotifierService notifier = start("suppressed", List.of(pager, new JsonLinesFileSink(file)), registry);

        // Then the file has both, the pager only the ordinary one (three deliveries), and the suppression is counted once
        await().atMost(TIMEOUT).until(() -> notifier.delivered() == 3);
        assertThat(readAlerts(file)).extracting(Alert::alertId).containsExactly("quiet", "loud");
        assertThat(pager.alertIds()).containsExactly("loud");
        assertThat(registry.get("rootwatch.notifier.suppressed").counter().count()).isEqualTo(1);
    }

    @Test
    void deadLettersARecordThatIsNoAlertAndDeliversTheNextOne() {
        // Given a record that is not JSON, followed by an alert of the same account
        Alert alert = TestAlerts.loginWithoutMfa("after-poison", "111122223333");
        try (KafkaProducer<byte[], byte[]> producer = transactionalProducer()) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topics.alerts().name(), bytes("111122223333"), bytes("not json {")));
            producer.send(new ProducerRecord<>(topics.alerts().name(), bytes("111122223333"), alertBytes(alert)));
            producer.commitTransaction();
        }
        RecordingSink sink = new RecordingSink("file", 0);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        // When the notifier runs
        NotifierService notifier = start("poison", List.of(sink), registry);

        // Then the record is dead-lettered as undeserializable, with where it was and what it held
        List<DeadLetter> deadLetters = readDeadLetters(1);
        DeadLetter deadLetter = deadLetters.get(0);
        assertThat(deadLetter.reason()).isEqualTo(DeadLetterReason.UNDESERIALIZABLE);
        assertThat(deadLetter.source()).isEqualTo(topics.alerts().name());
        assertThat(deadLetter.ref()).matches(java.util.regex.Pattern.quote(topics.alerts().name()) + "/\\d/0");
        assertThat(deadLetter.excerpt()).isEqualTo("not json {");
        // And the alert behind it is delivered
        await().atMost(TIMEOUT).until(() -> notifier.delivered() == 1);
        assertThat(sink.alertIds()).containsExactly("after-poison");
        assertThat(registry.get("rootwatch.notifier.dead.letters").tag("reason", "undeserializable").counter().count())
                .isEqualTo(1);
    }

    @Test
    void doesNotDeliverAgainAfterARestartWithTheSameGroup() throws Exception {
        // Given a notifier that delivered five alerts of one account and was closed
        List<Alert> first = alerts("restart", 5, "111122223333");
        produce(first);
        RecordingSink before = new RecordingSink("file", 0);
        NotifierService notifier = start("restart", List.of(before), new SimpleMeterRegistry());
        await().atMost(TIMEOUT).until(() -> notifier.delivered() == 5);
        notifier.close();
        // five alerts and the marker of the transaction that wrote them: the committed position is past both
        assertThat(committedOffsets("restart")).isEqualTo(6);

        // When a new notifier of the same group starts and one more alert arrives
        RecordingSink after = new RecordingSink("file", 0);
        NotifierService restarted = start("restart", List.of(after), new SimpleMeterRegistry());
        Alert late = TestAlerts.loginWithoutMfa("late", "111122223333");
        produce(List.of(late));

        // Then it delivers only the new alert
        await().atMost(TIMEOUT).until(() -> restarted.delivered() == 1);
        assertThat(after.alertIds()).containsExactly("late");
        assertThat(before.alertIds()).containsExactlyElementsOf(ids(first));
    }

    @Test
    void leavesAnAlertInRetryForTheNextNotifierWhenClosed() throws Exception {
        // Given a notifier whose only sink keeps failing, waiting long between attempts, and draining for a second at a stop
        Alert alert = TestAlerts.fresh(TestAlerts.loginWithoutMfa("in-retry", "111122223333"));
        produce(List.of(alert));
        FailingSink down = new FailingSink("pager");
        NotifierService notifier = new NotifierService(broker.bootstrapServers(), topics, "handover", List.of(down),
                new SimpleMeterRegistry(), new DeliveryPolicy(Duration.ofHours(1), Duration.ofMinutes(5)), Duration.ofSeconds(1));
        notifiers.add(notifier);
        notifier.start();
        await().atMost(TIMEOUT).until(() -> down.calls.get() == 1);

        // When it is stopped in the middle of its backoff
        PendingDeliveries left = notifier.stop();

        // Then it stops without dead-lettering the alert, and says it left one alert for the pager
        assertThat(notifier.deadLettered()).isZero();
        assertThat(left.bySink()).containsExactly(Map.entry("pager", 1));
        // And the next notifier of the group delivers it
        RecordingSink sink = new RecordingSink("pager", 0);
        NotifierService next = start("handover", List.of(sink), new SimpleMeterRegistry());
        await().atMost(TIMEOUT).until(() -> next.delivered() == 1);
        assertThat(sink.alertIds()).containsExactly("in-retry");
    }

    @Test
    void aSinkThatIsDownHoldsBackOnlyItsOwnAlertsAndGetsThemAfterARestart() throws Exception {
        // Given five alerts just detected, a pager that is down and a file sink that works
        List<Alert> alerts = alerts("down", 5).stream().map(TestAlerts::fresh).toList();
        produce(alerts);
        FailingSink pager = new FailingSink("pager");
        RecordingSink file = new RecordingSink("file", 0);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        NotifierService notifier = new NotifierService(broker.bootstrapServers(), topics, "outage", List.of(pager, file),
                registry, new DeliveryPolicy(Duration.ofHours(1), Duration.ofMillis(10)), Duration.ZERO);
        notifiers.add(notifier);

        // When the notifier runs for a while
        notifier.start();

        // Then the file sink got every alert and its group moved past them, while the pager's group stays where its
        // undelivered alerts are, and says how old the oldest of them is
        await().atMost(TIMEOUT).until(() -> file.alertIds().size() == 5);
        await().atMost(TIMEOUT).until(() -> committed(SinkGroups.groupOf("outage", "file")) >= 5);
        assertThat(committed(SinkGroups.groupOf("outage", "pager"))).isZero();
        await().atMost(TIMEOUT).until(() -> oldestUndelivered(registry, "pager") > 0);
        assertThat(oldestUndelivered(registry, "file")).isZero();
        assertThat(notifier.deadLettered()).isZero();

        // And when it stops, the pager's five alerts are left for the next start
        assertThat(notifier.stop().bySink()).containsExactly(Map.entry("pager", 5), Map.entry("file", 0));
        RecordingSink pagerBack = new RecordingSink("pager", 0);
        RecordingSink fileAgain = new RecordingSink("file", 0);
        NotifierService next = start("outage", List.of(pagerBack, fileAgain), new SimpleMeterRegistry());
        await().atMost(TIMEOUT).until(() -> pagerBack.alertIds().size() == 5);
        assertThat(pagerBack.alertIds()).containsExactlyInAnyOrderElementsOf(ids(alerts));
        // and the file sink, which had them all, gets none of them again
        Alert late = TestAlerts.loginWithoutMfa("after-outage", "111122223333");
        produce(List.of(late));
        await().atMost(TIMEOUT).until(() -> fileAgain.alertIds().contains("after-outage"));
        assertThat(fileAgain.alertIds()).containsExactly("after-outage");
        assertThat(next.deadLettered()).isZero();
    }

    @Test
    void aSinkAddedLaterStartsWhereTheNotifierIsInsteadOfAtTheBeginning() throws Exception {
        // Given a notifier that delivered three alerts to its file sink and stopped
        List<Alert> old = alerts("old", 3);
        produce(old);
        RecordingSink file = new RecordingSink("file", 0);
        NotifierService first = start("grow", List.of(file), new SimpleMeterRegistry());
        await().atMost(TIMEOUT).until(() -> first.delivered() == 3);
        first.close();

        // When it starts again with a second sink, and one more alert arrives
        RecordingSink slack = new RecordingSink("slack", 0);
        RecordingSink fileAgain = new RecordingSink("file", 0);
        start("grow", List.of(fileAgain, slack), new SimpleMeterRegistry());
        Alert fresh = TestAlerts.loginWithoutMfa("new", "111122220000");
        produce(List.of(fresh));

        // Then the new sink gets the new alert only, not the three older ones
        await().atMost(TIMEOUT).until(() -> slack.alertIds().contains("new"));
        assertThat(slack.alertIds()).containsExactly("new");
        assertThat(fileAgain.alertIds()).containsExactly("new");
    }

    private NotifierService start(String groupId, List<AlertSink> sinks, SimpleMeterRegistry registry) {
        NotifierService notifier = new NotifierService(broker.bootstrapServers(), topics, groupId, sinks, registry, FAST);
        notifiers.add(notifier);
        notifier.start();
        return notifier;
    }

    private static List<Alert> alerts(String prefix, int count) {
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            alerts.add(TestAlerts.loginWithoutMfa(prefix + "-" + i, "11112222333" + (i % 3)));
        }
        return alerts;
    }

    private static List<Alert> alerts(String prefix, int count, String accountId) {
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            alerts.add(TestAlerts.loginWithoutMfa(prefix + "-" + i, accountId));
        }
        return alerts;
    }

    private static List<String> ids(List<Alert> alerts) {
        return alerts.stream().map(Alert::alertId).toList();
    }

    private static Map<String, List<String>> byAccount(List<Alert> alerts) {
        return alerts.stream().collect(Collectors.groupingBy(Alert::accountId, LinkedHashMap::new,
                Collectors.mapping(Alert::alertId, Collectors.toList())));
    }

    private void produce(List<Alert> alerts) {
        try (KafkaProducer<byte[], byte[]> producer = transactionalProducer()) {
            producer.initTransactions();
            producer.beginTransaction();
            for (Alert alert : alerts) {
                producer.send(new ProducerRecord<>(topics.alerts().name(), bytes(alert.accountId()), alertBytes(alert)));
            }
            producer.commitTransaction();
        }
    }

    private byte[] alertBytes(Alert alert) {
        return topics.alerts().valueSerde().serializer().serialize(topics.alerts().name(), alert);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static KafkaProducer<byte[], byte[]> transactionalProducer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-producer-" + UUID.randomUUID()),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    private List<DeadLetter> readDeadLetters(int expected) {
        List<DeadLetter> deadLetters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topics.deadLetter().name(), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            await().atMost(TIMEOUT).until(() -> {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    deadLetters.add(topics.deadLetter().valueSerde().deserializer().deserialize(record.topic(), record.value()));
                    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(deadLetters.get(deadLetters.size() - 1).ref());
                }
                return deadLetters.size() >= expected;
            });
        }
        assertThat(deadLetters).hasSize(expected);
        return deadLetters;
    }

    private long committedOffsets(String groupId) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(SinkGroups.groupOf(groupId, "file"))
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        return offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
    }

    private static long committed(String group) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS).values().stream()
                .filter(java.util.Objects::nonNull).mapToLong(OffsetAndMetadata::offset).sum();
    }

    private static double oldestUndelivered(SimpleMeterRegistry registry, String sink) {
        return registry.get(NotifierMetrics.OLDEST_UNDELIVERED).tag("sink", sink).gauge().value();
    }

    private static List<Alert> readAlerts(Path file) throws Exception {
        List<Alert> alerts = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            alerts.add(Json.mapper().readValue(line, Alert.class));
        }
        return alerts;
    }

    /** Records what it got; fails its first {@code failures} calls with a retryable error. */
    private static final class RecordingSink implements AlertSink {
        private final String name;
        private final AtomicInteger failuresLeft;
        private final List<String> alertIds = new CopyOnWriteArrayList<>();

        RecordingSink(String name, int failures) {
            this.name = name;
            this.failuresLeft = new AtomicInteger(failures);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void deliver(Alert alert) throws DeliveryException {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new DeliveryException("HTTP 502 from the receiver", true);
            }
            alertIds.add(alert.alertId());
        }

        List<String> alertIds() {
            return Collections.unmodifiableList(alertIds);
        }
    }

    /** Always fails, quoting a secret-bearing URL as a careless HTTP client would. */
    private static final class FailingSink implements AlertSink {
        private final String name;
        final AtomicInteger calls = new AtomicInteger();

        FailingSink(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void deliver(Alert alert) throws DeliveryException {
            calls.incrementAndGet();
            throw new DeliveryException("HTTP 503 from https://events.example.com/v2/enqueue?routing_key=s3cr3t", true);
        }
    }
}
