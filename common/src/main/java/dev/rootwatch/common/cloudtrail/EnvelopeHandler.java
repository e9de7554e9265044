package dev.rootwatch.common.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rootwatch.common.model.DeadLetterReason;
import dev.rootwatch.common.model.Posture;

/** What {@link EnvelopeReader} found in an input, one call per item, in input order. */
public interface EnvelopeHandler {

    /**
     * One CloudTrail event, unwrapped from whatever carried it.
     *
     * @param event           the CloudTrail event object
     * @param envelopeAccount the account named by the envelope (EventBridge {@code account}), or null
     * @param location        where in the input it was (for dead letters and logs)
     */
    void onEvent(JsonNode event, String envelopeAccount, String location);

    /**
     * A CloudTrail event of a log file that the reader's {@link RecordPrefilter} proved of no
     * interest, reported without being parsed (only readers given a prefilter call this).
     *
     * @param eventTime its top-level {@code eventTime} text, or null when it has none
     * @param location  where in the input the log file containing it was
     */
    void onIrrelevantEvent(String eventTime, String location);

    /** Whether {@link #onIrrelevantEvent} needs the eventTime (to measure delivery lag); null is passed when not. */
    default boolean wantsEventTime() {
        return true;
    }

    /** A {@code rootwatch.posture/v1} object (replay input). */
    void onPosture(Posture posture, String location);

    /** A CloudTrail log file named by a notification. */
    void onObjectReference(S3ObjectRef object, String location);

    /** Something expected that carries no event. */
    void onSkipped(SkipReason reason, String location);

    /** Something that could not be read. {@code excerpt} is the start of the content where known, else null. */
    void onDeadLetter(DeadLetterReason reason, String detail, String excerpt, String location);
}
