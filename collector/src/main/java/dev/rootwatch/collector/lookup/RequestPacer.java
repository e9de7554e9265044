package dev.rootwatch.collector.lookup;

import java.time.Duration;

/** Spaces calls so that at most {@code perSecond} start in any second (LookupEvents allows 2 per second and region). */
final class RequestPacer {

    private final long intervalNanos;
    private long next;
    private boolean first = true;

    RequestPacer(int perSecond) {
        this.intervalNanos = Duration.ofSeconds(1).toNanos() / perSecond;
    }

    /** Waits until the next call may start. */
    synchronized void acquire() throws InterruptedException {
        long now = System.nanoTime();
        if (first) {
            first = false;
            next = now;
        }
        long wait = next - now;
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            now = System.nanoTime();
        }
        next = Math.max(now, next) + intervalNanos;
    }
}
