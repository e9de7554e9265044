package dev.rootwatch.collector;

import dev.rootwatch.common.json.JsonSerde;
import dev.rootwatch.common.kafka.Topic;
import dev.rootwatch.common.kafka.Topics;
import dev.rootwatch.common.model.DeadLetter;
import dev.rootwatch.common.model.Posture;
import dev.rootwatch.common.model.TrailEvent;
import dev.rootwatch.common.model.Watermark;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces to rootwatch's topics with an idempotent, acks=all producer. Events and posture are
 * stamped with strictly increasing timestamps, so the evaluator processes them in the order the
 * collector read them even across the two topics.
 */
public final class KafkaPublisher implements Publisher {

    private static final Logger LOGGER = LoggerFactory.getLogger(KafkaPublisher.class);
    /**
     * The largest value sent: below the producer's and the broker's default 1 MiB record bound, with
     * room for key and headers. A larger record is refused at once, as a failed future, without
     * failing the publisher: it is that record's problem, for its caller to dead-letter.
     */
    public static final int MAX_VALUE_BYTES = 1_000_000;
    /** How long a batch run's publisher lets records gather into one request (live: 5 ms). */
    static final int BATCH_LINGER_MS = 50;

    private volatile KafkaClientMetrics clientMetrics;

    private final KafkaProducer<byte[], byte[]> producer;
    private final Topics topics;
    /** Where posture goes: the posture topic, or (one ordered batch) the events topic. */
    private final String postureTopic;
    private final AtomicLong lastTimestamp = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    public KafkaPublisher(String bootstrapServers, Topics topics, String clientId) {
        this(bootstrapServers, topics, clientId, Map.of());
    }

    /**
     * @param overrides producer properties over the defaults (e.g. {@code delivery.timeout.ms});
     *                  acks=all and idempotence cannot be turned off
     */
    public KafkaPublisher(String bootstrapServers, Topics topics, String clientId, Map<String, Object> overrides) {
        this(bootstrapServers, topics, clientId, overrides, topics.posture().name());
    }

    /**
     * A publisher for one ordered batch of input (replay): posture goes to the events topic, between
     * the events, so that the evaluator takes each posture exactly where it stood in the input, even
     * while the rest of the input is still being written. The evaluator reads both kinds there.
     */
    public static KafkaPublisher inputOrdered(String bootstrapServers, Topics topics, String clientId) {
        // nobody waits on a single record of a batch, whose end flushes what lingers: fewer, fuller requests
        return new KafkaPublisher(bootstrapServers, topics, clientId, Map.of(ProducerConfig.LINGER_MS_CONFIG, BATCH_LINGER_MS),
                topics.events().name());
    }

    private KafkaPublisher(String bootstrapServers, Topics topics, String clientId, Map<String, Object> overrides,
                           String postureTopic) {
        this.topics = topics;
        this.postureTopic = postureTopic;
        Map<String, Object> props = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"));
        props.putAll(overrides);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public CompletableFuture<Void> event(TrailEvent event) {
        return send(topics.events(), topics.events().name(), event.accountId(), event, nextTimestamp());
    }

    @Override
    public CompletableFuture<Void> posture(Posture posture) {
        return send(topics.posture(), postureTopic, posture.accountId(), posture, nextTimestamp());
    }

    @Override
    public CompletableFuture<Void> postureGone(String accountId) {
        return send(topics.posture(), postureTopic, accountId, null, nextTimestamp());
    }

    @Override
    public CompletableFuture<Void> deadLetter(DeadLetter deadLetter) {
        return send(topics.deadLetter(), topics.deadLetter().name(), deadLetter.ref(), deadLetter, System.currentTimeMillis());
    }

    /**
     * Sends one record, written with {@code topic}'s serdes, to {@code destination}; the future completes
     * when Kafka acknowledged it (acks=all) and fails when it did not.
     */
    private <V> CompletableFuture<Void> send(Topic<String, V> topic, String destination, String key, V value, long timestamp) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        try {
            byte[] k = topic.keySerde().serializer().serialize(destination, key);
            // a null value is a tombstone
            byte[] v = value == null ? null : topic.valueSerde().serializer().serialize(destination, value);
            if (v != null && v.length > MAX_VALUE_BYTES) {
                acked.completeExceptionally(tooLarge(destination, v.length));
                return acked;
            }
            producer.send(new ProducerRecord<>(destination, null, timestamp, k, v), (metadata, e) -> {
                if (e == null) {
                    acked.complete(null);
                    return;
                }
                if (failure.compareAndSet(null, e)) {
                    LOGGER.error("produce failed topic={} error={}", destination, e.toString());
                }
                acked.completeExceptionally(e);
            });
        } catch (RuntimeException e) {
            // a closed producer or a record the client refuses before sending: that record is not acknowledged
            if (failure.compareAndSet(null, e)) {
                LOGGER.error("produce failed topic={} error={}", destination, e.toString());
            }
            acked.completeExceptionally(e);
        }
        return acked;
    }

    /**
     * Ends a batch of input (replay, demo): the end-of-input watermark on every partition of the events
     * topic, after everything this publisher sent, so that the evaluator moves event time past every open
     * window and grace. Returns once Kafka acknowledged it everywhere.
     */
    public void endOfInput() throws InterruptedException, ExecutionException {
        String topic = topics.events().name();
        byte[] value = new JsonSerde<>(Watermark.class).serialize(topic, Watermark.endOfInput());
        // stamped after every input record, so the evaluator takes it last in each task
        long timestamp = nextTimestamp() + 60_000;
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (PartitionInfo partition : producer.partitionsFor(topic)) {
            sent.add(producer.send(new ProducerRecord<>(topic, partition.partition(), timestamp, null, value)));
        }
        for (Future<RecordMetadata> acked : sent) {
            acked.get();
        }
    }

    /** The refusal of a value of {@code bytes} bytes for {@code topic}. */
    public static RecordTooLargeException tooLarge(String topic, int bytes) {
        return new RecordTooLargeException("a record of " + bytes + " bytes for " + topic + " is larger than " + MAX_VALUE_BYTES);
    }

    /** Wall-clock milliseconds, but never equal to or below the previous stamp. */
    private long nextTimestamp() {
        return lastTimestamp.updateAndGet(last -> Math.max(System.currentTimeMillis(), last + 1));
    }

    @Override
    public void flush() {
        producer.flush();
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException("Kafka did not acknowledge every record: " + e.getMessage(), e);
        }
    }

    /**
     * Binds the producer's client metrics (record send rates, errors, request latency, buffer use) to
     * {@code registry}, for as long as the publisher is open.
     */
    public void bindMetrics(MeterRegistry registry) {
        KafkaClientMetrics metrics = new KafkaClientMetrics(producer);
        metrics.bindTo(registry);
        clientMetrics = metrics;
    }

    @Override
    public void close() {
        try {
            producer.close();
        } finally {
            KafkaClientMetrics metrics = clientMetrics;
            if (metrics != null) {
                metrics.close();
            }
        }
    }
}
