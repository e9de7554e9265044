package dev.rootwatch.collector.lookup;

import java.time.Duration;
import java.util.function.Supplier;


/**
 * Paces the calls of one region: a call starts only {@code 1 s / perSecond} after the previous one
 * was answered (LookupEvents allows 2 per second and region). Spacing from the answers, not from
 * the starts, keeps the calls' arrivals at CloudTrail as far apart too: an answer comes after its
 * call arrived, so the next call cannot arrive sooner than the interval after it, however long the
 * first one was on its way.
 */
final class RequestPacer {

    private final long intervalNanos;
    private long next = Long.MIN_VALUE;

    RequestPacer(int perSecond) {
        this.intervalNanos = Duration.ofSeconds(1).toNanos() / perSecond;
    }

    /** Waits until a call may start, makes it, and starts the interval when it is answered (or failed). */
    synchronized <T> T call(Supplier<T> request) throws InterruptedException {
        long wait = next == Long.MIN_VALUE ? 0 : next - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        try {
            return request.get();
        } finally {
            next = System.nanoTime() + intervalNanos;
        }
    }
}
