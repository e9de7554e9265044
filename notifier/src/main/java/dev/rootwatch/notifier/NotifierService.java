package dev.rootwatch.notifier;

import dev.rootwatch.common.kafka.Topics;
import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.text.LogSafe;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads committed alerts from the alerts topic and delivers each to every sink whose route takes it,
 * at least once and, per sink, in partition (that is per-account) order.
 *
 * <p>Each sink has its own consumer group ({@code <groupId>.<sink>}, see {@link SinkGroups}) read by its
 * own {@link SinkConsumer}: one thread polling and a {@link SinkLane} delivering. A sink that is slow or
 * down delays only itself, for as long as it takes: its offsets stay where its undelivered alerts are,
 * the other sinks' groups move on. In its lane an alert is retried under the {@link DeliveryPolicy}
 * (transient failures until the alert is {@code maxAge} old), behind the sink's circuit breaker and
 * rate limiter; when the sink gives up, a {@code DELIVERY_FAILED} dead letter with the last error is
 * written and acknowledged. Alerts the evaluator marked suppressed go only to console and file sinks.
 * A record that is not an alert becomes an {@code UNDESERIALIZABLE} dead letter.
 *
 * <p>An offset is committed only once every record before it is finished (delivered or
 * dead-lettered), so a crash or a stop redelivers, and never loses, an alert; receivers recognize the
 * redelivery by its idempotency key (PagerDuty's dedup_key, the webhook's Idempotency-Key).
 */
public final class NotifierService implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(NotifierService.class);

    static final String STAGE = "notifier";
    static final Duration CLOSE_MARGIN = Duration.ofSeconds(20);
    static final int MAX_POLL_RECORDS = 200;
    /**
     * How long the broker holds an alerts fetch that finds nothing new (Kafka's default: 500 ms). A new alert
     * answers a fetch at once either way; but the broker takes one request of a connection at a time, so a
     * stopping consumer's last requests (counting what is left, committing) wait behind its parked fetch.
     */
    static final int FETCH_MAX_WAIT_MS = 100;

    private final String bootstrapServers;
    private final Topics topics;
    private final String groupId;
    private final List<GuardedSink> sinks;
    private final DeliveryPolicy policy;
    private final Duration drainTimeout;
    private final String instanceId;
    private final Clock clock;
    private final NotifierMetrics metrics;
    private final MeterRegistry registry;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();

    private volatile List<KafkaClientMetrics> clientMetrics = List.of();
    private List<SinkConsumer> consumers = List.of();
    private List<Thread> threads = List.of();
    private Producer<byte[], byte[]> producer;
    private PendingDeliveries stopped;
    private boolean closed;

    /**
     * @param bootstrapServers the Kafka cluster
     * @param topics           rootwatch's topics: alerts are read, dead letters written
     * @param groupId          the base of the sinks' consumer groups ({@code <groupId>.<sink>}); their
     *                         committed offsets say which alerts each sink is done with
     * @param sinks            where alerts go, at least one, names unique; a {@link RoutedSink} (as
     *                         {@link NotifierSettings#createSinks()} makes) brings its route, any other
     *                         sink takes every alert; closed by {@link #close()}
     * @param registry         where the notifier's meters are registered
     * @param policy           how hard each sink is tried ({@link NotifierSettings#deliveryPolicy()})
     */
    public NotifierService(String bootstrapServers, Topics topics, String groupId, List<AlertSink> sinks,
                           MeterRegistry registry, DeliveryPolicy policy) {
        this(bootstrapServers, topics, groupId, sinks, registry, policy, DEFAULT_DRAIN, "", Clock.systemUTC());
    }

    /** @param drainTimeout how long a {@link #close()} lets deliveries go on ({@code notifier.drainTimeout}) */
    public NotifierService(String bootstrapServers, Topics topics, String groupId, List<AlertSink> sinks,
                           MeterRegistry registry, DeliveryPolicy policy, Duration drainTimeout) {
        this(bootstrapServers, topics, groupId, sinks, registry, policy, drainTimeout, "", Clock.systemUTC());
    }

    /**
     * @param instanceId a static membership id for the sinks' consumers (a restart with the same id takes their place
     *                   at once instead of after the group's session timeout); empty for dynamic members
     */
    public NotifierService(String bootstrapServers, Topics topics, String groupId, List<AlertSink> sinks,
                           MeterRegistry registry, DeliveryPolicy policy, Duration drainTimeout, String instanceId) {
        this(bootstrapServers, topics, groupId, sinks, registry, policy, drainTimeout, instanceId, Clock.systemUTC());
    }

    /** The default of {@code notifier.drainTimeout}. */
    static final Duration DEFAULT_DRAIN = dev.rootwatch.common.config.SinkSettings.NOTIFIER_DRAIN_TIMEOUT.defaultValue();

    NotifierService(String bootstrapServers, Topics topics, String groupId, List<AlertSink> sinks,
                    MeterRegistry registry, DeliveryPolicy policy, Duration drainTimeout, String instanceId, Clock clock) {
        this.bootstrapServers = requireText(bootstrapServers, "bootstrapServers");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.groupId = requireText(groupId, "groupId");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.drainTimeout = Objects.requireNonNull(drainTimeout, "drainTimeout");
        this.instanceId = instanceId == null ? "" : instanceId.trim();
        this.clock = Objects.requireNonNull(clock, "clock");
        List<String> names = sinks.stream().map(AlertSink::name).toList();
        if (names.isEmpty()) {
            throw new IllegalArgumentException("the notifier needs at least one sink, or every alert would be dropped");
        }
        Set<String> unique = new HashSet<>(names);
        if (unique.size() != names.size()) {
            throw new IllegalArgumentException("sink names must be unique, were " + names);
        }
        this.sinks = sinks.stream().map(sink -> GuardedSink.of(sink, policy)).toList();
        this.registry = Objects.requireNonNull(registry, "registry");
        this.metrics = new NotifierMetrics(registry, names);
        this.sinks.forEach(sink -> metrics.circuit(sink.name(), sink.circuitBreaker()));
    }

    /** Connects to Kafka and starts one consumer and delivery lane per sink. */
    public synchronized void start() {
        if (closed || !threads.isEmpty()) {
            throw new IllegalStateException(closed ? "notifier is closed" : "notifier already started");
        }
        List<String> groups = groupIds();
        Map<String, Map<TopicPartition, Long>> seeds;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            seeds = SinkGroups.seeds(admin, groupId, groups, topics.alerts().name());
        }
        producer = new KafkaProducer<>(producerConfig(), new ByteArraySerializer(), new ByteArraySerializer());
        DeadLetterPublisher deadLetters = new DeadLetterPublisher(producer, topics.deadLetter());
        List<KafkaClientMetrics> bound = new ArrayList<>();
        bound.add(new KafkaClientMetrics(producer));
        List<SinkConsumer> started = new ArrayList<>();
        List<Thread> running = new ArrayList<>();
        for (int i = 0; i < sinks.size(); i++) {
            GuardedSink sink = sinks.get(i);
            String group = groups.get(i);
            Consumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(group, sink.name()), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
            // consumer lag, fetch and produce rates for dashboards and the consumer-lag alert
            bound.add(new KafkaClientMetrics(consumer));
            java.util.function.Consumer<Alert> observer = i == 0 ? this::countForAllSinks : alert -> { };
            SinkConsumer sinkConsumer = new SinkConsumer(sink, group, consumer, deadLetters, topics, policy, metrics, clock,
                    seeds.getOrDefault(group, Map.of()), delivered, deadLettered, observer);
            Thread thread = new Thread(sinkConsumer::run, "rootwatch-notifier-" + sink.name());
            started.add(sinkConsumer);
            running.add(thread);
        }
        bound.forEach(m -> m.bindTo(registry));
        clientMetrics = List.copyOf(bound);
        consumers = List.copyOf(started);
        threads = List.copyOf(running);
        threads.forEach(Thread::start);
        LOGGER.info("notifier started groups={} topic={} sinks={} maxAge={} drainTimeout={}", groups, topics.alerts().name(),
                sinks.stream().map(GuardedSink::name).collect(Collectors.joining(",")), policy.maxAge(), drainTimeout);
    }

    /** Counts, once per alert, what concerns the sinks together: suppression, and alerts no sink takes. */
    private void countForAllSinks(Alert alert) {
        if (AlertText.refresh(alert)) {
            return; // an open incident's refresh is for sinks that expire alerts; most deployments have none
        }
        boolean suppressed = AlertText.suppressed(alert);
        if (suppressed) {
            metrics.suppressed();
        }
        if (sinks.stream().noneMatch(sink -> sink.takes(alert, suppressed))) {
            metrics.unrouted();
            LOGGER.debug("no sink takes the alert alertId={} type={} severity={}", LogSafe.escape(alert.alertId(), 80),
                    alert.type(), alert.severity());
        }
    }

    /** The consumer groups of the sinks, in the order of the sinks. */
    public List<String> groupIds() {
        return sinks.stream().map(sink -> SinkGroups.groupOf(groupId, sink.name())).toList();
    }

    /** Alert deliveries that succeeded, over all sinks (an alert for two sinks counts twice). */
    public long delivered() {
        return delivered.get();
    }

    /** Dead letters written (undeliverable alerts per sink, and records that were no alert). */
    public long deadLettered() {
        return deadLettered.get();
    }

    /** Whether every sink's consumer thread is running. */
    public boolean isRunning() {
        List<Thread> t;
        synchronized (this) {
            t = threads;
        }
        return !t.isEmpty() && t.stream().allMatch(Thread::isAlive);
    }

    /** Whether every sink's consumer is running and has been given its partitions: an alert committed now is delivered. */
    public boolean isReady() {
        List<SinkConsumer> c;
        synchronized (this) {
            c = consumers;
        }
        return isRunning() && c.stream().allMatch(SinkConsumer::assigned);
    }

    /**
     * Stops within the drain timeout: fetching stops at once, deliveries go on until the drain
     * timeout, then waits are cut short and calls still running abandoned. What is finished is
     * committed; the rest stays in Kafka for the next notifier of the groups. Closes the Kafka
     * clients and every sink.
     */
    @Override
    public void close() {
        stop();
    }

    /**
     * {@link #close()}, telling what was left undelivered.
     *
     * @return the alerts not delivered, per sink; empty when the notifier never started
     */
    public PendingDeliveries stop() {
        List<Thread> t;
        List<SinkConsumer> c;
        synchronized (this) {
            if (closed) {
                return stopped;
            }
            closed = true;
            t = threads;
            c = consumers;
        }
        Instant deadline = clock.instant().plus(drainTimeout);
        c.forEach(consumer -> consumer.drainUntil(deadline));
        Map<String, Integer> left = new LinkedHashMap<>();
        for (int i = 0; i < t.size(); i++) {
            try {
                t.get(i).join(drainTimeout.plus(CLOSE_MARGIN).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.get(i).isAlive()) {
                LOGGER.warn("notifier thread did not stop in time sink={}", c.get(i).sinkName());
            }
            left.put(c.get(i).sinkName(), c.get(i).leftPending());
        }
        closeSinks();
        if (producer != null) {
            try {
                producer.close(Duration.ofSeconds(10));
            } catch (KafkaException e) {
                LOGGER.warn("notifier producer did not close cleanly error={}", e.toString());
            }
        }
        clientMetrics.forEach(KafkaClientMetrics::close);
        stopped = new PendingDeliveries(left);
        LOGGER.info("notifier stopped delivered={} deadLettered={} pending={}", delivered.get(), deadLettered.get(), left);
        return stopped;
    }

    private void closeSinks() {
        for (GuardedSink sink : sinks) {
            try {
                sink.sink().close();
            } catch (RuntimeException e) {
                LOGGER.warn("sink did not close cleanly sink={} error={}", sink.name(), ErrorText.redact(e.toString()));
            }
        }
    }

    private Map<String, Object> consumerConfig(String group, String sink) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "rootwatch-notifier-" + sink);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MS);
        if (!instanceId.isEmpty()) {
            config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId + "-" + sink);
        }
        return config;
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return config;
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return value;
    }
}
