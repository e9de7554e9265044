package dev.rootwatch.notifier;

import java.time.Duration;
import java.util.Optional;

/**
 * A sink could not deliver an alert. Retryable failures (a timeout, HTTP 429 or 5xx, a full
 * disk) are tried again with backoff; the others (HTTP 4xx, a rejected payload) are dead-lettered
 * at once. The message ends up in the dead letter and in logs: it must name no URL or secret.
 *
 * <p>A receiver may say when to try again ({@code Retry-After}); a failure may also be the
 * receiver throttling us (HTTP 429), which says nothing about its health and so does not count
 * towards opening the sink's circuit.
 */
public class DeliveryException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean retryable;
    private final Duration retryAfter;
    private final boolean throttled;

    public DeliveryException(String message, boolean retryable) {
        this(message, null, retryable, null, false);
    }

    public DeliveryException(String message, Throwable cause, boolean retryable) {
        this(message, cause, retryable, null, false);
    }

    /**
     * @param retryAfter how long the receiver asked us to wait, or null
     * @param throttled  whether the receiver refused because we called too often (HTTP 429)
     */
    public DeliveryException(String message, Throwable cause, boolean retryable, Duration retryAfter, boolean throttled) {
        super(message, cause);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
        this.throttled = throttled;
    }

    /** Whether trying again later may succeed. */
    public boolean retryable() {
        return retryable;
    }

    /** The wait the receiver asked for ({@code Retry-After}), if it asked. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Whether the receiver was throttling us rather than failing. */
    public boolean throttled() {
        return throttled;
    }
}
