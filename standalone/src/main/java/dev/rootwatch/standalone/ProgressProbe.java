package dev.rootwatch.standalone;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Tells whether a consumer group has committed everything on some topics: the way replay and
 * demo know the evaluator and the notifier are done with what was produced so far.
 */
final class ProgressProbe {

    private final Admin admin;

    ProgressProbe(Admin admin) {
        this.admin = admin;
    }

    /** True when {@code groupId}'s committed offsets reach the (read_committed) end of every partition of {@code topics}. */
    boolean caughtUp(String groupId, Collection<String> topics) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get().values()) {
            d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
        }
        ListOffsetsResult ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED));
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
        for (TopicPartition tp : latest.keySet()) {
            long end = ends.partitionResult(tp).get().offset();
            if (end == 0) {
                continue;
            }
            OffsetAndMetadata c = committed.get(tp);
            if (c == null || c.offset() < end) {
                return false;
            }
        }
        return true;
    }

    /** Polls {@code condition} until it holds, failing after {@code timeout}; also fails fast if {@code alive} turns false. */
    static void await(String what, Duration timeout, BooleanSupplier alive, Check condition)
            throws InterruptedException, TimeoutException, ExecutionException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (!alive.getAsBoolean()) {
                throw new IllegalStateException(what + ": a service stopped before finishing");
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(what + " did not finish within " + timeout.toSeconds() + " s");
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    @FunctionalInterface
    interface Check {
        boolean holds() throws ExecutionException, InterruptedException;
    }
}
