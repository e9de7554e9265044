package dev.rootwatch.notifier;

import dev.rootwatch.common.model.DeadLetterReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The notifier's meters, registered up front so that every series exists (at zero) from start-up:
 * <ul>
 *   <li>{@code rootwatch_notifier_deliveries_total{sink, outcome}}: per sink, {@code delivered} once
 *       per alert delivered, {@code failed} once per failed call, {@code dead_lettered} once per alert
 *       given up on;</li>
 *   <li>{@code rootwatch_notifier_delivery_attempts_total{sink}}: calls of the sink;</li>
 *   <li>{@code rootwatch_notifier_delivery_latency_seconds{sink}}: duration of each call;</li>
 *   <li>{@code rootwatch_notifier_dead_letters_total{reason}}: dead letters written, by reason.</li>
 * </ul>
 */
final class NotifierMetrics {

    static final String DELIVERIES = "rootwatch.notifier.deliveries";
    static final String ATTEMPTS = "rootwatch.notifier.delivery.attempts";
    static final String LATENCY = "rootwatch.notifier.delivery.latency";
    static final String DEAD_LETTERS = "rootwatch.notifier.dead.letters";

    private static final List<DeadLetterReason> NOTIFIER_REASONS =
            List.of(DeadLetterReason.UNDESERIALIZABLE, DeadLetterReason.DELIVERY_FAILED);

    private final MeterRegistry registry;
    private final Map<String, SinkMeters> sinks = new HashMap<>();
    private final Map<DeadLetterReason, Counter> deadLetters = new EnumMap<>(DeadLetterReason.class);

    NotifierMetrics(MeterRegistry registry, List<String> sinkNames) {
        this.registry = registry;
        for (String sink : sinkNames) {
            sinks.put(sink, new SinkMeters(
                    delivery(sink, "delivered"), delivery(sink, "failed"), delivery(sink, "dead_lettered"),
                    Counter.builder(ATTEMPTS).description("Calls of a sink").tag("sink", sink).register(registry),
                    Timer.builder(LATENCY).description("Duration of one call of a sink").tag("sink", sink).register(registry)));
        }
        for (DeadLetterReason reason : NOTIFIER_REASONS) {
            deadLetters.put(reason, deadLetterCounter(reason));
        }
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

    void deadLettered(String sink) {
        sinks.get(sink).deadLettered().increment();
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

    private record SinkMeters(Counter delivered, Counter failed, Counter deadLettered, Counter attempts, Timer latency) {
    }
}
