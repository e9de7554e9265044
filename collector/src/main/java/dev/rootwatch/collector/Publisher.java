package dev.rootwatch.collector;

import dev.rootwatch.common.model.DeadLetter;
import dev.rootwatch.common.model.Posture;
import dev.rootwatch.common.model.TrailEvent;

/** Where the collector sends what it read. */
public interface Publisher extends AutoCloseable {

    void event(TrailEvent event);

    void posture(Posture posture);

    void deadLetter(DeadLetter deadLetter);

    /** Blocks until everything sent so far is acknowledged; throws if anything was not. */
    void flush();

    @Override
    void close();
}
