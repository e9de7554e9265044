package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.DeadLetterReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The evaluator's own meters. Names are dotted; the Prometheus registry exports them as
 * {@code rootwatch_evaluator_<what>_total}. No account id as a label: that is for per-account gauges only.
 */
final class EvaluatorMetrics {

    static final String EVENTS = "rootwatch.evaluator.events";
    static final String POSTURES = "rootwatch.evaluator.postures";
    static final String DUPLICATES = "rootwatch.evaluator.duplicates";
    static final String SKIPPED = "rootwatch.evaluator.skipped";
    static final String ALERTS = "rootwatch.evaluator.alerts";
    static final String SUPPRESSED = "rootwatch.evaluator.suppressed";
    static final String LATE = "rootwatch.evaluator.late";
    static final String WATERMARKS = "rootwatch.evaluator.watermarks";
    static final String RENOTIFICATIONS = "rootwatch.evaluator.renotifications";
    static final String REFRESHES = "rootwatch.evaluator.refreshes";
    static final String ALERT_LATENCY = "rootwatch.evaluator.alert.latency";

    private final MeterRegistry registry;
    private final Counter events;
    private final Counter postures;
    private final Counter duplicates;
    private final Counter tombstones;
    private final Counter late;
    private final Counter watermarks;
    private final Counter renotifications;
    private final Counter refreshes;
    private final Timer alertLatency;

    EvaluatorMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.events = Counter.builder(EVENTS)
                .description("CloudTrail events read from the events topic, duplicates included")
                .register(registry);
        this.postures = Counter.builder(POSTURES)
                .description("Posture observations read from the posture topic")
                .register(registry);
        this.duplicates = Counter.builder(DUPLICATES)
                .description("Events whose eventID was already evaluated, not evaluated again")
                .register(registry);
        this.tombstones = Counter.builder(SKIPPED)
                .description("Input records without a value (tombstones), skipped")
                .tag("reason", "tombstone")
                .register(registry);
        this.late = Counter.builder(LATE)
                .description("Events that arrived more than the grace after their account's event time: they still"
                        + " raise single-event alerts but no longer complete windows or sequences")
                .register(registry);
        this.watermarks = Counter.builder(WATERMARKS)
                .description("Watermarks read from the events topic")
                .register(registry);
        this.renotifications = Counter.builder(RENOTIFICATIONS)
                .description("Open incidents notified again because they stayed open")
                .register(registry);
        this.refreshes = Counter.builder(REFRESHES)
                .description("Open incidents sent again, for sinks that expire alerts, to keep them active there")
                .register(registry);
        this.alertLatency = Timer.builder(ALERT_LATENCY)
                .description("From the collector receiving an event to the evaluator emitting its alert")
                .publishPercentileHistogram()
                .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
                        Duration.ofSeconds(5))
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
    }

    /** Registers the dead-letter counters of the input topics at zero, so dashboards and alert rules see zero, not nothing. */
    void inputTopics(String... topics) {
        for (String topic : topics) {
            for (DeadLetterReason reason : List.of(DeadLetterReason.UNDESERIALIZABLE, DeadLetterReason.INVALID_EVENT,
                    DeadLetterReason.PROCESSING_FAILED)) {
                deadLetterCounter(topic, reason);
            }
        }
    }

    /** An input record (or, from a punctuation, a timer) sent to the dead-letter topic. */
    void deadLetter(String topic, DeadLetterReason reason) {
        deadLetterCounter(topic, reason).increment();
    }

    private Counter deadLetterCounter(String topic, DeadLetterReason reason) {
        return Counter.builder(DeadLetterDeserializationHandler.DEAD_LETTERS)
                .description(DeadLetterDeserializationHandler.DEAD_LETTERS_DESCRIPTION)
                .tag("topic", topic)
                .tag("reason", reason.label())
                .register(registry);
    }

    void alertLatency(Duration latency) {
        if (!latency.isNegative()) {
            alertLatency.record(latency);
        }
    }

    void late() {
        late.increment();
    }

    void watermark() {
        watermarks.increment();
    }

    void renotification() {
        renotifications.increment();
    }

    void refresh() {
        refreshes.increment();
    }

    void suppressed(Alert alert) {
        Counter.builder(SUPPRESSED)
                .description("Alerts a suppression rule marked suppressed (still emitted), by type")
                .tag("type", label(alert.type()))
                .register(registry)
                .increment();
    }

    void event() {
        events.increment();
    }

    void posture() {
        postures.increment();
    }

    void duplicate() {
        duplicates.increment();
    }

    void tombstone() {
        tombstones.increment();
    }

    /** Counts an alert emitted: refreshes of open incidents are counted apart ({@link #refresh()}), not as alerts. */
    void alert(Alert alert) {
        Counter.builder(ALERTS)
                .description("Alerts emitted, by type, status and severity")
                .tag("type", label(alert.type()))
                .tag("status", label(alert.status()))
                .tag("severity", label(alert.severity()))
                .register(registry)
                .increment();
    }

    /** A label value: lowercase, as every label value of rootwatch's metrics ({@code root_mfa_disabled}, {@code firing}). */
    static String label(Enum<?> value) {
        return value.name().toLowerCase(java.util.Locale.ROOT);
    }
}
