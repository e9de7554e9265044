package dev.rootwatch.collector;

import dev.rootwatch.common.model.DeadLetter;
import dev.rootwatch.common.model.Posture;
import dev.rootwatch.common.model.TrailEvent;
import java.util.concurrent.CompletableFuture;

/**
 * Where the collector sends what it read. Each send returns a future that completes when Kafka
 * acknowledged the record (or fails when it did not), so a live source can delete an SQS message
 * or advance a checkpoint only once everything it produced is safe.
 */
public interface Publisher extends AutoCloseable {

    CompletableFuture<Void> event(TrailEvent event);

    CompletableFuture<Void> posture(Posture posture);

    /**
     * Says an account is no longer read (closed, suspended, gone from the organization): a tombstone on the
     * compacted posture topic, so its last posture is compacted away and the evaluator stops exporting it.
     */
    CompletableFuture<Void> postureGone(String accountId);

    CompletableFuture<Void> deadLetter(DeadLetter deadLetter);

    /** Blocks until everything sent so far is acknowledged; throws if anything was not. */
    void flush();

    @Override
    void close();
}
