package dev.rootwatch.notifier;

import dev.rootwatch.common.kafka.Topic;
import dev.rootwatch.common.model.DeadLetter;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * Writes dead letters to the dead-letter topic, keyed by their {@code ref}, and waits until the
 * broker has acknowledged each: only then may the notifier commit past the record it stands for.
 */
final class DeadLetterPublisher {

    static final Duration ACK_TIMEOUT = Duration.ofMinutes(2);

    private final Producer<byte[], byte[]> producer;
    private final Topic<String, DeadLetter> topic;

    DeadLetterPublisher(Producer<byte[], byte[]> producer, Topic<String, DeadLetter> topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /** @throws KafkaException when the broker did not acknowledge the dead letter */
    void publish(DeadLetter deadLetter) {
        byte[] key = topic.keySerde().serializer().serialize(topic.name(), deadLetter.ref());
        byte[] value = topic.valueSerde().serializer().serialize(topic.name(), deadLetter);
        try {
            producer.send(new ProducerRecord<>(topic.name(), key, value)).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new KafkaException("dead letter not acknowledged on " + topic.name() + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("dead letter not acknowledged on " + topic.name() + " within " + ACK_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while writing a dead letter to " + topic.name(), e);
        }
    }
}
