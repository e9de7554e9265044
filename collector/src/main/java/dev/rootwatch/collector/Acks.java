package dev.rootwatch.collector;

import dev.rootwatch.common.model.DeadLetterReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * The Kafka acknowledgements one unit of work (an SQS message, a LookupEvents page) must have
 * before it may be deleted or checkpointed. Thread-safe.
 */
public final class Acks {

    private static final Acks DISCARDING = new Acks(false);

    private final boolean keep;
    private final List<CompletableFuture<Void>> futures = new ArrayList<>();

    private Acks(boolean keep) {
        this.keep = keep;
    }

    /** Collects every acknowledgement, to {@link #await} them. */
    public static Acks collecting() {
        return new Acks(true);
    }

    /** Keeps nothing: for inputs whose caller flushes the publisher as a whole (files, replay). */
    public static Acks discarding() {
        return DISCARDING;
    }

    public synchronized void add(CompletableFuture<Void> ack) {
        if (keep && ack != null && !(ack.isDone() && !ack.isCompletedExceptionally())) {
            futures.add(ack);
        }
    }

    public synchronized int pending() {
        return (int) futures.stream().filter(f -> !f.isDone()).count();
    }

    /**
     * Waits until every collected record is acknowledged.
     *
     * @throws NotAcknowledgedException when one failed or {@code timeout} passed first
     */
    public void await(Duration timeout) throws NotAcknowledgedException, InterruptedException {
        List<CompletableFuture<Void>> all;
        synchronized (this) {
            all = List.copyOf(futures);
        }
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            long open = all.stream().filter(f -> !f.isDone()).count();
            throw new NotAcknowledgedException(DeadLetterReason.DELIVERY_FAILED,
                    "Kafka did not acknowledge " + open + " of " + all.size() + " records within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            DeadLetterReason reason = cause instanceof RecordTooLargeException ? DeadLetterReason.OVERSIZED
                    : DeadLetterReason.DELIVERY_FAILED;
            throw new NotAcknowledgedException(reason, "Kafka refused a record: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        }
    }

    /** Not everything one unit of work produced reached Kafka. */
    public static final class NotAcknowledgedException extends Exception {
        private final DeadLetterReason reason;

        public NotAcknowledgedException(DeadLetterReason reason, String message) {
            super(message);
            this.reason = reason;
        }

        public DeadLetterReason reason() {
            return reason;
        }
    }
}
