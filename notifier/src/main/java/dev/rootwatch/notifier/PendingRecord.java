package dev.rootwatch.notifier;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;

/**
 * One record of the alerts topic on its way through the sinks: done once every sink it was routed
 * to has delivered it or had it dead-lettered. Only then may its offset be committed. Cancelled
 * when its partition is revoked: sinks that have not started on it skip it (its new owner delivers it).
 */
final class PendingRecord {

    private final TopicPartition partition;
    private final long offset;
    private final AtomicInteger remaining;
    private final Runnable whenDone;
    private volatile boolean cancelled;

    /**
     * @param sinks    how many sinks must finish it; 0 means it is done already
     * @param whenDone run once, by the thread that finishes it
     */
    PendingRecord(TopicPartition partition, long offset, int sinks, Runnable whenDone) {
        this.partition = partition;
        this.offset = offset;
        this.remaining = new AtomicInteger(sinks);
        this.whenDone = whenDone;
        if (sinks == 0) {
            whenDone.run();
        }
    }

    TopicPartition partition() {
        return partition;
    }

    long offset() {
        return offset;
    }

    /** One sink delivered it or had it dead-lettered. */
    void sinkFinished() {
        if (remaining.decrementAndGet() == 0) {
            whenDone.run();
        }
    }

    boolean done() {
        return remaining.get() <= 0;
    }

    void cancel() {
        cancelled = true;
    }

    boolean cancelled() {
        return cancelled;
    }
}
