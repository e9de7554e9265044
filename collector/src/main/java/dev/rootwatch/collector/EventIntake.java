package dev.rootwatch.collector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rootwatch.common.cloudtrail.EventNormalizer;
import dev.rootwatch.common.cloudtrail.InvalidEventException;
import dev.rootwatch.common.cloudtrail.SkipReason;
import dev.rootwatch.common.model.DeadLetter;
import dev.rootwatch.common.model.DeadLetterReason;
import dev.rootwatch.common.model.Ingest;
import dev.rootwatch.common.model.IngestSource;
import dev.rootwatch.common.model.Posture;
import dev.rootwatch.common.model.TrailEvent;
import dev.rootwatch.common.text.LogSafe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every collector input does with what it read, whatever carried it (a file, an SQS
 * message, an S3 object, a LookupEvents answer): count each CloudTrail event, keep the relevant
 * ones of watched accounts, normalize and publish them, ask for a posture refresh after a root
 * MFA or credential change, and turn what cannot be read into a dead letter. Every send returns
 * Kafka's acknowledgement, for the caller to wait on.
 */
public final class EventIntake {

    private static final Logger LOGGER = LoggerFactory.getLogger(EventIntake.class);
    private static final String STAGE = "collector";
    private static final CompletableFuture<Void> NOTHING_SENT = CompletableFuture.completedFuture(null);

    private final Publisher publisher;
    private final CollectorMetrics metrics;
    private final Clock clock;
    private final AccountScope scope;
    private final PostureRefreshRequests refresh;
    private final IngestStats stats = new IngestStats();
    private final Set<String> seen;

    /**
     * @param countDuplicates remember every account and eventID to count duplicates (replay's summary);
     *                        live sources leave it off, the evaluator deduplicates
     */
    public EventIntake(Publisher publisher, CollectorMetrics metrics, Clock clock, AccountScope scope,
                       PostureRefreshRequests refresh, boolean countDuplicates) {
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
        this.scope = scope;
        this.refresh = refresh;
        this.seen = countDuplicates ? new HashSet<>() : null;
    }

    /** An input (file, object, message, answer) begins. */
    public void input(IngestSource source) {
        stats.file();
        metrics.file(source);
    }

    /**
     * One CloudTrail event.
     *
     * @return Kafka's acknowledgement of what was sent for it (the event or its dead letter); already complete when nothing was sent
     */
    public CompletableFuture<Void> event(JsonNode event, String envelopeAccount, IngestSource source, String ref, String location) {
        stats.record();
        metrics.record(source);
        Instant receivedAt = clock.instant();
        if (source != IngestSource.FILE) {
            recordLag(event, source, receivedAt);
        }
        if (!RelevanceFilter.isRelevant(event)) {
            return NOTHING_SENT;
        }
        TrailEvent normalized;
        try {
            normalized = EventNormalizer.normalize(event, envelopeAccount, new Ingest(source, receivedAt, ref));
        } catch (InvalidEventException e) {
            return deadLetter(source, DeadLetterReason.INVALID_EVENT, e.getMessage(), event.toString(), location);
        }
        if (!scope.admits(normalized.accountId())) {
            metrics.outOfScope("event");
            return NOTHING_SENT;
        }
        stats.relevant();
        metrics.relevant(source);
        if (seen != null && !seen.add(normalized.accountId() + "|" + normalized.eventId())) {
            stats.duplicate();
        }
        CompletableFuture<Void> sent = publisher.event(normalized);
        if (PostureTriggers.wantsRefresh(normalized)) {
            metrics.postureRefreshRequested();
            refresh.refresh(normalized.accountId());
        }
        return sent;
    }

    /**
     * One CloudTrail event that the reader's prefilter ({@link RelevanceFilter#PREFILTER}) proved
     * irrelevant without parsing it: counted like any other, its delivery lag measured.
     */
    public void irrelevant(IngestSource source, String eventTime) {
        stats.record();
        metrics.record(source);
        if (source != IngestSource.FILE && eventTime != null) {
            recordLag(eventTime, source, clock.instant());
        }
    }

    public CompletableFuture<Void> posture(Posture posture) {
        stats.posture();
        metrics.posture();
        return publisher.posture(posture);
    }

    public void skipped(SkipReason reason, String location) {
        stats.skipped();
        metrics.skipped(reason);
        if (reason == SkipReason.SNS_CONFIRMATION) {
            // never confirmed automatically: subscribing a queue to a topic is the operator's decision
            LOGGER.info("skipped SNS subscription message; confirm it yourself if the subscription is wanted location={}",
                    LogSafe.escape(location));
        } else {
            LOGGER.debug("skipped input reason={} location={}", reason.label(), LogSafe.escape(location));
        }
    }

    /** Sends a dead letter; returns Kafka's acknowledgement of it. */
    public CompletableFuture<Void> deadLetter(IngestSource source, DeadLetterReason reason, String detail, String excerpt,
                                              String location) {
        stats.deadLettered();
        metrics.deadLetter(reason);
        LOGGER.warn("dead letter reason={} location={} detail={}", reason.label(), LogSafe.escape(location), LogSafe.escape(detail));
        return publisher.deadLetter(DeadLetter.of(STAGE, source.wireName(), location, reason, detail, excerpt, clock.instant()));
    }

    public IngestStats.Snapshot stats() {
        return stats.snapshot();
    }

    private void recordLag(JsonNode event, IngestSource source, Instant receivedAt) {
        JsonNode time = event.get("eventTime");
        if (time != null && time.isTextual()) {
            recordLag(time.asText(), source, receivedAt);
        }
    }

    private void recordLag(String eventTime, IngestSource source, Instant receivedAt) {
        try {
            metrics.deliveryLag(source, Duration.between(Instant.parse(eventTime), receivedAt));
        } catch (DateTimeParseException e) {
            // the normalizer dead-letters relevant events with a bad time; for the others the lag is simply unknown
        }
    }
}
