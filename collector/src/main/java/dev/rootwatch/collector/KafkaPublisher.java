package dev.rootwatch.collector;

import dev.rootwatch.common.kafka.Topic;
import dev.rootwatch.common.kafka.Topics;
import dev.rootwatch.common.model.DeadLetter;
import dev.rootwatch.common.model.Posture;
import dev.rootwatch.common.model.TrailEvent;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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

    private final KafkaProducer<byte[], byte[]> producer;
    private final Topics topics;
    private final AtomicLong lastTimestamp = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    public KafkaPublisher(String bootstrapServers, Topics topics, String clientId) {
        this.topics = topics;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void event(TrailEvent event) {
        send(topics.events(), event.accountId(), event, nextTimestamp());
    }

    @Override
    public void posture(Posture posture) {
        send(topics.posture(), posture.accountId(), posture, nextTimestamp());
    }

    @Override
    public void deadLetter(DeadLetter deadLetter) {
        send(topics.deadLetter(), deadLetter.ref(), deadLetter, System.currentTimeMillis());
    }

    private <V> void send(Topic<String, V> topic, String key, V value, long timestamp) {
        byte[] k = topic.keySerde().serializer().serialize(topic.name(), key);
        byte[] v = topic.valueSerde().serializer().serialize(topic.name(), value);
        producer.send(new ProducerRecord<>(topic.name(), null, timestamp, k, v), (metadata, e) -> {
            if (e != null && failure.compareAndSet(null, e)) {
                LOGGER.error("produce failed topic={} error={}", topic.name(), e.toString());
            }
        });
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

    @Override
    public void close() {
        producer.close();
    }
}
