package dev.rootwatch.common.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rootwatch.common.model.DeadLetterReason;
import dev.rootwatch.common.model.Posture;
import java.util.ArrayList;
import java.util.List;

/** Keeps everything an {@link EnvelopeReader} reports, in order, for assertions. */
public class RecordingHandler implements EnvelopeHandler {

    public record Event(JsonNode event, String envelopeAccount, String location) {
    }

    public record Dead(DeadLetterReason reason, String detail, String excerpt, String location) {
    }

    public final List<Event> events = new ArrayList<>();
    public final List<Posture> postures = new ArrayList<>();
    public final List<S3ObjectRef> objects = new ArrayList<>();
    public final List<SkipReason> skipped = new ArrayList<>();
    public final List<Dead> dead = new ArrayList<>();
    /** The eventTime of each event reported as of no interest without being parsed. */
    public final List<String> irrelevant = new ArrayList<>();
    /** Every call, in order, as one line each. */
    public final List<String> calls = new ArrayList<>();

    @Override
    public void onEvent(JsonNode event, String envelopeAccount, String location) {
        events.add(new Event(event, envelopeAccount, location));
        calls.add("event " + location + " " + envelopeAccount + " " + event);
    }

    @Override
    public void onIrrelevantEvent(String eventTime, String location) {
        irrelevant.add(eventTime);
        calls.add("irrelevant " + eventTime);
    }

    @Override
    public void onPosture(Posture posture, String location) {
        postures.add(posture);
        calls.add("posture " + location + " " + posture);
    }

    @Override
    public void onObjectReference(S3ObjectRef object, String location) {
        objects.add(object);
        calls.add("object " + location + " " + object);
    }

    @Override
    public void onSkipped(SkipReason reason, String location) {
        skipped.add(reason);
        calls.add("skipped " + location + " " + reason);
    }

    @Override
    public void onDeadLetter(DeadLetterReason reason, String detail, String excerpt, String location) {
        dead.add(new Dead(reason, detail, excerpt, location));
        calls.add("dead " + location + " " + reason + " " + detail + " " + excerpt);
    }

    public List<String> eventIds() {
        return events.stream().map(e -> e.event().path("eventID").asText()).toList();
    }
}
