package dev.rootwatch.bench;

import dev.rootwatch.collector.Publisher;
import dev.rootwatch.common.model.DeadLetter;
import dev.rootwatch.common.model.Posture;
import dev.rootwatch.common.model.TrailEvent;
import java.util.concurrent.CompletableFuture;

/**
 * A publisher that only counts what the collector kept: the bench and the JMH benchmarks measure
 * reading and sifting CloudTrail, not Kafka. Generated input never dead-letters, so a dead letter means the
 * benchmark is measuring something other than the normal path, and stops it.
 */
public final class CountingPublisher implements Publisher {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private long events;

    /** Events kept so far. */
    public long events() {
        return events;
    }

    @Override
    public CompletableFuture<Void> event(TrailEvent event) {
        events++;
        return DONE;
    }

    @Override
    public CompletableFuture<Void> posture(Posture posture) {
        return DONE;
    }

    @Override
    public CompletableFuture<Void> postureGone(String accountId) {
        return DONE;
    }

    @Override
    public CompletableFuture<Void> deadLetter(DeadLetter deadLetter) {
        throw new IllegalStateException("generated input must not dead-letter: " + deadLetter.reason() + " " + deadLetter.detail());
    }

    @Override
    public void flush() {
        // nothing is in flight
    }

    @Override
    public void close() {
        // nothing to release
    }
}
