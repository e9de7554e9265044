package dev.rootwatch.common.cloudtrail;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;

/**
 * The strings a CloudTrail record must hold, as the exact value of some string, to be worth
 * parsing. The collector keeps a record only when its {@code userIdentity.type} is {@code Root}
 * or its {@code eventName} is one of a few calls, so a record in which no string value equals
 * one of those words cannot be kept, whatever its field order; {@link EnvelopeReader} proves
 * that on the raw bytes and reports such records without building them.
 *
 * <p>Markers are letters and digits only: a JSON escape other than backslash-u always decodes to
 * a character outside that set, so only strings holding a backslash-u escape need decoding to be
 * compared, and the reader parses those records exactly.
 */
public final class RecordPrefilter {

    private static final int MAX_MARKER_LENGTH = 63;

    /** Bit n set: some marker is n bytes long; most strings are ruled out by their length alone. */
    private final long lengths;
    /**
     * The markers by length: a string is compared only with the markers of its own length, and first by
     * its last byte, so that the cost per string stays flat however many calls the rule names.
     */
    private final byte[][][] byLength;

    private RecordPrefilter(List<byte[]> markers, long lengths) {
        this.lengths = lengths;
        this.byLength = new byte[MAX_MARKER_LENGTH + 1][][];
        for (int n = 1; n <= MAX_MARKER_LENGTH; n++) {
            int length = n;
            byte[][] same = markers.stream().filter(m -> m.length == length).toArray(byte[][]::new);
            byLength[n] = same.length == 0 ? null : same;
        }
    }

    /** A prefilter that lets through every record holding a string value exactly equal to one of {@code markers}. */
    public static RecordPrefilter holdingAnyOf(Collection<String> markers) {
        if (markers.isEmpty()) {
            throw new IllegalArgumentException("a prefilter needs at least one marker");
        }
        long lengths = 0;
        List<byte[]> bytes = new java.util.ArrayList<>();
        for (String marker : markers) {
            if (marker.isEmpty() || marker.length() > MAX_MARKER_LENGTH || !marker.chars().allMatch(RecordPrefilter::isLetterOrDigit)) {
                throw new IllegalArgumentException("a marker is 1 to " + MAX_MARKER_LENGTH + " ASCII letters or digits: " + marker);
            }
            bytes.add(marker.getBytes(StandardCharsets.US_ASCII));
            lengths |= 1L << marker.length();
        }
        return new RecordPrefilter(List.copyOf(bytes), lengths);
    }

    /** Whether the plain (unescaped ASCII) string {@code b[from, from+length)} is a marker. */
    boolean isMarker(byte[] b, int from, int length) {
        if (length > MAX_MARKER_LENGTH || (lengths >>> length & 1) == 0) {
            return false;
        }
        byte last = b[from + length - 1];
        for (byte[] marker : byLength[length]) {
            if (marker[length - 1] == last && sameBytes(b, from, marker)) {
                return true;
            }
        }
        return false;
    }

    /** Markers are short: a plain loop beats a range comparison's checks. */
    static boolean sameBytes(byte[] b, int from, byte[] word) {
        for (int k = 0; k < word.length; k++) {
            if (b[from + k] != word[k]) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code value} is a marker (for tests and the reference check). */
    public boolean isMarker(String value) {
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        return isMarker(b, 0, b.length);
    }

    private static boolean isLetterOrDigit(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }
}
