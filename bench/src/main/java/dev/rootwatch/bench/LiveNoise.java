package dev.rootwatch.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The background of the live bench: a busy organization's irrelevant CloudTrail arriving on the
 * queue rootwatch reads, {@code perSecond} events a second in SendMessageBatch calls of 10, paced
 * evenly, until closed. Counts what SQS accepted, so the bench reports the noise it really made.
 */
final class LiveNoise implements AutoCloseable {

    static final int BATCH = 10;
    private static final int THREADS = 8;

    private final LiveSqs sqs;
    private final String queueUrl;
    private final LiveEvents events;
    private final LivePacer pacer;
    private final AtomicLong sent = new AtomicLong();

    LiveNoise(LiveSqs sqs, String queueUrl, LiveEvents events, int perSecond) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.events = events;
        this.pacer = new LivePacer("noise", perSecond / (double) BATCH, perSecond > 0 ? Long.MAX_VALUE : 0, THREADS,
                this::sendBatch);
    }

    private void sendBatch(long batch) {
        List<String> bodies = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            bodies.add(events.noise(batch * BATCH + i));
        }
        sent.addAndGet(sqs.sendBatch(queueUrl, bodies));
    }

    void start() {
        pacer.start();
    }

    /** Noise events SQS accepted so far. */
    long sent() {
        return sent.get();
    }

    /** Seconds the noise has run (until closed). */
    double seconds() {
        return pacer.seconds();
    }

    /** SendMessageBatch calls that failed. */
    long failures() {
        return pacer.failures();
    }

    Exception firstFailure() {
        return pacer.firstFailure();
    }

    @Override
    public void close() throws InterruptedException {
        pacer.close();
    }
}
