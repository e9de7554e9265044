package dev.rootwatch.collector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rootwatch.common.cloudtrail.EnvelopeHandler;
import dev.rootwatch.common.cloudtrail.S3ObjectRef;
import dev.rootwatch.common.cloudtrail.SkipReason;
import dev.rootwatch.common.model.DeadLetterReason;
import dev.rootwatch.common.model.IngestSource;
import dev.rootwatch.common.model.Posture;
import java.util.concurrent.CompletableFuture;

/**
 * Hands what {@link dev.rootwatch.common.cloudtrail.EnvelopeReader} finds in one input to the
 * {@link EventIntake}, collecting Kafka's acknowledgements; log files named by a notification go
 * to {@link ObjectReferences}. The input's dead letters are sampled ({@link InputDeadLetters}):
 * call {@link #finish()} when the input is read, to send the summary of those beyond the sample.
 */
public final class IntakeHandler implements EnvelopeHandler {

    private final EventIntake intake;
    private static final CompletableFuture<Void> NOTHING_SENT = CompletableFuture.completedFuture(null);

    private final IngestSource source;
    private final IngestSource eventBridgeSource;
    private final String ref;
    private final Acks acks;
    private final ObjectReferences objects;
    private final InputDeadLetters deadLetters = new InputDeadLetters();
    private long events;

    /**
     * @param source            the ingest source of events found in this input
     * @param eventBridgeSource the ingest source of events found in an EventBridge envelope within it
     * @param ref               the input's reference (file, object key, message id) for {@code ingest.ref}
     * @param acks              where acknowledgements are collected
     * @param objects           what to do with a log file named by a notification
     */
    public IntakeHandler(EventIntake intake, IngestSource source, IngestSource eventBridgeSource, String ref, Acks acks,
                         ObjectReferences objects) {
        this.intake = intake;
        this.source = source;
        this.eventBridgeSource = eventBridgeSource;
        this.ref = ref;
        this.acks = acks;
        this.objects = objects;
    }

    /** CloudTrail events reported so far. */
    public long events() {
        return events;
    }

    @Override
    public void onEvent(JsonNode event, String envelopeAccount, String location) {
        events++;
        acks.add(intake.event(event, envelopeAccount, sourceOf(envelopeAccount, location), ref,
                location, this::sampled));
    }

    @Override
    public void onIrrelevantEvent(String eventTime, String location) {
        events++;
        intake.irrelevant(sourceOf(null, location), eventTime);
    }

    @Override
    public boolean wantsEventTime() {
        return source != IngestSource.FILE || eventBridgeSource != IngestSource.FILE; // files are not timed for delivery lag
    }

    @Override
    public void onPosture(Posture posture, String location) {
        String problem = intake.postureProblem(posture);
        if (problem != null) {
            onDeadLetter(DeadLetterReason.INVALID_EVENT, problem, null, location);
            return;
        }
        CompletableFuture<Void> sent = intake.posture(posture);
        if (EventIntake.refusedAsTooLarge(sent)) {
            onDeadLetter(DeadLetterReason.OVERSIZED, "a posture object larger than a Kafka record may be", null, location);
            return;
        }
        acks.add(sent);
    }

    @Override
    public void onObjectReference(S3ObjectRef object, String location) {
        objects.found(object, location);
    }

    @Override
    public void onSkipped(SkipReason reason, String location) {
        intake.skipped(reason, location);
    }

    @Override
    public void onDeadLetter(DeadLetterReason reason, String detail, String excerpt, String location) {
        acks.add(sampled(reason, detail, excerpt, location));
    }

    /** The input is read: sends the one dead letter that stands for those beyond the sample, if any. */
    public void finish() {
        long beyond = deadLetters.beyondSample();
        if (beyond > 0) {
            acks.add(intake.deadLetterSummary(source, deadLetters.mainReason(), deadLetters.summary(), ref, beyond));
        }
    }

    private CompletableFuture<Void> sampled(DeadLetterReason reason, String detail, String excerpt, String location) {
        if (deadLetters.admit(reason)) {
            return intake.deadLetter(source, reason, detail, excerpt, location);
        }
        intake.countDeadLetter(reason);
        return NOTHING_SENT;
    }

    /** The source to count an event under: where both are the same (files), nothing to look for in the location. */
    private IngestSource sourceOf(String envelopeAccount, String location) {
        if (eventBridgeSource == source) {
            return source;
        }
        return envelopeAccount != null || location.contains("#eventbridge=") ? eventBridgeSource : source;
    }

    /** A CloudTrail log file named by a notification. */
    @FunctionalInterface
    public interface ObjectReferences {
        void found(S3ObjectRef object, String location);
    }
}
