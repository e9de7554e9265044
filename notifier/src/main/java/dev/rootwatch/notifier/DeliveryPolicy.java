package dev.rootwatch.notifier;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard the notifier tries one sink before it dead-letters an alert: up to {@code maxAttempts}
 * calls, waiting {@code initialBackoff} before the second, doubling each time up to {@code maxBackoff}.
 * A non-retryable failure ends the attempts at once.
 *
 * @param maxAttempts    calls of the sink per alert, at least 1
 * @param initialBackoff wait before the second call
 * @param maxBackoff     longest wait between two calls
 */
public record DeliveryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);

    public DeliveryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= initialBackoff <= maxBackoff, was "
                    + initialBackoff + " and " + maxBackoff);
        }
    }

    /** {@code maxAttempts} calls from {@code initialBackoff} doubling, capped at {@link #DEFAULT_MAX_BACKOFF}. */
    public DeliveryPolicy(int maxAttempts, Duration initialBackoff) {
        this(maxAttempts, initialBackoff, initialBackoff.compareTo(DEFAULT_MAX_BACKOFF) > 0 ? initialBackoff : DEFAULT_MAX_BACKOFF);
    }

    /** 5 attempts, from 200 ms doubling: 200 ms, 400 ms, 800 ms, 1.6 s between them. */
    public static DeliveryPolicy defaults() {
        return new DeliveryPolicy(DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF);
    }

    /** The wait before call number {@code attempt} (1-based); zero before the first. */
    public Duration backoffBefore(int attempt) {
        if (attempt <= 1) {
            return Duration.ZERO;
        }
        Duration wait = initialBackoff;
        for (int i = 2; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
