package dev.rootwatch.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How many entries each of the evaluator's stores holds, counted exactly from its changelog
 * topic (every store write is logged there; a null value is a delete): the live keys after
 * reading every committed record. RocksDB's own key count is an estimate that counts overwritten
 * and deleted keys until compaction, so it cannot say this.
 */
final class EvaluatorStateChangelogs {

    private static final String SUFFIX = "-changelog";
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration GIVE_UP = Duration.ofSeconds(60);

    private EvaluatorStateChangelogs() {
    }

    /** Live entries per store of application {@code applicationId}, by store name. */
    static Map<String, Long> liveEntries(String bootstrapServers, String applicationId) {
        String prefix = applicationId + "-";
        Set<String> changelogs;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            changelogs = admin.listTopics().names().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list the evaluator's changelog topics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing topics", e);
        }
        Map<String, Map<ByteBuffer, Boolean>> live = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : changelogs) {
                if (topic.startsWith(prefix) && topic.endsWith(SUFFIX)) {
                    live.put(store(topic, prefix), new HashMap<>());
                    for (PartitionInfo info : consumer.partitionsFor(topic)) {
                        partitions.add(new TopicPartition(topic, info.partition()));
                    }
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + GIVE_UP.toNanos();
            while (!reached(consumer, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read the changelogs to their end within " + GIVE_UP);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    Map<ByteBuffer, Boolean> keys = live.get(store(record.topic(), prefix));
                    ByteBuffer key = ByteBuffer.wrap(record.key());
                    if (record.value() == null) {
                        keys.remove(key);
                    } else {
                        keys.put(key, Boolean.TRUE);
                    }
                }
            }
        }
        Map<String, Long> counts = new TreeMap<>();
        live.forEach((store, keys) -> counts.put(store, (long) keys.size()));
        return counts;
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static String store(String topic, String prefix) {
        return topic.substring(prefix.length(), topic.length() - SUFFIX.length());
    }
}
