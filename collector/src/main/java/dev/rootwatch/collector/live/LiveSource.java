package dev.rootwatch.collector.live;

import java.time.Duration;

/** A source that reads CloudTrail from AWS until stopped: the SQS receivers or the LookupEvents poller. */
public interface LiveSource {

    /** For logs: what it reads, e.g. {@code sqs[2 queues]}. */
    String name();

    /** Starts its threads and returns. */
    void start();

    /** True between a successful start and a stop. */
    boolean isRunning();

    /**
     * Stops taking new work and finishes what is in flight (processed, acknowledged by Kafka,
     * deleted or checkpointed). Work not finished within {@code timeout} is abandoned and left to
     * be delivered again.
     *
     * @return true when everything in flight finished in time
     */
    boolean stop(Duration timeout) throws InterruptedException;
}
