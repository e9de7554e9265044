package dev.rootwatch.collector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rootwatch.common.cloudtrail.EventNormalizer;
import dev.rootwatch.common.cloudtrail.InvalidEventException;
import dev.rootwatch.common.cloudtrail.SkipReason;
import dev.rootwatch.common.model.AccountIds;
import dev.rootwatch.common.model.DeadLetter;
import dev.rootwatch.common.model.DeadLetterReason;
import dev.rootwatch.common.model.EventTimes;
import dev.rootwatch.common.model.Ingest;
import dev.rootwatch.common.model.IngestSource;
import dev.rootwatch.common.model.Posture;
import dev.rootwatch.common.model.TrailEvent;
import dev.rootwatch.common.text.LogRate;
import dev.rootwatch.common.text.LogSafe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.RecordTooLargeException;
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
    /** Dead-letter WARN lines: a burst, then a few per second; the next line says how many were held back. */
    private static final int LOG_BURST = 50;
    private static final int LOG_PER_SECOND = 5;

    private final Publisher publisher;
    private final CollectorMetrics metrics;
    private final Clock clock;
    private final AccountScope scope;
    private final PostureRefreshRequests refresh;
    private final IngestStats stats = new IngestStats();
    private final LogRate deadLetterLines = new LogRate(LOG_PER_SECOND, LOG_BURST);
    private final RecentEvents recent;

    /**
     * @param countDuplicates remember recent accounts and eventIDs ({@link RecentEvents}, bounded): a repeat is counted
     *                        as a duplicate and not published again (replay, demo); live sources leave it off, the
     *                        evaluator deduplicates
     */
    public EventIntake(Publisher publisher, CollectorMetrics metrics, Clock clock, AccountScope scope,
                       PostureRefreshRequests refresh, boolean countDuplicates) {
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
        this.scope = scope;
        this.refresh = refresh;
        this.recent = countDuplicates ? new RecentEvents() : null;
    }

    /** An input (file, object, message, answer) begins. */
    public void input(IngestSource source) {
        stats.file();
        metrics.file(source);
    }

    /** Where the dead letters of one input go: straight to the intake, or through its input's sampling first. */
    @FunctionalInterface
    public interface DeadLetters {
        CompletableFuture<Void> deadLetter(DeadLetterReason reason, String detail, String excerpt, String location);
    }

    /**
     * One CloudTrail event.
     *
     * @return Kafka's acknowledgement of what was sent for it (the event or its dead letter); already complete when nothing was sent
     */
    public CompletableFuture<Void> event(JsonNode event, String envelopeAccount, IngestSource source, String ref, String location) {
        return event(event, envelopeAccount, source, ref, location, (reason, detail, excerpt, where) ->
                deadLetter(source, reason, detail, excerpt, where));
    }

    /**
     * One CloudTrail event whose dead letter, if it is refused, goes to {@code deadLetters}.
     *
     * @return Kafka's acknowledgement of what was sent for it (the event or its dead letter); already complete when nothing was sent
     */
    public CompletableFuture<Void> event(JsonNode event, String envelopeAccount, IngestSource source, String ref, String location,
                                         DeadLetters deadLetters) {
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
            return deadLetters.deadLetter(DeadLetterReason.INVALID_EVENT, e.getMessage(), JsonExcerpt.of(event), location);
        }
        if (!scope.admits(normalized.accountId())) {
            metrics.outOfScope("event");
            return NOTHING_SENT;
        }
        if (recent != null && recent.seenBefore(normalized.accountId(), normalized.eventId())) {
            stats.relevant();
            metrics.relevant(source);
            stats.duplicate();
            return NOTHING_SENT; // evaluated once: the copy published before stands for it
        }
        CompletableFuture<Void> sent = publisher.event(normalized);
        if (refusedAsTooLarge(sent)) {
            return deadLetters.deadLetter(DeadLetterReason.OVERSIZED, "a relevant event larger than a Kafka record may be",
                    JsonExcerpt.of(event), location);
        }
        stats.relevant();
        metrics.relevant(source);
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

    /** Why a posture object read from an input is refused (its account id or its time), or null when it is accepted. */
    public String postureProblem(Posture posture) {
        if (!AccountIds.isValid(posture.accountId())) {
            return "posture's account id is not twelve ASCII digits";
        }
        return EventTimes.problem("observedAt", posture.observedAt(), clock.instant());
    }

    /**
     * A posture object read from an input (check it with {@link #postureProblem} first).
     *
     * @return Kafka's acknowledgement; failed with a RecordTooLargeException when Kafka cannot take it
     */
    public CompletableFuture<Void> posture(Posture posture) {
        CompletableFuture<Void> sent = publisher.posture(posture);
        if (!refusedAsTooLarge(sent)) {
            stats.posture();
            metrics.posture();
        }
        return sent;
    }

    /** Whether the publisher refused a record at once because it is larger than a Kafka record may be. */
    static boolean refusedAsTooLarge(CompletableFuture<Void> sent) {
        if (!sent.isCompletedExceptionally()) {
            return false;
        }
        try {
            sent.join();
            return false;
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
            return e.getCause() instanceof RecordTooLargeException;
        }
    }

    public void skipped(SkipReason reason, String location) {
        stats.skipped();
        metrics.skipped(reason);
        if (reason == SkipReason.SNS_CONFIRMATION) {
            // never confirmed automatically: subscribing a queue to a topic is the operator's decision
            LOGGER.info("skipped SNS subscription message; confirm it yourself if the subscription is wanted location={}",
                    LogSafe.escape(location));
        } else if (reason == SkipReason.NOT_A_FILE) {
            long held = deadLetterLines.admit();
            if (held >= 0) {
                LOGGER.warn("input skipped, never opened: not a regular file location={}{}", LogSafe.escape(location),
                        LogRate.heldBack(held));
            }
        } else {
            LOGGER.debug("skipped input reason={} location={}", reason.label(), LogSafe.escape(location));
        }
    }

    /** Sends a dead letter; returns Kafka's acknowledgement of it. */
    public CompletableFuture<Void> deadLetter(IngestSource source, DeadLetterReason reason, String detail, String excerpt,
                                              String location) {
        countDeadLetter(reason);
        log(reason, location, detail);
        return publisher.deadLetter(DeadLetter.of(STAGE, source.wireName(), location, reason, detail, excerpt, clock.instant()));
    }

    /** Counts a dead letter that is not sent on its own (its input's summary stands for it). */
    public void countDeadLetter(DeadLetterReason reason) {
        stats.deadLettered();
        metrics.deadLetter(reason);
    }

    /**
     * Sends the one dead letter that stands for {@code count} of an input's dead letters already
     * counted ({@link #countDeadLetter}); returns Kafka's acknowledgement of it.
     */
    public CompletableFuture<Void> deadLetterSummary(IngestSource source, DeadLetterReason reason, String detail, String location,
                                                     long count) {
        log(reason, location, detail);
        return publisher.deadLetter(DeadLetter.of(STAGE, source.wireName(), location, reason, detail, null, clock.instant())
                .withCount(count));
    }

    private void log(DeadLetterReason reason, String location, String detail) {
        long held = deadLetterLines.admit();
        if (held >= 0) {
            LOGGER.warn("dead letter reason={} location={} detail={}{}", reason.label(), LogSafe.escape(location),
                    LogSafe.escape(detail), LogRate.heldBack(held));
        }
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
            metrics.deliveryLag(source, Duration.between(EventTimes.parse(eventTime), receivedAt));
        } catch (DateTimeParseException e) {
            // the normalizer dead-letters relevant events with a bad time; for the others the lag is simply unknown
        }
    }
}
