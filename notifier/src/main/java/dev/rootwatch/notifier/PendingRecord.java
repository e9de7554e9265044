package dev.rootwatch.notifier;

import java.time.Instant;
import org.apache.kafka.common.TopicPartition;

/**
 * One record of the alerts topic on its way through one sink: finished once the sink delivered it or
 * had it dead-lettered (or at once, when the sink does not take it). Only then may its offset be
 * committed. Cancelled when its partition is revoked: the sink skips it if it has not started on it
 * (the partition's new owner delivers it).
 */
final class PendingRecord {

    private final TopicPartition partition;
    private final long offset;
    private final Instant detectedAt;
    private volatile boolean finished;
    private volatile boolean cancelled;

    /**
     * @param detectedAt when the alert was detected (the age of what is undelivered), or null
     * @param finished   whether there is nothing to do for it
     */
    PendingRecord(TopicPartition partition, long offset, Instant detectedAt, boolean finished) {
        this.partition = partition;
        this.offset = offset;
        this.detectedAt = detectedAt;
        this.finished = finished;
    }

    TopicPartition partition() {
        return partition;
    }

    long offset() {
        return offset;
    }

    /** When the alert was detected; null for a record that is no alert. */
    Instant detectedAt() {
        return detectedAt;
    }

    /** The sink delivered it or had it dead-lettered. */
    void finish() {
        finished = true;
    }

    boolean done() {
        return finished;
    }

    void cancel() {
        cancelled = true;
    }

    boolean cancelled() {
        return cancelled;
    }
}
