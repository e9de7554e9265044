package dev.rootwatch.notifier;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer groups of the notifier: one per sink, {@code <notifier.groupId>.<sink name>}, so that
 * each sink keeps its own place in the alerts topic. A sink that is down for hours then holds back
 * only itself: the others commit and move on, and after a restart only what that sink still owes is
 * delivered again.
 *
 * <p>A sink group that has never committed starts where rootwatch already is, not at the beginning
 * of the topic: where the notifier's former single group ({@code notifier.groupId} itself) left off,
 * else at the earliest place any other sink's group has reached. A new sink added to a running
 * deployment thus receives new alerts, not a week of old ones; on a new installation, where no group
 * has committed anything, every group starts at the beginning.
 */
final class SinkGroups {

    private static final Logger LOGGER = LoggerFactory.getLogger(SinkGroups.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private SinkGroups() {
    }

    /** The consumer group of sink {@code sink} under the notifier's base group id. */
    static String groupOf(String baseGroupId, String sink) {
        return baseGroupId + "." + sink;
    }

    /**
     * Where each sink group without commits should start on {@code topic}: per sink group, the offset per
     * partition; a group that has commits of its own, or for which nothing is known, gets none.
     *
     * @param committed the committed offsets on {@code topic} of the base group and of every sink group
     */
    static Map<String, Map<TopicPartition, Long>> seeds(String baseGroupId, List<String> sinkGroups,
                                                       Map<String, Map<TopicPartition, Long>> committed) {
        Map<TopicPartition, Long> legacy = committed.getOrDefault(baseGroupId, Map.of());
        Map<String, Map<TopicPartition, Long>> seeds = new HashMap<>();
        for (String group : sinkGroups) {
            if (!committed.getOrDefault(group, Map.of()).isEmpty()) {
                continue;
            }
            Map<TopicPartition, Long> seed = new HashMap<>(legacy);
            if (seed.isEmpty()) {
                for (String other : sinkGroups) {
                    committed.getOrDefault(other, Map.of()).forEach((tp, offset) -> seed.merge(tp, offset, Math::min));
                }
            }
            if (!seed.isEmpty()) {
                seeds.put(group, Map.copyOf(seed));
            }
        }
        return seeds;
    }

    /**
     * Reads the committed offsets on {@code topic} of the base group and the sink groups, and computes
     * the seeds. When Kafka cannot tell, no group is seeded: each starts from its own commits or at the
     * beginning of the topic, which may deliver old alerts again but never skips one.
     */
    static Map<String, Map<TopicPartition, Long>> seeds(Admin admin, String baseGroupId, List<String> sinkGroups, String topic) {
        Objects.requireNonNull(admin, "admin");
        List<String> groups = new ArrayList<>(sinkGroups);
        groups.add(baseGroupId);
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        groups.forEach(group -> specs.put(group, new ListConsumerGroupOffsetsSpec()));
        Map<String, Map<TopicPartition, Long>> committed = new HashMap<>();
        try {
            Map<String, Map<TopicPartition, OffsetAndMetadata>> all = admin.listConsumerGroupOffsets(specs).all()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            all.forEach((group, offsets) -> {
                Map<TopicPartition, Long> onTopic = new HashMap<>();
                offsets.forEach((tp, offset) -> {
                    if (offset != null && tp.topic().equals(topic)) {
                        onTopic.put(tp, offset.offset());
                    }
                });
                committed.put(group, onTopic);
            });
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            LOGGER.warn("cannot read the notifier groups' offsets; new sink groups start at the beginning of the alerts topic"
                    + " error={}", e.toString());
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
        Map<String, Map<TopicPartition, Long>> seeds = seeds(baseGroupId, sinkGroups, committed);
        seeds.forEach((group, seed) -> LOGGER.info("sink group has no commits yet, it starts where the notifier is group={}"
                + " partitions={}", group, seed.size()));
        return seeds;
    }
}
