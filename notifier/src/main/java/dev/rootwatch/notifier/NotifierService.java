package dev.rootwatch.notifier;

import dev.rootwatch.common.kafka.Topics;
import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.DeadLetter;
import dev.rootwatch.common.model.DeadLetterReason;
import dev.rootwatch.common.text.LogSafe;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads committed alerts from the alerts topic and delivers each to every sink whose route takes it,
 * at least once and, per sink, in partition (that is per-account) order.
 *
 * <p>One thread polls and hands each alert to the lanes of its sinks ({@link SinkLane}: one thread
 * and queue per sink), so sinks work concurrently and a slow or dead sink delays only itself. In its
 * lane an alert is retried under the {@link DeliveryPolicy}, behind the sink's circuit breaker and
 * rate limiter; when the sink gives up, a {@code DELIVERY_FAILED} dead letter with the last error is
 * written and acknowledged. Alerts the evaluator marked suppressed go only to console and file sinks.
 * A record that is not an alert becomes an {@code UNDESERIALIZABLE} dead letter.
 *
 * <p>An offset is committed only once every record before it is finished by all its sinks (delivered
 * or dead-lettered), so a crash or a stop redelivers, and never loses, an alert; receivers recognize
 * the redelivery by its idempotency key (PagerDuty's dedup_key, the webhook's Idempotency-Key). When
 * more than {@link #MAX_IN_FLIGHT} records are unfinished, the notifier stops fetching until the
 * sinks catch up.
 */
public final class NotifierService implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(NotifierService.class);

    static final String STAGE = "notifier";
    static final Duration POLL_TIMEOUT = Duration.ofMillis(250);
    static final Duration ERROR_PAUSE = Duration.ofSeconds(1);
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** How long a stop waits for calls in progress before it abandons them (they are delivered again later). */
    static final Duration DRAIN_GRACE = Duration.ofSeconds(5);
    static final Duration ABANDON_WAIT = Duration.ofSeconds(5);
    static final int MAX_POLL_RECORDS = 200;
    /** Unfinished records beyond which fetching pauses. */
    static final int MAX_IN_FLIGHT = 1000;

    private final String bootstrapServers;
    private final Topics topics;
    private final String groupId;
    private final List<GuardedSink> sinks;
    private final DeliveryPolicy policy;
    private final Clock clock;
    private final NotifierMetrics metrics;
    private final MeterRegistry registry;
    private volatile List<KafkaClientMetrics> clientMetrics = List.of();
    private final StopSignal stop = new StopSignal();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();

    private Thread thread;
    private boolean closed;

    /**
     * @param bootstrapServers the Kafka cluster
     * @param topics           rootwatch's topics: alerts are read, dead letters written
     * @param groupId          the consumer group; its committed offsets say which alerts are done
     * @param sinks            where alerts go, at least one, names unique; a {@link RoutedSink} (as
     *                         {@link NotifierSettings#createSinks()} makes) brings its route, any other
     *                         sink takes every alert; closed by {@link #close()}
     * @param registry         where the notifier's meters are registered
     * @param policy           how hard each sink is tried ({@link NotifierSettings#deliveryPolicy()})
     */
    public NotifierService(String bootstrapServers, Topics topics, String groupId, List<AlertSink> sinks,
                           MeterRegistry registry, DeliveryPolicy policy) {
        this(bootstrapServers, topics, groupId, sinks, registry, policy, Clock.systemUTC());
    }

    NotifierService(String bootstrapServers, Topics topics, String groupId, List<AlertSink> sinks,
                    MeterRegistry registry, DeliveryPolicy policy, Clock clock) {
        this.bootstrapServers = requireText(bootstrapServers, "bootstrapServers");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.groupId = requireText(groupId, "groupId");
        this.policy = Objects.requireNonNull(policy, "policy");
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

    /** Connects to Kafka and starts the delivery threads. */
    public synchronized void start() {
        if (closed || thread != null) {
            throw new IllegalStateException(closed ? "notifier is closed" : "notifier already started");
        }
        Consumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Producer<byte[], byte[]> producer;
        try {
            producer = new KafkaProducer<>(producerConfig(), new ByteArraySerializer(), new ByteArraySerializer());
        } catch (KafkaException e) {
            consumer.close();
            throw e;
        }
        // consumer lag, fetch and produce rates for dashboards and the consumer-lag alert
        clientMetrics = List.of(new KafkaClientMetrics(consumer), new KafkaClientMetrics(producer));
        clientMetrics.forEach(m -> m.bindTo(registry));
        Loop loop = new Loop(consumer, producer);
        thread = new Thread(loop::run, "rootwatch-notifier");
        thread.start();
        LOGGER.info("notifier started group={} topic={} sinks={} maxAttempts={}", groupId, topics.alerts().name(),
                sinks.stream().map(GuardedSink::name).collect(Collectors.joining(",")), policy.maxAttempts());
    }

    /** Alerts fully handled: delivered by every sink that takes them or, for a sink that gave up, dead-lettered. */
    public long delivered() {
        return delivered.get();
    }

    /** Dead letters written (undeliverable alerts per sink, and records that were no alert). */
    public long deadLettered() {
        return deadLettered.get();
    }

    /** Whether the delivery thread is running. */
    public boolean isRunning() {
        Thread t;
        synchronized (this) {
            t = thread;
        }
        return t != null && t.isAlive();
    }

    /**
     * Stops: sinks waiting between attempts stop at once, calls in progress get {@link #DRAIN_GRACE}
     * to finish and are then abandoned; what is done is committed, the rest is delivered again by the
     * next notifier of the group. Closes the Kafka clients and every sink.
     */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            t = thread;
        }
        stop.request();
        if (t != null) {
            try {
                t.join(CLOSE_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                LOGGER.warn("notifier thread did not stop in time timeoutMillis={}", CLOSE_TIMEOUT.toMillis());
            }
        }
        closeSinks();
        clientMetrics.forEach(KafkaClientMetrics::close);
        LOGGER.info("notifier stopped group={} delivered={} deadLettered={}", groupId, delivered.get(), deadLettered.get());
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

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
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

    /** The polling thread's work; owns the consumer and the record bookkeeping, shares the producer with the lanes. */
    private final class Loop implements ConsumerRebalanceListener {

        private final Consumer<byte[], byte[]> consumer;
        private final Producer<byte[], byte[]> producer;
        private final DeadLetterPublisher deadLetters;
        private final List<SinkLane> lanes;
        private final Map<TopicPartition, ArrayDeque<PendingRecord>> pending = new HashMap<>();
        private final Map<TopicPartition, Long> lastCommitted = new HashMap<>();
        private boolean paused;

        Loop(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer) {
            this.consumer = consumer;
            this.producer = producer;
            this.deadLetters = new DeadLetterPublisher(producer, topics.deadLetter());
            SinkDelivery delivery = new SinkDelivery(policy, metrics, stop);
            this.lanes = sinks.stream().map(sink -> new SinkLane(sink, delivery, stop, this::gaveUp)).toList();
        }

        void run() {
            try {
                consumer.subscribe(List.of(topics.alerts().name()), this);
                while (!stop.requested()) {
                    try {
                        pollOnce();
                    } catch (RuntimeException e) {
                        // Kafka unreachable, a commit refused: never skip, never give up
                        LOGGER.error("notifier poll failed, trying again pauseMillis={} error={}",
                                ERROR_PAUSE.toMillis(), ErrorText.redact(e.toString()), e);
                        stop.sleep(ERROR_PAUSE);
                    }
                }
            } finally {
                drainLanes();
                try {
                    commitFinished(consumer.assignment());
                } catch (RuntimeException e) {
                    LOGGER.warn("final offset commit failed, finished alerts will be delivered again error={}", e.toString());
                }
                closeClients();
            }
        }

        private void pollOnce() {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_TIMEOUT);
            RuntimeException failure = null;
            for (TopicPartition partition : records.partitions()) {
                for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                    try {
                        dispatch(partition, record);
                    } catch (RuntimeException e) {
                        // read it again: the position must never pass a record that was not handed on
                        consumer.seek(partition, record.offset());
                        failure = e;
                        break;
                    }
                }
            }
            commitFinished(consumer.assignment());
            applyBackpressure();
            if (failure != null) {
                throw failure;
            }
        }

        private void dispatch(TopicPartition partition, ConsumerRecord<byte[], byte[]> record) {
            Alert alert;
            try {
                alert = decode(record);
            } catch (SerializationException e) {
                String ref = record.topic() + "/" + record.partition() + "/" + record.offset();
                String excerpt = record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
                boolean written = writeDeadLetter(DeadLetter.of(STAGE, record.topic(), ref, DeadLetterReason.UNDESERIALIZABLE,
                        e.getMessage(), excerpt, clock.instant()));
                track(new PendingRecord(partition, record.offset(), written ? 0 : 1, () -> { }));
                return;
            }
            boolean suppressed = AlertText.suppressed(alert);
            if (suppressed) {
                metrics.suppressed();
            }
            List<SinkLane> targets = new ArrayList<>();
            for (SinkLane lane : lanes) {
                if (lane.sink().takes(alert, suppressed)) {
                    targets.add(lane);
                }
            }
            if (targets.isEmpty()) {
                metrics.unrouted();
                LOGGER.debug("no sink takes the alert alertId={} type={} severity={}", LogSafe.escape(alert.alertId(), 80),
                        alert.type(), alert.severity());
            }
            PendingRecord record0 = new PendingRecord(partition, record.offset(), targets.size(), delivered::incrementAndGet);
            track(record0);
            for (SinkLane lane : targets) {
                lane.submit(record0, alert);
            }
        }

        private void track(PendingRecord record) {
            pending.computeIfAbsent(record.partition(), tp -> new ArrayDeque<>()).addLast(record);
        }

        private Alert decode(ConsumerRecord<byte[], byte[]> record) {
            if (record.value() == null) {
                throw new SerializationException("empty record on " + record.topic());
            }
            return topics.alerts().valueSerde().deserializer().deserialize(record.topic(), record.value());
        }

        /** A lane's sink gave up on an alert: dead-letter it. */
        private boolean gaveUp(GuardedSink sink, Alert alert, SinkDelivery.Result result) {
            boolean written = writeDeadLetter(DeadLetter.of(STAGE, sink.name(), alert.alertId(), DeadLetterReason.DELIVERY_FAILED,
                    result.error(), null, clock.instant()));
            if (written) {
                metrics.deadLettered(sink.name());
            }
            return written;
        }

        /** Writes a dead letter, trying until the broker acknowledges it; false only when stopping first. */
        private boolean writeDeadLetter(DeadLetter deadLetter) {
            while (true) {
                try {
                    deadLetters.publish(deadLetter);
                    metrics.deadLetterWritten(deadLetter.reason());
                    deadLettered.incrementAndGet();
                    LOGGER.warn("dead letter written reason={} source={} ref={} detail=\"{}\"", deadLetter.reason().label(),
                            LogSafe.escape(deadLetter.source(), 100), LogSafe.escape(deadLetter.ref(), 100),
                            LogSafe.escape(deadLetter.detail(), ErrorText.MAX_LENGTH));
                    return true;
                } catch (KafkaException e) {
                    LOGGER.error("dead letter not acknowledged, trying again pauseMillis={} ref={} error={}", ERROR_PAUSE.toMillis(),
                            LogSafe.escape(deadLetter.ref(), 100), ErrorText.redact(e.toString()));
                    if (!stop.sleep(ERROR_PAUSE)) {
                        return false;
                    }
                }
            }
        }

        /** Commits, per partition, past the records finished without a gap (past everything fetched when all are). */
        private void commitFinished(Collection<TopicPartition> partitions) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (TopicPartition partition : partitions) {
                ArrayDeque<PendingRecord> queue = pending.get(partition);
                Long next = null;
                while (queue != null && !queue.isEmpty() && queue.peekFirst().done()) {
                    next = queue.pollFirst().offset() + 1;
                }
                if (queue == null || queue.isEmpty()) {
                    // all fetched records are finished: the position also steps over the transaction markers the
                    // evaluator's exactly-once writes leave, so a committed end offset means "nothing left to deliver"
                    next = consumer.position(partition);
                }
                if (next != null && !next.equals(lastCommitted.get(partition))) {
                    offsets.put(partition, new OffsetAndMetadata(next));
                }
            }
            if (offsets.isEmpty()) {
                return;
            }
            try {
                consumer.commitSync(offsets);
                offsets.forEach((tp, offset) -> lastCommitted.put(tp, offset.offset()));
            } catch (CommitFailedException e) {
                // the group rebalanced: the partitions' new owner delivers these records again
                LOGGER.warn("offset commit failed after a rebalance, records will be delivered again partitions={} error={}",
                        offsets.keySet(), e.toString());
            }
        }

        private void applyBackpressure() {
            int inFlight = pending.values().stream().mapToInt(ArrayDeque::size).sum();
            if (inFlight >= MAX_IN_FLIGHT) {
                consumer.pause(consumer.assignment());
                if (!paused) {
                    LOGGER.warn("sinks are behind, fetching paused unfinished={} queued={}", inFlight, queuedPerSink());
                    paused = true;
                }
            } else if (paused && inFlight <= MAX_IN_FLIGHT / 2) {
                consumer.resume(consumer.paused());
                paused = false;
                LOGGER.info("sinks caught up, fetching resumed unfinished={}", inFlight);
            }
        }

        private String queuedPerSink() {
            return lanes.stream().map(l -> l.sink().name() + ":" + l.queued()).collect(Collectors.joining(","));
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            try {
                commitFinished(partitions);
            } catch (RuntimeException e) {
                LOGGER.warn("offset commit on revocation failed, finished alerts will be delivered again error={}", e.toString());
            }
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // records of newly assigned partitions are tracked as they arrive
        }

        /** Another notifier owns these partitions now: what is still queued for them is skipped. */
        private void forget(Collection<TopicPartition> partitions) {
            for (TopicPartition partition : partitions) {
                ArrayDeque<PendingRecord> queue = pending.remove(partition);
                if (queue != null) {
                    queue.forEach(PendingRecord::cancel);
                }
                lastCommitted.remove(partition);
            }
        }

        private void drainLanes() {
            lanes.forEach(SinkLane::shutdown);
            long deadline = System.nanoTime() + DRAIN_GRACE.toNanos();
            try {
                for (SinkLane lane : lanes) {
                    long left = Math.max(0, deadline - System.nanoTime());
                    if (!lane.awaitTermination(Duration.ofNanos(left))) {
                        LOGGER.info("sink call still running at stop, abandoning it (delivered again later) sink={}", lane.sink().name());
                        lane.abandon();
                    }
                }
                for (SinkLane lane : lanes) {
                    if (!lane.awaitTermination(ABANDON_WAIT)) {
                        LOGGER.warn("sink lane did not stop sink={}", lane.sink().name());
                    }
                }
            } catch (InterruptedException e) {
                lanes.forEach(SinkLane::abandon);
                Thread.currentThread().interrupt();
            }
        }

        private void closeClients() {
            try {
                consumer.close();
            } catch (KafkaException e) {
                LOGGER.warn("notifier consumer did not close cleanly error={}", e.toString());
            }
            try {
                producer.close();
            } catch (KafkaException e) {
                LOGGER.warn("notifier producer did not close cleanly error={}", e.toString());
            }
        }
    }
}
