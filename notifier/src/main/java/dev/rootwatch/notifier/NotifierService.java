package dev.rootwatch.notifier;

import dev.rootwatch.common.kafka.Topics;
import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.DeadLetter;
import dev.rootwatch.common.model.DeadLetterReason;
import dev.rootwatch.common.text.LogSafe;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
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
 * Reads committed alerts from the alerts topic and delivers each to every sink, at least once and
 * in partition (that is per-account) order.
 *
 * <p>One thread polls; each record goes to the sinks in turn, each sink retried under the
 * {@link DeliveryPolicy}. When a sink gives up, a {@code DELIVERY_FAILED} dead letter is written and
 * acknowledged before the next sink gets the alert. A record that is not an alert becomes an
 * {@code UNDESERIALIZABLE} dead letter and is skipped. Offsets are committed synchronously after a
 * batch, only up to records that were delivered or dead-lettered; so a crash or a stop redelivers,
 * and never loses, an alert. When Kafka fails (a dead letter not acknowledged, a poll error) the
 * unfinished records are read again after a pause.
 */
public final class NotifierService implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(NotifierService.class);

    static final String STAGE = "notifier";
    static final Duration POLL_TIMEOUT = Duration.ofMillis(250);
    static final Duration ERROR_PAUSE = Duration.ofSeconds(1);
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** Bounded so that a batch whose sinks all spend their retry budget still ends within max.poll.interval.ms. */
    static final int MAX_POLL_RECORDS = 50;

    private final String bootstrapServers;
    private final Topics topics;
    private final String groupId;
    private final List<AlertSink> sinks;
    private final DeliveryPolicy policy;
    private final Clock clock;
    private final NotifierMetrics metrics;
    private final StopSignal stop = new StopSignal();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();

    private Thread thread;
    private boolean closed;

    /**
     * @param bootstrapServers the Kafka cluster
     * @param topics           rootwatch's topics: alerts are read, dead letters written
     * @param groupId          the consumer group; its committed offsets say which alerts are done
     * @param sinks            where alerts go, at least one, names unique; closed by {@link #close()}
     * @param registry         where the notifier's meters are registered
     * @param policy           how hard each sink is tried
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
        this.sinks = List.copyOf(sinks);
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        List<String> names = this.sinks.stream().map(AlertSink::name).toList();
        if (names.isEmpty()) {
            throw new IllegalArgumentException("the notifier needs at least one sink, or every alert would be dropped");
        }
        Set<String> unique = new HashSet<>(names);
        if (unique.size() != names.size()) {
            throw new IllegalArgumentException("sink names must be unique, were " + names);
        }
        this.metrics = new NotifierMetrics(Objects.requireNonNull(registry, "registry"), names);
    }

    /** Connects to Kafka and starts the delivery thread. */
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
        Loop loop = new Loop(consumer, producer);
        thread = new Thread(loop::run, "rootwatch-notifier");
        thread.start();
        LOGGER.info("notifier started group={} topic={} sinks={} maxAttempts={}", groupId, topics.alerts().name(),
                sinks.stream().map(AlertSink::name).collect(Collectors.joining(",")), policy.maxAttempts());
    }

    /** Alerts fully handled: delivered by every sink or, for a sink that gave up, dead-lettered. */
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
     * Stops the delivery thread (a sink in its backoff is cut short; the record it was on stays
     * uncommitted and is delivered again by the next notifier), commits what is done, and closes the
     * Kafka clients and every sink.
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
        LOGGER.info("notifier stopped group={} delivered={} deadLettered={}", groupId, delivered.get(), deadLettered.get());
    }

    private void closeSinks() {
        for (AlertSink sink : sinks) {
            try {
                sink.close();
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

    /** The delivery thread's work; owns the Kafka clients. */
    private final class Loop {

        private final Consumer<byte[], byte[]> consumer;
        private final Map<TopicPartition, Long> lastCommitted = new HashMap<>();
        private final Producer<byte[], byte[]> producer;
        private final DeadLetterPublisher deadLetters;
        private final SinkDelivery delivery;

        Loop(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer) {
            this.consumer = consumer;
            this.producer = producer;
            this.deadLetters = new DeadLetterPublisher(producer, topics.deadLetter());
            this.delivery = new SinkDelivery(policy, metrics, stop);
        }

        void run() {
            try {
                consumer.subscribe(List.of(topics.alerts().name()));
                while (!stop.requested()) {
                    try {
                        pollOnce();
                    } catch (RuntimeException e) {
                        // Kafka unreachable, a dead letter not acknowledged: never skip, never give up
                        LOGGER.error("notifier batch failed, reading its unfinished records again pauseMillis={} error={}",
                                ERROR_PAUSE.toMillis(), ErrorText.redact(e.toString()), e);
                        stop.sleep(ERROR_PAUSE);
                    }
                }
            } finally {
                closeClients();
            }
        }

        private void pollOnce() {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_TIMEOUT);
            Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
            boolean complete = true;
            try {
                batch:
                for (TopicPartition partition : records.partitions()) {
                    for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                        if (!handle(record)) {
                            complete = false;
                            break batch;
                        }
                        done.put(partition, new OffsetAndMetadata(record.offset() + 1));
                    }
                }
            } catch (RuntimeException e) {
                rewind(records, done);
                commitQuietly(done, e);
                throw e;
            }
            if (complete) {
                // everything fetched is handled: commit the positions, which also step over the
                // transaction markers the evaluator's exactly-once writes leave after its alerts, so
                // a committed offset at the end of the topic means "nothing left to deliver"
                done = positionsToCommit();
            }
            commit(done);
        }

        private Map<TopicPartition, OffsetAndMetadata> positionsToCommit() {
            Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
            for (TopicPartition tp : consumer.assignment()) {
                long position = consumer.position(tp);
                Long last = lastCommitted.get(tp);
                if (last == null || last != position) {
                    positions.put(tp, new OffsetAndMetadata(position));
                }
            }
            return positions;
        }

        /** @return false when the notifier is stopping and the record was not finished */
        private boolean handle(ConsumerRecord<byte[], byte[]> record) {
            Alert alert;
            try {
                alert = decode(record);
            } catch (SerializationException e) {
                String ref = record.topic() + "/" + record.partition() + "/" + record.offset();
                String excerpt = record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
                deadLetter(DeadLetter.of(STAGE, record.topic(), ref, DeadLetterReason.UNDESERIALIZABLE,
                        e.getMessage(), excerpt, clock.instant()));
                return true;
            }
            for (AlertSink sink : sinks) {
                SinkDelivery.Result result = delivery.deliver(sink, alert);
                switch (result.outcome()) {
                    case DELIVERED -> {
                    }
                    case STOPPED -> {
                        return false;
                    }
                    case GAVE_UP -> {
                        deadLetter(DeadLetter.of(STAGE, sink.name(), alert.alertId(), DeadLetterReason.DELIVERY_FAILED,
                                result.error(), null, clock.instant()));
                        metrics.deadLettered(sink.name());
                    }
                }
            }
            delivered.incrementAndGet();
            return true;
        }

        private Alert decode(ConsumerRecord<byte[], byte[]> record) {
            if (record.value() == null) {
                throw new SerializationException("empty record on " + record.topic());
            }
            return topics.alerts().valueSerde().deserializer().deserialize(record.topic(), record.value());
        }

        private void deadLetter(DeadLetter deadLetter) {
            deadLetters.publish(deadLetter);
            metrics.deadLetterWritten(deadLetter.reason());
            deadLettered.incrementAndGet();
            LOGGER.warn("dead letter written reason={} source={} ref={} detail=\"{}\"", deadLetter.reason().label(),
                    LogSafe.escape(deadLetter.source(), 100), LogSafe.escape(deadLetter.ref(), 100),
                    LogSafe.escape(deadLetter.detail(), ErrorText.MAX_LENGTH));
        }

        /** Puts each partition of the batch back at its first unfinished record. */
        private void rewind(ConsumerRecords<byte[], byte[]> records, Map<TopicPartition, OffsetAndMetadata> done) {
            for (TopicPartition partition : records.partitions()) {
                OffsetAndMetadata finished = done.get(partition);
                long next = finished != null ? finished.offset() : records.records(partition).get(0).offset();
                consumer.seek(partition, next);
            }
        }

        private void commit(Map<TopicPartition, OffsetAndMetadata> done) {
            if (done.isEmpty()) {
                return;
            }
            try {
                consumer.commitSync(done);
                done.forEach((tp, offset) -> lastCommitted.put(tp, offset.offset()));
            } catch (CommitFailedException e) {
                // the group rebalanced: the partitions' new owner delivers these records again
                LOGGER.warn("offset commit failed after a rebalance, records will be delivered again partitions={} error={}",
                        done.keySet(), e.toString());
            }
        }

        private void commitQuietly(Map<TopicPartition, OffsetAndMetadata> done, RuntimeException failure) {
            try {
                commit(done);
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
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
