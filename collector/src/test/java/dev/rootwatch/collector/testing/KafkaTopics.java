package dev.rootwatch.collector.testing;

import dev.rootwatch.common.json.Json;
import dev.rootwatch.common.kafka.Topics;
import dev.rootwatch.common.model.DeadLetter;
import dev.rootwatch.common.model.TrailEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Fresh topics under a unique prefix on a real broker, and everything on them read back. */
public final class KafkaTopics {

    private final String bootstrapServers;
    private final Topics topics;

    private KafkaTopics(String bootstrapServers, Topics topics) {
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
    }

    public static KafkaTopics create(String bootstrapServers) {
        Topics topics = Topics.withPrefix("it-" + UUID.randomUUID().toString().substring(0, 8) + ".");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(topics.names().stream().map(n -> new NewTopic(n, 1, (short) 1)).toList()).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new KafkaTopics(bootstrapServers, topics);
    }

    public Topics topics() {
        return topics;
    }

    public String prefix() {
        return topics.events().name().substring(0, topics.events().name().length() - "events".length());
    }

    public List<TrailEvent> events() {
        return read(topics.events().name(), TrailEvent.class);
    }

    public List<DeadLetter> deadLetters() {
        return read(topics.deadLetter().name(), DeadLetter.class);
    }

    private <T> List<T> read(String topic, Class<T> type) {
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            while (consumer.position(tp) < end) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(Json.mapper().readValue(r.value(), type));
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
