package dev.rootwatch.collector.posture;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff: {@code initial}, doubling per attempt, never above {@code max}; the
 * jittered form waits between half and all of that, so throttled callers spread out.
 */
record Backoff(Duration initial, Duration max) {

    /** Between attempts at a call AWS keeps throttling. */
    static final Backoff THROTTLING = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(20));
    /** Between polls of a credential report that IAM is still generating. */
    static final Backoff CREDENTIAL_REPORT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8));

    Duration delay(int attempt) {
        long millis = initial.toMillis() << Math.min(Math.max(attempt, 0), 20);
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }

    Duration jittered(int attempt) {
        long millis = delay(attempt).toMillis();
        long half = millis / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(millis - half + 1));
    }

    static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PollInterruptedException();
        }
    }

    /** The poller is closing; the account's read stops here. */
    static final class PollInterruptedException extends RuntimeException {
        PollInterruptedException() {
            super("interrupted", null, false, false);
        }
    }
}
