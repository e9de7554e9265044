package dev.rootwatch.collector.posture;

import dev.rootwatch.collector.Publisher;
import dev.rootwatch.common.model.DeadLetter;
import dev.rootwatch.common.model.Posture;
import dev.rootwatch.common.model.TrailEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A publisher that keeps what it is given, and can refuse the next records as Kafka would. */
final class RecordingPublisher implements Publisher {

    final List<Posture> postures = new CopyOnWriteArrayList<>();
    final List<String> gone = new CopyOnWriteArrayList<>();
    final AtomicInteger refuse = new AtomicInteger();

    @Override
    public CompletableFuture<Void> event(TrailEvent event) {
        throw new UnsupportedOperationException("the posture poller publishes no events");
    }

    @Override
    public CompletableFuture<Void> postureGone(String accountId) {
        gone.add(accountId);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> posture(Posture posture) {
        postures.add(posture);
        if (refuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return CompletableFuture.failedFuture(new IllegalStateException("not acknowledged"));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> deadLetter(DeadLetter deadLetter) {
        throw new UnsupportedOperationException("the posture poller publishes no dead letters");
    }

    @Override
    public void flush() {
        // nothing buffered
    }

    @Override
    public void close() {
        // nothing held
    }

    List<Posture> of(String accountId) {
        return postures.stream().filter(p -> p.accountId().equals(accountId)).toList();
    }
}
