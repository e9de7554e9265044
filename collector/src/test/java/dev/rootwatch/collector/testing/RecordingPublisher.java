package dev.rootwatch.collector.testing;

import dev.rootwatch.collector.Publisher;
import dev.rootwatch.common.model.DeadLetter;
import dev.rootwatch.common.model.Posture;
import dev.rootwatch.common.model.TrailEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what was published; every send is acknowledged at once (or never, when built {@link #stalling()}). */
public final class RecordingPublisher implements Publisher {

    public final List<TrailEvent> events = new CopyOnWriteArrayList<>();
    public final List<Posture> posture = new CopyOnWriteArrayList<>();
    public final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    private final boolean acknowledges;

    private RecordingPublisher(boolean acknowledges) {
        this.acknowledges = acknowledges;
    }

    public static RecordingPublisher acknowledging() {
        return new RecordingPublisher(true);
    }

    /** A publisher whose acknowledgements never come: a broker that took the records and then went away. */
    public static RecordingPublisher stalling() {
        return new RecordingPublisher(false);
    }

    @Override
    public CompletableFuture<Void> event(TrailEvent event) {
        events.add(event);
        return ack();
    }

    @Override
    public CompletableFuture<Void> postureGone(String accountId) {
        return ack();
    }

    @Override
    public CompletableFuture<Void> posture(Posture p) {
        posture.add(p);
        return ack();
    }

    @Override
    public CompletableFuture<Void> deadLetter(DeadLetter deadLetter) {
        deadLetters.add(deadLetter);
        return ack();
    }

    private CompletableFuture<Void> ack() {
        return acknowledges ? CompletableFuture.completedFuture(null) : new CompletableFuture<>();
    }

    @Override
    public void flush() {
        if (!acknowledges) {
            throw new IllegalStateException("never acknowledged");
        }
    }

    @Override
    public void close() {
        // nothing held
    }
}
