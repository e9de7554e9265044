package dev.rootwatch.notifier;

import dev.rootwatch.common.model.Alert;

/**
 * Somewhere an alert is delivered to: the console, a file, PagerDuty, Slack, Teams, Alertmanager or
 * a signed webhook. The notifier calls {@link #deliver(Alert)} from the sink's own thread, one alert
 * at a time, retries a {@linkplain DeliveryException#retryable() retryable} failure with backoff
 * (behind the sink's circuit breaker and rate limiter), and dead-letters the alert when the sink
 * gives up. Different sinks are called concurrently.
 *
 * <p>A sink may receive the same alert more than once (delivery is at-least-once); sinks that
 * page use the alert's {@code fingerprint} or {@code alertId} to deduplicate.
 */
public interface AlertSink {

    /** A short, unique, stable name: the metrics label and the dead letter's source. Never a URL. */
    String name();

    /**
     * Delivers one alert, returning once the receiver has it.
     *
     * @throws DeliveryException when it could not; its message must not carry a URL or secret
     */
    void deliver(Alert alert) throws DeliveryException;

    /** Releases what the sink holds (files, connections). */
    default void close() {
    }
}
