package dev.rootwatch.notifier;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Tells the delivery loop to stop, and cuts its backoff waits short when it does. */
final class StopSignal {

    private final CountDownLatch stop = new CountDownLatch(1);

    void request() {
        stop.countDown();
    }

    boolean requested() {
        return stop.getCount() == 0;
    }

    /**
     * Waits {@code duration} unless a stop is requested first.
     *
     * @return true when the whole duration passed, false when a stop was requested
     */
    boolean sleep(Duration duration) {
        try {
            return !stop.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
