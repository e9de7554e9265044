package dev.rootwatch.standalone;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How replay and the demo count alerts and dead letters exactly: by reading a whole topic once
 * (committed records only), or, on a topic no transaction writes to, by its offsets.
 */
final class TopicCounter {

    private static final int FETCH_BYTES = 256 * 1024;

    private TopicCounter() {
    }

    /** The records of {@code topic}. */
    static long count(String bootstrapServers, String topic) {
        return sum(bootstrapServers, topic, value -> 1);
    }

    /**
     * The records of {@code topic} as its offsets tell, without reading any: exact on a topic no
     * transaction writes to, where each record takes one offset and nothing else takes any (a
     * transaction's commit markers would). A replay's topics are such topics (its evaluator runs at
     * least once), and two requests on a connected client answer at once where reading the topic
     * takes a new consumer.
     */
    static long offsets(Admin admin, String topic) throws InterruptedException, ExecutionException {
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicPartitionInfo p : description.partitions()) {
            TopicPartition tp = new TopicPartition(topic, p.partition());
            earliest.put(tp, OffsetSpec.earliest());
            latest.put(tp, OffsetSpec.latest());
        }
        ListOffsetsOptions committed = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
        Map<TopicPartition, ListOffsetsResultInfo> starts = admin.listOffsets(earliest, committed).all().get();
        Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest, committed).all().get();
        long total = 0;
        for (TopicPartition tp : ends.keySet()) {
            total += ends.get(tp).offset() - starts.get(tp).offset();
        }
        return total;
    }

    /**
     * The sum of {@code weight} over the values of {@code topic}, read once to its end; values are
     * looked at one by one, never kept (a replay may write millions of alerts).
     */
    static long sum(String bootstrapServers, String topic, ToLongFunction<byte[]> weight) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "rootwatch-counter-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // small fetches: counting needs no more than a few records in memory at a time
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, FETCH_BYTES,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, FETCH_BYTES,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        long total = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    total += weight.applyAsLong(r.value());
                }
            }
        }
        return total;
    }
}
