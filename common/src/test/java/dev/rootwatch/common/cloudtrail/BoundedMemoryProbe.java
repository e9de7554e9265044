package dev.rootwatch.common.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rootwatch.common.model.DeadLetterReason;
import dev.rootwatch.common.model.Posture;
import java.io.InputStream;
import java.util.List;

/**
 * Run in a JVM with a small heap by {@link EnvelopeReaderFuzzTest}: reads about 520 MB of hostile
 * input, generated as it is read, with the collector's reader, and prints what it found. An
 * out-of-memory error ends it with a non-zero status.
 */
public final class BoundedMemoryProbe {

    private BoundedMemoryProbe() {
    }

    static final String GOOD = "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"Root\",\"accountId\":\"111122223333\"},"
            + "\"eventTime\":\"2026-11-01T10:00:00Z\",\"eventSource\":\"signin.amazonaws.com\",\"eventName\":\"ConsoleLogin\","
            + "\"eventID\":\"good\",\"recipientAccountId\":\"111122223333\"}";

    public static void main(String[] args) throws Exception {
        EnvelopeReader reader = new EnvelopeReader(new InputLimits(Long.MAX_VALUE, 1 << 20),
                RecordPrefilter.holdingAnyOf(PrefilterEquivalenceTest.MARKERS));
        InputStream input = HostileStream.concat(List.of(
                // a record holding a 200 MB array of small tokens, then a good one
                HostileStream.of("{\"Records\":[{\"eventName\":\"x\",\"eventSource\":\"y\",\"t\":[", "1,", 100_000_000, "1]}," + GOOD + "]}\n"),
                // an unknown key whose value is a 200 MB array of empty objects, before the Records
                HostileStream.of("{\"unknown\":[", "{},", 66_000_000, "{}],\"Records\":[" + GOOD + "]}\n"),
                // a 100 MB string in a record
                HostileStream.of("{\"Records\":[{\"eventName\":\"x\",\"eventSource\":\"y\",\"s\":\"", "abcdefgh", 12_500_000, "\"}," + GOOD + "]}\n"),
                // a million-deep nesting, then a good event
                HostileStream.of("", "[", 1_000_000, ""),
                HostileStream.of("", "]", 1_000_000, "\n" + GOOD + "\n"),
                // a root array of two million numbers
                HostileStream.of("[", "12345678,", 2_000_000, "1]\n")));
        long[] counts = new long[2];
        reader.read(input, "probe", new EnvelopeHandler() {
            @Override
            public void onEvent(JsonNode event, String envelopeAccount, String location) {
                counts[0]++;
            }

            @Override
            public void onIrrelevantEvent(String eventTime, String location) {
                counts[0]++;
            }

            @Override
            public void onPosture(Posture posture, String location) {
                // none in this input
            }

            @Override
            public void onObjectReference(S3ObjectRef object, String location) {
                // none in this input
            }

            @Override
            public void onSkipped(SkipReason reason, String location) {
                // none in this input
            }

            @Override
            public void onDeadLetter(DeadLetterReason reason, String detail, String excerpt, String location) {
                counts[1]++;
            }
        });
        System.out.println("events=" + counts[0] + " deadLetters=" + counts[1] + " maxHeapMiB="
                + Runtime.getRuntime().maxMemory() / (1 << 20));
    }
}
