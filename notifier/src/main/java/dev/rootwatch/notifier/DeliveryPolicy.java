package dev.rootwatch.notifier;

import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.ConfigException;
import dev.rootwatch.common.config.SinkSettings;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How hard the notifier tries one sink before it dead-letters an alert, and when it stops calling
 * a failing sink at all.
 *
 * <p>A transient failure (no connection, a timeout, HTTP 408, 429 or 5xx) is retried for as long as
 * the alert is younger than {@code maxAge}, counted from when the evaluator detected it, so across
 * restarts too: an outage of the receiver shorter than that costs no page. The wait before the
 * second attempt is {@code initialBackoff}, doubling each time up to {@code maxBackoff}; each wait is
 * spread by {@code jitter} (0.5: anywhere from half to one and a half times the nominal wait) so that
 * many alerts do not retry in step. A receiver's {@code Retry-After} lengthens the wait (never beyond
 * {@link #MAX_RETRY_AFTER}). A permanent refusal (any other 4xx) ends the attempts at once.
 *
 * <p>Each sink has a circuit breaker (Resilience4j): after {@code circuitFailures} failed calls in a
 * row it opens for {@code circuitOpenDuration}; while open, attempts do not call the sink, then one
 * trial call decides.
 *
 * @param maxAge              how old an alert may grow while its delivery keeps failing transiently
 * @param initialBackoff      nominal wait before the second attempt
 * @param maxBackoff          longest nominal wait between two attempts
 * @param jitter              spread of each wait, from 0 (none) to 1
 * @param circuitFailures     failed calls in a row that open the circuit, at least 1
 * @param circuitOpenDuration how long an open circuit stays open before a trial call
 */
public record DeliveryPolicy(Duration maxAge, Duration initialBackoff, Duration maxBackoff, double jitter,
                             int circuitFailures, Duration circuitOpenDuration) {

    /** The longest {@code Retry-After} honoured: a receiver cannot park a sink for a day. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(10);
    public static final double DEFAULT_JITTER = 0.5;

    public DeliveryPolicy {
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(circuitOpenDuration, "circuitOpenDuration");
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive, was " + maxAge);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= initialBackoff <= maxBackoff, was "
                    + initialBackoff + " and " + maxBackoff);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be between 0 and 1, was " + jitter);
        }
        if (circuitFailures < 1) {
            throw new IllegalArgumentException("circuitFailures must be at least 1, was " + circuitFailures);
        }
        if (circuitOpenDuration.isNegative() || circuitOpenDuration.isZero()) {
            throw new IllegalArgumentException("circuitOpenDuration must be positive, was " + circuitOpenDuration);
        }
    }

    /** Without jitter, the circuit breaker at its defaults. */
    public DeliveryPolicy(Duration maxAge, Duration initialBackoff, Duration maxBackoff) {
        this(maxAge, initialBackoff, maxBackoff, 0, SinkSettings.NOTIFIER_CIRCUIT_BREAKER_FAILURES.defaultValue(),
                SinkSettings.NOTIFIER_CIRCUIT_BREAKER_OPEN_DURATION.defaultValue());
    }

    /** Retries for {@code maxAge} from {@code initialBackoff} doubling, capped at the default maximum, without jitter. */
    public DeliveryPolicy(Duration maxAge, Duration initialBackoff) {
        this(maxAge, initialBackoff, max(initialBackoff, SinkSettings.NOTIFIER_DELIVERY_MAX_BACKOFF.defaultValue()));
    }

    /** The defaults of the {@code notifier.delivery.*} and {@code notifier.circuitBreaker.*} settings. */
    public static DeliveryPolicy defaults() {
        return from(Config.defaults());
    }

    /** Reads {@code notifier.delivery.*} and {@code notifier.circuitBreaker.*}. */
    public static DeliveryPolicy from(Config config) {
        try {
            return new DeliveryPolicy(config.get(SinkSettings.NOTIFIER_DELIVERY_MAX_AGE),
                    config.get(SinkSettings.NOTIFIER_DELIVERY_INITIAL_BACKOFF),
                    config.get(SinkSettings.NOTIFIER_DELIVERY_MAX_BACKOFF), DEFAULT_JITTER,
                    config.get(SinkSettings.NOTIFIER_CIRCUIT_BREAKER_FAILURES),
                    config.get(SinkSettings.NOTIFIER_CIRCUIT_BREAKER_OPEN_DURATION));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid notifier.delivery / notifier.circuitBreaker settings: " + e.getMessage());
        }
    }

    /** This policy with other circuit breaker settings. */
    public DeliveryPolicy withCircuitBreaker(int failures, Duration openDuration) {
        return new DeliveryPolicy(maxAge, initialBackoff, maxBackoff, jitter, failures, openDuration);
    }

    /** This policy with another maximum age. */
    public DeliveryPolicy withMaxAge(Duration age) {
        return new DeliveryPolicy(age, initialBackoff, maxBackoff, jitter, circuitFailures, circuitOpenDuration);
    }

    /** This policy with another jitter. */
    public DeliveryPolicy withJitter(double spread) {
        return new DeliveryPolicy(maxAge, initialBackoff, maxBackoff, spread, circuitFailures, circuitOpenDuration);
    }

    /** The nominal wait (without jitter) before attempt number {@code attempt} (1-based); zero before the first. */
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

    /**
     * The wait before attempt number {@code attempt}: the nominal backoff spread by the jitter, or the
     * receiver's {@code Retry-After} when that is longer (capped at {@link #MAX_RETRY_AFTER}).
     *
     * @param retryAfter what the receiver asked for on the previous attempt, or null
     */
    public Duration waitBefore(int attempt, Duration retryAfter) {
        Duration nominal = backoffBefore(attempt);
        Duration wait = nominal;
        if (jitter > 0 && !nominal.isZero()) {
            double factor = 1 - jitter + 2 * jitter * ThreadLocalRandom.current().nextDouble();
            wait = Duration.ofNanos((long) (nominal.toNanos() * factor));
        }
        if (attempt > 1 && retryAfter != null && retryAfter.compareTo(wait) > 0) {
            wait = retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
        }
        return wait;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) > 0 ? a : b;
    }
}
