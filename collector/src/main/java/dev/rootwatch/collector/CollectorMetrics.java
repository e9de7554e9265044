package dev.rootwatch.collector;

import dev.rootwatch.common.cloudtrail.SkipReason;
import dev.rootwatch.common.model.DeadLetterReason;
import dev.rootwatch.common.model.IngestSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The collector's Prometheus metrics (rootwatch_collector_*). */
public final class CollectorMetrics {

    private final MeterRegistry registry;

    public CollectorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void file(IngestSource source) {
        counter("rootwatch.collector.inputs", "Files, objects or messages read", "source", source.wireName()).increment();
    }

    void record(IngestSource source) {
        counter("rootwatch.collector.records", "CloudTrail events scanned", "source", source.wireName()).increment();
    }

    void relevant(IngestSource source) {
        counter("rootwatch.collector.relevant.events", "Relevant CloudTrail events produced to Kafka", "source",
                source.wireName()).increment();
    }

    void posture() {
        counter("rootwatch.collector.posture", "Posture records produced to Kafka", "source", "input").increment();
    }

    void skipped(SkipReason reason) {
        counter("rootwatch.collector.skipped", "Inputs skipped on purpose (digests, S3 test events)", "reason",
                reason.label()).increment();
    }

    void deadLetter(DeadLetterReason reason) {
        counter("rootwatch.collector.dead.letters", "Inputs or records sent to the dead letter", "reason",
                reason.label()).increment();
    }

    private Counter counter(String name, String description, String tag, String value) {
        return Counter.builder(name).description(description).tag(tag, value).register(registry);
    }
}
