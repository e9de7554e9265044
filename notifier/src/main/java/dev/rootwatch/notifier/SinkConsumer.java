package dev.rootwatch.notifier;

import dev.rootwatch.common.kafka.Topics;
import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.DeadLetter;
import dev.rootwatch.common.model.DeadLetterReason;
import dev.rootwatch.common.text.LogSafe;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sink's way through the alerts topic: its own consumer (group {@code <notifier.groupId>.<sink>})
 * reading committed alerts, its {@link SinkLane} delivering them one at a time in partition order,
 * and offsets committed only past alerts the sink delivered or had dead-lettered.
 *
 * <p>The consumer thread never waits on the sink: it keeps polling (so the group keeps it) while the
 * lane retries; when more than {@link #MAX_IN_FLIGHT} alerts are unfinished it pauses fetching until
 * the sink catches up. Nothing here is shared with another sink's consumer but the producer of dead
 * letters, so a sink that is down holds back only its own alerts.
 *
 * <p>On a stop it fetches nothing more, lets the lane go on delivering until the drain deadline, then
 * cuts waits short and abandons a call still running, commits what is finished and counts what is
 * left: those alerts stay in Kafka and are delivered after the next start.
 */
final class SinkConsumer implements ConsumerRebalanceListener {

    private static final Logger LOGGER = LoggerFactory.getLogger(SinkConsumer.class);

    static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    static final Duration ERROR_PAUSE = Duration.ofSeconds(1);
    /** How long a call still running after the drain deadline may take before it is abandoned. */
    static final Duration ABANDON_WAIT = Duration.ofSeconds(2);
    /** How long a stop may spend counting the alerts nobody fetched yet. */
    static final Duration COUNT_TIMEOUT = Duration.ofSeconds(3);
    /** Unfinished records beyond which fetching pauses. */
    static final int MAX_IN_FLIGHT = 1000;

    private final GuardedSink sink;
    private final String groupId;
    private final Consumer<byte[], byte[]> consumer;
    private final DeadLetterPublisher deadLetters;
    private final Topics topics;
    private final NotifierMetrics metrics;
    private final Clock clock;
    private final Map<TopicPartition, Long> seed;
    private final StopSignal stop = new StopSignal();
    private final SinkLane lane;
    private final AtomicLong delivered;
    private final AtomicLong deadLettered;
    private final java.util.function.Consumer<Alert> observer;
    private final Map<TopicPartition, ArrayDeque<PendingRecord>> pending = new HashMap<>();
    private final Map<TopicPartition, Long> lastCommitted = new HashMap<>();
    private final CountDownLatch assigned = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile Instant drainDeadline;
    private volatile Instant oldestUndelivered;
    private volatile int leftPending = -1;
    private boolean paused;

    /**
     * @param seed         where to start on partitions this group has never committed (see {@link SinkGroups})
     * @param delivered    counts alerts this sink delivered
     * @param deadLettered counts dead letters written
     * @param observer     sees every alert read (one sink's consumer counts what concerns all sinks)
     */
    SinkConsumer(GuardedSink sink, String groupId, Consumer<byte[], byte[]> consumer, DeadLetterPublisher deadLetters,
                 Topics topics, DeliveryPolicy policy, NotifierMetrics metrics, Clock clock, Map<TopicPartition, Long> seed,
                 AtomicLong delivered, AtomicLong deadLettered, java.util.function.Consumer<Alert> observer) {
        this.sink = sink;
        this.groupId = groupId;
        this.consumer = consumer;
        this.deadLetters = deadLetters;
        this.topics = topics;
        this.metrics = metrics;
        this.clock = clock;
        this.seed = Map.copyOf(seed);
        this.delivered = delivered;
        this.deadLettered = deadLettered;
        this.observer = observer;
        this.lane = new SinkLane(sink, new SinkDelivery(policy, metrics, stop, clock), stop, this::gaveUp, delivered::incrementAndGet);
        metrics.oldestUndelivered(sink.name(), this::oldestUndeliveredAge);
    }

    String sinkName() {
        return sink.name();
    }

    String groupId() {
        return groupId;
    }

    /** Whether the group has given this consumer its partitions at least once. */
    boolean assigned() {
        return assigned.getCount() == 0;
    }

    /** Asks the loop to stop fetching and to finish by {@code deadline}. */
    void drainUntil(Instant deadline) {
        drainDeadline = deadline;
    }

    /** Waits for the loop to end; true when it did within {@code timeout}. */
    boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Alerts this sink had not finished when it stopped (-1 while running, or when they could not be counted). */
    int leftPending() {
        return leftPending;
    }

    /** The loop: runs on its own thread until {@link #drainUntil} and the drain end. */
    void run() {
        try {
            consumer.subscribe(List.of(topics.alerts().name()), this);
            while (drainDeadline == null) {
                try {
                    pollOnce();
                } catch (RuntimeException e) {
                    // Kafka unreachable, a commit refused: never skip, never give up
                    LOGGER.error("notifier poll failed, trying again sink={} pauseMillis={} error={}", sink.name(),
                            ERROR_PAUSE.toMillis(), ErrorText.redact(e.toString()), e);
                    sleep(ERROR_PAUSE);
                }
            }
            drain();
        } finally {
            try {
                consumer.close();
            } catch (KafkaException e) {
                LOGGER.warn("notifier consumer did not close cleanly sink={} error={}", sink.name(), e.toString());
            }
            finished.countDown();
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
        updateOldest();
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
            boolean written = writeDeadLetter(DeadLetter.of(NotifierService.STAGE, record.topic(), ref,
                    DeadLetterReason.UNDESERIALIZABLE, e.getMessage(), excerpt, clock.instant()));
            track(new PendingRecord(partition, record.offset(), null, written));
            return;
        }
        observer.accept(alert);
        boolean suppressed = AlertText.suppressed(alert);
        if (!sink.takes(alert, suppressed)) {
            track(new PendingRecord(partition, record.offset(), null, true));
            return;
        }
        PendingRecord pendingRecord = new PendingRecord(partition, record.offset(), alert.detectedAt(), false);
        track(pendingRecord);
        lane.submit(pendingRecord, alert);
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

    /** The lane's sink gave up on an alert: dead-letter it. */
    private boolean gaveUp(GuardedSink guarded, Alert alert, SinkDelivery.Result result) {
        boolean written = writeDeadLetter(DeadLetter.of(NotifierService.STAGE, guarded.name(), alert.alertId(),
                DeadLetterReason.DELIVERY_FAILED, result.error(), null, clock.instant()));
        if (written) {
            metrics.deadLettered(guarded.name());
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
                LOGGER.warn("dead letter written reason={} sink={} source={} ref={} detail=\"{}\"", deadLetter.reason().label(),
                        sink.name(), LogSafe.escape(deadLetter.source(), 100), LogSafe.escape(deadLetter.ref(), 100),
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
            LOGGER.warn("offset commit failed after a rebalance, records will be delivered again sink={} partitions={} error={}",
                    sink.name(), offsets.keySet(), e.toString());
        }
    }

    private void applyBackpressure() {
        int inFlight = unfinished();
        if (inFlight >= MAX_IN_FLIGHT) {
            consumer.pause(consumer.assignment());
            if (!paused) {
                LOGGER.warn("sink is behind, fetching paused sink={} unfinished={}", sink.name(), inFlight);
                paused = true;
            }
        } else if (paused && inFlight <= MAX_IN_FLIGHT / 2) {
            consumer.resume(consumer.paused());
            paused = false;
            LOGGER.info("sink caught up, fetching resumed sink={} unfinished={}", sink.name(), inFlight);
        }
    }

    private int unfinished() {
        int count = 0;
        for (ArrayDeque<PendingRecord> queue : pending.values()) {
            for (PendingRecord record : queue) {
                if (!record.done()) {
                    count++;
                }
            }
        }
        return count;
    }

    private void updateOldest() {
        Instant oldest = null;
        for (ArrayDeque<PendingRecord> queue : pending.values()) {
            for (PendingRecord record : queue) {
                Instant at = record.detectedAt();
                if (!record.done() && at != null && (oldest == null || at.isBefore(oldest))) {
                    oldest = at;
                }
            }
        }
        oldestUndelivered = oldest;
    }

    /** Seconds since the oldest alert this sink has not delivered yet was detected; 0 when none is waiting. */
    private double oldestUndeliveredAge() {
        Instant oldest = oldestUndelivered;
        if (oldest == null) {
            return 0;
        }
        return Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
    }

    /** Fetches nothing more; delivers until the deadline; then abandons, commits and counts what is left. */
    private void drain() {
        consumer.pause(consumer.assignment());
        while (unfinished() > 0 && clock.instant().isBefore(drainDeadline)) {
            commitFinished(consumer.assignment());
            updateOldest();
            sleep(Duration.ofMillis(50));
        }
        stop.request();
        lane.shutdown();
        try {
            if (!lane.awaitTermination(ABANDON_WAIT)) {
                LOGGER.info("sink call still running at the drain deadline, abandoning it (delivered again later) sink={}",
                        sink.name());
                lane.abandon();
                if (!lane.awaitTermination(ABANDON_WAIT)) {
                    LOGGER.warn("sink lane did not stop sink={}", sink.name());
                }
            }
        } catch (InterruptedException e) {
            lane.abandon();
            Thread.currentThread().interrupt();
        }
        try {
            commitFinished(consumer.assignment());
        } catch (RuntimeException e) {
            LOGGER.warn("final offset commit failed, finished alerts will be delivered again sink={} error={}", sink.name(),
                    e.toString());
        }
        leftPending = countLeft();
        updateOldest();
    }

    /** Alerts for this sink not finished: those fetched and undone, and those after them not fetched yet. */
    private int countLeft() {
        int left = unfinished();
        try {
            Set<TopicPartition> assignment = new HashSet<>(consumer.assignment());
            Map<TopicPartition, Long> ends = consumer.endOffsets(assignment, COUNT_TIMEOUT);
            Set<TopicPartition> behind = new HashSet<>();
            for (TopicPartition tp : assignment) {
                if (consumer.position(tp, COUNT_TIMEOUT) < ends.getOrDefault(tp, 0L)) {
                    behind.add(tp);
                }
            }
            if (behind.isEmpty()) {
                return left;
            }
            consumer.resume(behind);
            long until = System.nanoTime() + COUNT_TIMEOUT.toNanos();
            while (!behind.isEmpty() && System.nanoTime() < until) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                    if (takes(record)) {
                        left++;
                    }
                }
                behind.removeIf(tp -> consumer.position(tp) >= ends.getOrDefault(tp, 0L));
            }
            return left;
        } catch (KafkaException e) {
            LOGGER.warn("cannot count the alerts left for the next start sink={} error={}", sink.name(), e.toString());
            return left;
        }
    }

    private boolean takes(ConsumerRecord<byte[], byte[]> record) {
        try {
            Alert alert = decode(record);
            return sink.takes(alert, AlertText.suppressed(alert));
        } catch (SerializationException e) {
            return true;
        }
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drainDeadline = drainDeadline == null ? clock.instant() : drainDeadline;
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        try {
            commitFinished(partitions);
        } catch (RuntimeException e) {
            LOGGER.warn("offset commit on revocation failed, finished alerts will be delivered again sink={} error={}",
                    sink.name(), e.toString());
        }
        forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        forget(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            startNewPartitions(partitions);
        }
        assigned.countDown();
    }

    /**
     * Where this group has no commit yet, starts at the seed (or the beginning) and commits that place
     * at once: from then on the group is known to exist, so a sink that has delivered nothing yet (down
     * since it was added) is never taken for a new one and moved past what it still owes.
     */
    private void startNewPartitions(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
        Map<TopicPartition, OffsetAndMetadata> starts = new HashMap<>();
        for (TopicPartition tp : partitions) {
            if (committed.get(tp) != null) {
                continue;
            }
            Long start = seed.get(tp);
            if (start != null) {
                consumer.seek(tp, start);
            }
            starts.put(tp, new OffsetAndMetadata(consumer.position(tp)));
        }
        if (!starts.isEmpty()) {
            consumer.commitSync(starts);
            starts.forEach((tp, offset) -> lastCommitted.put(tp, offset.offset()));
        }
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
}
