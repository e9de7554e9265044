package dev.rootwatch.collector;

import dev.rootwatch.common.cloudtrail.SkipReason;
import dev.rootwatch.common.model.DeadLetterReason;
import dev.rootwatch.common.model.IngestSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The collector's Prometheus metrics (rootwatch_collector_*). */
public final class CollectorMetrics {

    /** Bucket bounds of the delivery lag histogram: CloudTrail delivers in about 5 minutes on average, with no bound. */
    static final Duration[] LAG_SLOS = {
        Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10),
        Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(6),
        Duration.ofHours(24)};

    private final MeterRegistry registry;
    private final Map<IngestSource, Counter> records = new ConcurrentHashMap<>();
    private final Map<DeadLetterReason, Counter> deadLetters = new ConcurrentHashMap<>();
    private final Map<IngestSource, Timer> lags = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();

    public CollectorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void file(IngestSource source) {
        counter("rootwatch.collector.inputs", "Files, objects or messages read", "source", source.wireName()).increment();
    }

    void record(IngestSource source) {
        records.computeIfAbsent(source, s -> counter("rootwatch.collector.records", "CloudTrail events scanned", "source",
                s.wireName())).increment();
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
        deadLetters.computeIfAbsent(reason, r -> counter("rootwatch.collector.dead.letters", "Inputs or records sent to the dead"
                + " letter", "reason", r.label())).increment();
    }

    public void outOfScope(String stage) {
        counter("rootwatch.collector.out.of.scope", "Objects (stage=key) or events (stage=event) of accounts outside"
                + " collector.accounts.allow / deny", "stage", stage).increment();
    }

    void postureRefreshRequested() {
        Counter.builder("rootwatch.collector.posture.refresh.requests")
                .description("Posture refreshes asked of the poller because a root MFA or credential event passed")
                .register(registry).increment();
    }

    /** How long CloudTrail took to deliver an event to rootwatch (receivedAt - eventTime); negative lags count as zero. */
    void deliveryLag(IngestSource source, Duration lag) {
        lags.computeIfAbsent(source, s -> Timer.builder("rootwatch.collector.delivery.lag")
                .description("CloudTrail delivery lag: when the collector received an event minus its eventTime")
                .tag("source", s.wireName())
                .publishPercentileHistogram()
                .serviceLevelObjectives(LAG_SLOS)
                .minimumExpectedValue(Duration.ofSeconds(1))
                .maximumExpectedValue(Duration.ofHours(24))
                .register(registry))
                .record(lag.isNegative() ? Duration.ZERO : lag);
    }

    public void sqsReceived(String queue) {
        counter("rootwatch.collector.sqs.messages.received", "SQS messages received", "queue", queue).increment();
    }

    public void sqsDeleted(String queue) {
        counter("rootwatch.collector.sqs.messages.deleted", "SQS messages deleted after everything they produced was"
                + " acknowledged by Kafka", "queue", queue).increment();
    }

    public void sqsFailed(String queue) {
        counter("rootwatch.collector.sqs.messages.failed", "SQS messages whose processing failed; left for redelivery",
                "queue", queue).increment();
    }

    public void sqsDeadLettered(String queue, DeadLetterReason reason) {
        Counter.builder("rootwatch.collector.sqs.messages.dead.lettered")
                .description("SQS messages that kept failing, sent to the dead letter topic and deleted")
                .tag("queue", queue).tag("reason", reason.label())
                .register(registry).increment();
    }

    public void sqsReleased(String queue) {
        counter("rootwatch.collector.sqs.messages.released", "SQS messages received while stopping and made visible again"
                + " unprocessed", "queue", queue).increment();
    }

    public void visibilityExtended(String queue) {
        counter("rootwatch.collector.sqs.visibility.extensions", "Visibility timeouts renewed for messages still being"
                + " processed", "queue", queue).increment();
    }

    public void objectFetched(long bytes) {
        Counter.builder("rootwatch.collector.s3.objects.fetched").description("CloudTrail log files read from S3")
                .register(registry).increment();
        Counter.builder("rootwatch.collector.s3.fetched").description("Bytes read from S3 (compressed, as stored)")
                .baseUnit("bytes").register(registry).increment(bytes);
    }

    public void objectSkipped(String reason) {
        counter("rootwatch.collector.s3.objects.skipped", "Objects named by a notification and not fetched (digest,"
                + " insight, not_cloudtrail); unwatched accounts count in out_of_scope", "reason", reason).increment();
    }

    public void objectFailed(String error) {
        counter("rootwatch.collector.s3.objects.failed", "S3 GetObject calls or downloads that failed (retried through"
                + " redelivery)", "error", error).increment();
    }

    public void lookupRequest(String region, boolean success) {
        Counter.builder("rootwatch.collector.lookup.requests").description("CloudTrail LookupEvents calls")
                .tag("region", region).tag("outcome", success ? "success" : "failure")
                .register(registry).increment();
    }

    /** Marks a source ({@code sqs} or {@code lookup}) and one of its inputs (a queue, a region) as having just worked. */
    public void lastSuccess(IngestSource source, String input, Instant at) {
        lastSuccess.computeIfAbsent(source.wireName() + "|" + input, k -> {
            AtomicLong holder = new AtomicLong();
            Gauge.builder("rootwatch.collector.last.success.timestamp", holder, h -> h.get() / 1000.0)
                    .description("When a source last completed a receive or poll without error (Unix time)")
                    .baseUnit("seconds")
                    .tag("source", source.wireName()).tag("input", input)
                    .register(registry);
            return holder;
        }).set(at.toEpochMilli());
    }

    private Counter counter(String name, String description, String tag, String value) {
        return Counter.builder(name).description(description).tag(tag, value).register(registry);
    }

    /** For tests and the figures: the count of a counter, 0 when it was never incremented. */
    public static double count(MeterRegistry registry, String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }
}
