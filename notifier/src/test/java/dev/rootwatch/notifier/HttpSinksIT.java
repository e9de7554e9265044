package dev.rootwatch.notifier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.Settings;
import dev.rootwatch.common.config.SinkSettings;
import dev.rootwatch.common.kafka.Topics;
import dev.rootwatch.common.model.Alert;
import dev.rootwatch.kafka.embedded.EmbeddedKafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP sinks driven by the notifier on the embedded broker, against WireMock receivers. */
class HttpSinksIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final AtomicInteger TOPIC_SEQUENCE = new AtomicInteger();
    private static final Map<String, String> ENV = Map.of("HOOK_KEY", "it-hmac-key", "PD_KEY", "it-routing-key-000000000000000");

    private static EmbeddedKafkaBroker broker;
    private static Admin admin;

    private Topics topics;
    private Receiver receiver;
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
    void createTopicsAndReceiver() throws Exception {
        topics = Topics.withPrefix("http" + TOPIC_SEQUENCE.incrementAndGet() + ".");
        admin.createTopics(List.of(
                new NewTopic(topics.alerts().name(), 3, (short) 1),
                new NewTopic(topics.deadLetter().name(), 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        receiver = new Receiver();
    }

    @AfterEach
    void closeNotifiersAndReceiver() {
        notifiers.forEach(NotifierService::close);
        receiver.close();
    }

    @Test
    void deliversEveryAlertOnceInAccountOrderAfterAnOutage() {
        // Given a receiver that is down: from its first call on, it times out for 1.5 s, then answers 500 for 1.5 s, then recovers
        receiver.server.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(503).withFixedDelay(1000)));
        List<Alert> alerts = alerts("outage", 30);
        produce(alerts);
        DeliveryPolicy policy = new DeliveryPolicy(Duration.ofHours(1), Duration.ofMillis(50), Duration.ofMillis(400), 0.5, 5,
                Duration.ofMillis(500));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        // When the notifier runs with a webhook sink whose calls time out after 300 ms
        NotifierService notifier = start("outage", List.of(sink("hook", "webhook", "/hook", "HOOK_KEY", "300ms")), registry, policy);
        await().atMost(TIMEOUT).until(() -> !receiver.requests("/hook").isEmpty());
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        clock.schedule(() -> receiver.answer("/hook", 500), 1500, TimeUnit.MILLISECONDS);
        clock.schedule(() -> receiver.answer("/hook", 200), 3000, TimeUnit.MILLISECONDS);

        // Then every alert was accepted, none was dead-lettered
        await().atMost(TIMEOUT).until(() -> notifier.delivered() == 30);
        clock.shutdownNow();
        assertThat(notifier.deadLettered()).isZero();
        List<LoggedRequest> accepted = accepted("/hook");
        List<String> keys = accepted.stream().map(r -> r.getHeader("Idempotency-Key")).toList();
        // after deduplication by its key, each alert arrived once
        assertThat(new LinkedHashSet<>(keys)).containsExactlyInAnyOrderElementsOf(ids(alerts));
        // and each account's alerts arrived in the order they were produced
        Map<String, String> accountOf = alerts.stream().collect(Collectors.toMap(Alert::alertId, Alert::accountId));
        Map<String, List<String>> arrived = new LinkedHashSet<>(keys).stream().collect(Collectors.groupingBy(accountOf::get,
                LinkedHashMap::new, Collectors.toList()));
        assertThat(arrived).isEqualTo(byAccount(alerts));
        // the outage was real: calls failed
        assertThat(registry.get(NotifierMetrics.DELIVERIES).tag("sink", "hook").tag("outcome", "failed").counter().count())
                .isGreaterThanOrEqualTo(5);
    }

    @Test
    void aDeadSinkNeitherDelaysAnotherNorIsCalledOnceItsCircuitIsOpen() {
        // Given a PagerDuty receiver that answers 503 after a second, and a working webhook receiver
        receiver.answer("/pd", aResponse().withStatus(503).withFixedDelay(1000));
        receiver.answer("/hook", 200);
        List<Alert> alerts = alerts("dead", 10);
        produce(alerts);
        // alerts are retried for two seconds, about two calls of the pager
        DeliveryPolicy policy = new DeliveryPolicy(Duration.ofSeconds(2), Duration.ofMillis(20), Duration.ofMillis(50), 0.5, 3,
                Duration.ofMinutes(5));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        // When the notifier runs with both
        NotifierService notifier = start("dead", List.of(sink("pager", "pagerduty", "/pd", "PD_KEY", "5s"),
                sink("hook", "webhook", "/hook", "HOOK_KEY", "5s")), registry, policy);

        // Then the webhook gets every alert while the pager is still on its first (each sink reads on its own)
        await().atMost(TIMEOUT).until(() -> receiver.requests("/hook").size() == 10);
        assertThat(receiver.requests("/pd").size()).isLessThanOrEqualTo(3);
        assertThat(notifier.deadLettered()).isZero();
        // And once they are older than two seconds, every alert is dead-lettered for the pager; after three failed calls
        // its circuit opened, so the later ones were given up without calling it
        await().atMost(TIMEOUT).until(() -> notifier.deadLettered() == 10);
        assertThat(notifier.delivered()).isEqualTo(10);
        assertThat(receiver.requests("/pd")).hasSize(3);
        assertThat(registry.get(NotifierMetrics.CIRCUIT_STATE).tag("sink", "pager").tag("state", "open").gauge().value()).isEqualTo(1);
        assertThat(registry.get(NotifierMetrics.CIRCUIT_STATE).tag("sink", "hook").tag("state", "closed").gauge().value()).isEqualTo(1);
        assertThat(registry.get(NotifierMetrics.DELIVERIES).tag("sink", "pager").tag("outcome", "dead_lettered").counter().count())
                .isEqualTo(10);
        assertThat(registry.get(NotifierMetrics.DELIVERIES).tag("sink", "hook").tag("outcome", "delivered").counter().count())
                .isEqualTo(10);
    }

    @Test
    void redeliversWithTheSameIdempotencyKeysAfterAStopBeforeTheCommit() throws Exception {
        // Given receivers that take 10 s to answer the first call, and answer at once after that
        for (String path : List.of("/pd", "/hook")) {
            receiver.server.stubFor(post(urlPathEqualTo(path)).inScenario(path).whenScenarioStateIs(Scenario.STARTED)
                    .willReturn(aResponse().withStatus(202).withFixedDelay(10_000)).willSetStateTo("fast"));
            receiver.server.stubFor(post(urlPathEqualTo(path)).inScenario(path).whenScenarioStateIs("fast")
                    .willReturn(aResponse().withStatus(202)));
        }
        Alert alert = TestAlerts.fresh(TestAlerts.loginWithoutMfa("crash-1", "111122223333"));
        produce(List.of(alert));
        List<AlertSink> sinks = List.of(sink("pager", "pagerduty", "/pd", "PD_KEY", "30s"), sink("hook", "webhook", "/hook", "HOOK_KEY", "30s"));

        // When the notifier is stopped while both calls are in flight
        NotifierService first = start("crash", sinks, new SimpleMeterRegistry(), DeliveryPolicy.defaults(), Duration.ZERO);
        await().atMost(TIMEOUT).until(() -> receiver.requests("/pd").size() == 1 && receiver.requests("/hook").size() == 1);
        first.close();

        // Then nothing was committed, and the next notifier of the groups delivers the alert again
        assertThat(first.delivered()).isZero();
        assertThat(committed("crash")).isZero();
        List<AlertSink> again = List.of(sink("pager", "pagerduty", "/pd", "PD_KEY", "30s"), sink("hook", "webhook", "/hook", "HOOK_KEY", "30s"));
        NotifierService second = start("crash", again, new SimpleMeterRegistry(), DeliveryPolicy.defaults());
        await().atMost(TIMEOUT).until(() -> second.delivered() == 2);
        // And the receivers see the same idempotency keys both times, so they can drop the duplicate
        List<LoggedRequest> pd = receiver.requests("/pd");
        List<LoggedRequest> hook = receiver.requests("/hook");
        assertThat(pd).hasSize(2);
        assertThat(hook).hasSize(2);
        assertThat(pd).extracting(r -> Receiver.json(r).get("dedup_key").asText()).containsOnly(alert.fingerprint());
        assertThat(hook).extracting(r -> r.getHeader("Idempotency-Key")).containsOnly("crash-1");
        assertThat(hook).extracting(r -> Receiver.json(r).get("alertId").asText()).containsOnly("crash-1");
        await().atMost(TIMEOUT).until(() -> committed("crash") > 0);
    }

    /** A configured sink, made the way the notifier makes them from its settings. */
    private AlertSink sink(String name, String type, String path, String secretEnv, String timeout) {
        SinkSettings.Sink entry = new SinkSettings.Sink(name, type, receiver.uri(path).toString(), null, secretEnv, null, null,
                List.of(), List.of(), timeout, 1000.0, null, null, null);
        Config config = Config.defaults().with(Settings.NOTIFIER_CONSOLE_ENABLED, false).with(SinkSettings.NOTIFIER_SINKS, List.of(entry));
        return NotifierSettings.from(config, ENV).createSinks(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).get(0);
    }

    private List<LoggedRequest> accepted(String path) {
        return receiver.server.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals(path) && e.getResponse().getStatus() == 200)
                .map(ServeEvent::getRequest)
                .sorted(Comparator.comparing(LoggedRequest::getLoggedDate))
                .toList();
    }

    private NotifierService start(String groupId, List<AlertSink> sinks, SimpleMeterRegistry registry, DeliveryPolicy policy) {
        return start(groupId, sinks, registry, policy, NotifierService.DEFAULT_DRAIN);
    }

    private NotifierService start(String groupId, List<AlertSink> sinks, SimpleMeterRegistry registry, DeliveryPolicy policy,
                                  Duration drain) {
        NotifierService notifier = new NotifierService(broker.bootstrapServers(), topics, groupId, sinks, registry, policy, drain);
        notifiers.add(notifier);
        notifier.start();
        return notifier;
    }

    private static List<Alert> alerts(String prefix, int count) {
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            alerts.add(TestAlerts.fresh(TestAlerts.loginWithoutMfa(prefix + "-" + i, "11112222333" + (i % 3))));
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
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "http-it-" + UUID.randomUUID()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (Alert alert : alerts) {
                producer.send(new ProducerRecord<>(topics.alerts().name(), alert.accountId().getBytes(StandardCharsets.UTF_8),
                        topics.alerts().valueSerde().serializer().serialize(topics.alerts().name(), alert)));
            }
            producer.commitTransaction();
        }
    }

    /** Offsets committed by the groups of the sinks pager and hook under {@code groupId}. */
    private long committed(String groupId) throws Exception {
        long sum = 0;
        for (String sink : List.of("pager", "hook")) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(SinkGroups.groupOf(groupId, sink))
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            sum += offsets.values().stream().filter(java.util.Objects::nonNull).mapToLong(OffsetAndMetadata::offset).sum();
        }
        return sum;
    }
}
