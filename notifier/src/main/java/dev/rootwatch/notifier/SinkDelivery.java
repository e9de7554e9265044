package dev.rootwatch.notifier;

import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.text.LogSafe;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one alert to one sink under the {@link DeliveryPolicy}: attempts with jittered exponential
 * backoff (or the receiver's {@code Retry-After}), the sink's rate limiter and circuit breaker, and
 * metrics. A transient failure is retried until the alert is older than the policy's {@code maxAge}
 * (counted from its {@code detectedAt}, so the budget carries across restarts); a permanent refusal
 * ends the delivery at once. While the circuit is open an attempt does not call the sink; the alert
 * waits its backoff and asks again.
 */
final class SinkDelivery {

    private static final Logger LOGGER = LoggerFactory.getLogger(SinkDelivery.class);

    /** How one alert's delivery to one sink ended. */
    enum Outcome {
        DELIVERED,
        /** A permanent refusal, or transient failures past the alert's maximum age: dead-letter the alert. */
        GAVE_UP,
        /** The notifier is stopping: leave the record uncommitted, it is delivered again later. */
        STOPPED
    }

    /**
     * @param outcome  how it ended
     * @param attempts attempts made (calls of the sink plus attempts refused by an open circuit)
     * @param error    the last failure, redacted (null when delivered)
     */
    record Result(Outcome outcome, int attempts, String error) {
    }

    private final DeliveryPolicy policy;
    private final NotifierMetrics metrics;
    private final StopSignal stop;
    private final Clock clock;

    SinkDelivery(DeliveryPolicy policy, NotifierMetrics metrics, StopSignal stop) {
        this(policy, metrics, stop, Clock.systemUTC());
    }

    SinkDelivery(DeliveryPolicy policy, NotifierMetrics metrics, StopSignal stop, Clock clock) {
        this.policy = policy;
        this.metrics = metrics;
        this.stop = stop;
        this.clock = clock;
    }

    /** When {@code alert} stops being retried: its detection (or now, where it has none) plus the maximum age. */
    Instant deadline(Alert alert) {
        Instant now = clock.instant();
        Instant detected = alert.detectedAt() == null || alert.detectedAt().isAfter(now) ? now : alert.detectedAt();
        return detected.plus(policy.maxAge());
    }

    Result deliver(GuardedSink guarded, Alert alert) {
        Instant deadline = deadline(alert);
        String error = null;
        Duration retryAfter = null;
        String name = guarded.name();
        CircuitBreaker breaker = guarded.circuitBreaker();
        for (int attempt = 1; ; attempt++) {
            if (attempt > 1 && !clock.instant().isBefore(deadline)) {
                return new Result(Outcome.GAVE_UP, attempt - 1, "still failing " + policy.maxAge() + " after detection; last failure: "
                        + error);
            }
            if (stop.requested() || !stop.sleep(waitBefore(attempt, retryAfter, deadline)) || !guarded.awaitPermit(stop)) {
                return new Result(Outcome.STOPPED, attempt - 1, error);
            }
            retryAfter = null;
            if (!breaker.tryAcquirePermission()) {
                metrics.circuitOpen(name);
                String last = guarded.lastFailure();
                error = "circuit open after repeated failures" + (last == null ? "" : "; last failure: " + last);
                LOGGER.debug("circuit open, sink not called sink={} alertId={} attempt={}", name,
                        LogSafe.escape(alert.alertId(), 80), attempt);
                continue;
            }
            long started = System.nanoTime();
            try {
                guarded.sink().deliver(alert);
                long took = System.nanoTime() - started;
                breaker.onSuccess(took, TimeUnit.NANOSECONDS);
                metrics.attempt(name, Duration.ofNanos(took));
                metrics.delivered(name);
                LOGGER.debug("alert delivered sink={} alertId={} attempt={}", name, LogSafe.escape(alert.alertId(), 80), attempt);
                return new Result(Outcome.DELIVERED, attempt, null);
            } catch (DeliveryException e) {
                breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, e);
                if (stop.requested()) {
                    // cut short by the notifier stopping: whether it arrived is unknown, so it is delivered again later
                    return new Result(Outcome.STOPPED, attempt, error);
                }
                error = failed(name, alert, attempt, started, e.getMessage(), e.retryable(), null);
                guarded.lastFailure(error);
                if (!e.retryable()) {
                    return new Result(Outcome.GAVE_UP, attempt, error);
                }
                retryAfter = e.retryAfter().orElse(null);
            } catch (RuntimeException e) {
                breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, e);
                // a sink's bug or an unexpected client error: often transient, so tried again
                error = failed(name, alert, attempt, started,
                        "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage(), true, e);
                guarded.lastFailure(error);
            }
        }
    }

    /** The policy's wait, but never past the deadline: the last attempt comes at the deadline itself. */
    private Duration waitBefore(int attempt, Duration retryAfter, Instant deadline) {
        Duration wait = policy.waitBefore(attempt, retryAfter);
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.isNegative()) {
            return Duration.ZERO;
        }
        return wait.compareTo(left) > 0 ? left : wait;
    }

    private String failed(String sink, Alert alert, int attempt, long started, String message,
                          boolean retryable, RuntimeException unexpected) {
        metrics.attempt(sink, Duration.ofNanos(System.nanoTime() - started));
        metrics.failed(sink);
        String error = ErrorText.redact(message);
        if (unexpected != null) {
            // its message may hold a webhook URL: the stack trace only at DEBUG
            LOGGER.warn("sink threw unexpectedly sink={} alertId={} attempt={} error=\"{}\"", sink,
                    LogSafe.escape(alert.alertId(), 80), attempt, error);
            LOGGER.debug("sink failure stack trace sink={}", sink, unexpected);
        } else if (attempt == 1 || !retryable || Long.bitCount(attempt) == 1) {
            // a long outage makes thousands of attempts: the first, then every power of two
            LOGGER.info("delivery failed sink={} alertId={} attempt={} retryable={} error=\"{}\"", sink,
                    LogSafe.escape(alert.alertId(), 80), attempt, retryable, error);
        }
        return error;
    }
}
