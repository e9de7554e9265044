package dev.rootwatch.notifier;

import dev.rootwatch.common.model.DeadLetterReason;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The notifier's meters, registered up front so that every series exists (at zero) from start-up:
 * <ul>
 *   <li>{@code rootwatch_notifier_deliveries_total{sink, outcome}}: per sink, {@code delivered} once
 *       per alert delivered, {@code failed} once per failed call, {@code circuit_open} once per attempt
 *       refused because the sink's circuit was open, {@code dead_lettered} once per alert given up on;</li>
 *   <li>{@code rootwatch_notifier_delivery_attempts_total{sink}}: calls of the sink;</li>
 *   <li>{@code rootwatch_notifier_delivery_latency_seconds{sink}}: duration of each call (a histogram);</li>
 *   <li>{@code rootwatch_notifier_circuit_state{sink, state}}: 1 for the state ({@code closed},
 *       {@code open}, {@code half_open}) the sink's circuit breaker is in, 0 for the others;</li>
 *   <li>{@code rootwatch_notifier_dead_letters_total{reason}}: dead letters written, by reason;</li>
 *   <li>{@code rootwatch_notifier_suppressed_total}: alerts marked suppressed, kept from paging sinks;</li>
 *   <li>{@code rootwatch_notifier_unrouted_total}: alerts no sink's route took;</li>
 *   <li>{@code rootwatch_notifier_oldest_undelivered_age_seconds{sink}}: how long ago the oldest alert a sink
 *       has not delivered yet was detected, 0 when it owes none.</li>
 * </ul>
 * No secret and no URL is ever a label: sinks are known by their configured name.
 */
final class NotifierMetrics {

    static final String DELIVERIES = "rootwatch.notifier.deliveries";
    static final String ATTEMPTS = "rootwatch.notifier.delivery.attempts";
    static final String LATENCY = "rootwatch.notifier.delivery.latency";
    static final String DEAD_LETTERS = "rootwatch.notifier.dead.letters";
    static final String CIRCUIT_STATE = "rootwatch.notifier.circuit.state";
    static final String SUPPRESSED = "rootwatch.notifier.suppressed";
    static final String UNROUTED = "rootwatch.notifier.unrouted";
    static final String OLDEST_UNDELIVERED = "rootwatch.notifier.oldest.undelivered.age";

    static final List<CircuitBreaker.State> CIRCUIT_STATES =
            List.of(CircuitBreaker.State.CLOSED, CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN);

    private static final List<DeadLetterReason> NOTIFIER_REASONS =
            List.of(DeadLetterReason.UNDESERIALIZABLE, DeadLetterReason.DELIVERY_FAILED);

    private final MeterRegistry registry;
    private final Map<String, SinkMeters> sinks = new HashMap<>();
    private final Map<DeadLetterReason, Counter> deadLetters = new ConcurrentHashMap<>();
    private final Counter suppressed;
    private final Counter unrouted;

    NotifierMetrics(MeterRegistry registry, List<String> sinkNames) {
        this.registry = registry;
        for (String sink : sinkNames) {
            sinks.put(sink, new SinkMeters(
                    delivery(sink, "delivered"), delivery(sink, "failed"), delivery(sink, "circuit_open"),
                    delivery(sink, "dead_lettered"),
                    Counter.builder(ATTEMPTS).description("Calls of a sink").tag("sink", sink).register(registry),
                    Timer.builder(LATENCY).description("Duration of one call of a sink").tag("sink", sink)
                            .publishPercentileHistogram()
                            .minimumExpectedValue(Duration.ofMillis(1))
                            .maximumExpectedValue(Duration.ofMinutes(1))
                            .register(registry)));
        }
        for (DeadLetterReason reason : NOTIFIER_REASONS) {
            deadLetters.put(reason, deadLetterCounter(reason));
        }
        suppressed = Counter.builder(SUPPRESSED).description("Alerts marked suppressed, delivered to console and file sinks only")
                .register(registry);
        unrouted = Counter.builder(UNROUTED).description("Alerts that no sink's route took").register(registry);
    }

    /** Publishes the state of {@code sink}'s circuit breaker. */
    void circuit(String sink, CircuitBreaker breaker) {
        for (CircuitBreaker.State state : CIRCUIT_STATES) {
            Gauge.builder(CIRCUIT_STATE, breaker, b -> b.getState() == state ? 1 : 0)
                    .description("1 for the state a sink's circuit breaker is in, 0 for the others")
                    .tag("sink", sink)
                    .tag("state", state.name().toLowerCase(Locale.ROOT))
                    .strongReference(true)
                    .register(registry);
        }
    }

    /** Publishes the age of the oldest alert {@code sink} has not delivered yet. */
    void oldestUndelivered(String sink, java.util.function.DoubleSupplier ageSeconds) {
        Gauge.builder(OLDEST_UNDELIVERED, ageSeconds::getAsDouble)
                .description("Seconds since the oldest alert a sink has not delivered yet was detected; 0 when none waits")
                .baseUnit("seconds")
                .tag("sink", sink)
                .strongReference(true)
                .register(registry);
    }

    void attempt(String sink, Duration took) {
        SinkMeters meters = sinks.get(sink);
        meters.attempts().increment();
        meters.latency().record(took);
    }

    void delivered(String sink) {
        sinks.get(sink).delivered().increment();
    }

    void failed(String sink) {
        sinks.get(sink).failed().increment();
    }

    void circuitOpen(String sink) {
        sinks.get(sink).circuitOpen().increment();
    }

    void deadLettered(String sink) {
        sinks.get(sink).deadLettered().increment();
    }

    void suppressed() {
        suppressed.increment();
    }

    void unrouted() {
        unrouted.increment();
    }

    void deadLetterWritten(DeadLetterReason reason) {
        deadLetters.computeIfAbsent(reason, this::deadLetterCounter).increment();
    }

    private Counter deadLetterCounter(DeadLetterReason reason) {
        return Counter.builder(DEAD_LETTERS)
                .description("Dead letters the notifier wrote")
                .tag("reason", reason.label())
                .register(registry);
    }

    private Counter delivery(String sink, String outcome) {
        return Counter.builder(DELIVERIES)
                .description("Alert deliveries per sink and outcome")
                .tag("sink", sink)
                .tag("outcome", outcome)
                .register(registry);
    }

    private record SinkMeters(Counter delivered, Counter failed, Counter circuitOpen, Counter deadLettered, Counter attempts,
                              Timer latency) {
    }
}
