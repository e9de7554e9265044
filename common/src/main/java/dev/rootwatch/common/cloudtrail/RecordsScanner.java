package dev.rootwatch.common.cloudtrail;

import dev.rootwatch.common.json.Json;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One pass over the raw bytes of a CloudTrail log file held in memory, {@code {"Records":[...]}},
 * that tells which records need parsing and which provably do not: a record is skipped only when
 * it is valid JSON as the exact parser reads it (no duplicate keys, within its limits), plain
 * ASCII, a CloudTrail event by its top-level keys and free of every marker of the
 * {@link RecordPrefilter}. Everything else about a record makes it a candidate, parsed exactly.
 *
 * <p>Anything the pass does not fully understand about the document (another shape, a syntax
 * error, a limit reached) makes it give up, and the exact parser reads the whole document: the
 * pass may only ever make reading faster, never different.
 *
 * <p>String contents, most of a CloudTrail file, are skipped eight bytes at a time.
 */
final class RecordsScanner {

    /** Deepest nesting inside a record the pass follows; the exact parser allows more and reads those. */
    static final int MAX_DEPTH = 64;
    /** Keys per object whose uniqueness the pass checks; an object with more is left to the exact parser. */
    static final int MAX_KEYS = 48;
    /** Nesting down to which the pass checks keys are unique; deeper objects are left to the exact parser. */
    static final int MAX_KEYED_DEPTH = 16;
    static final int MAX_KEY_LENGTH = 1_000;
    static final int MAX_NUMBER_LENGTH = 100;
    static final int MAX_STRING_LENGTH = 1 << 20;
    /**
     * Tokens (as the exact parser counts them) a record may hold for the pass to take it; near
     * {@link Json#MAX_RECORD_TOKENS}, where the exact parser refuses a record, it leaves the document to that parser.
     */
    static final long MAX_TOKENS = Json.MAX_RECORD_TOKENS - 64;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long SPACES = 0x2020202020202020L;

    private static final int PLAIN = 0;
    private static final int ESCAPED = 1;
    private static final int UNICODE = 2;
    private static final int NON_ASCII = 4;

    private static final int OTHER_KEY = 0;
    private static final int EVENT_NAME = 1;
    private static final int EVENT_SOURCE = 2;
    private static final int EVENT_TIME = 4;
    /** A top-level key that makes the record something else than a plain CloudTrail event (an S3 notification, an envelope ...). */
    private static final int ENVELOPE_KEY = 8;

    private static final byte[] RECORDS = ascii("Records");
    private static final byte[][] ENVELOPE_KEYS = {
            ascii("s3"), ascii("body"), ascii("Sns"), ascii("Records"), ascii("detail"), ascii("schema"),
            ascii("digestStartTime"), ascii("digestS3Object"), ascii("digestPublicKeyFingerprint"), ascii("Event"),
            ascii("Type"), ascii("s3Bucket"), ascii("CloudTrailEvent")};
    private static final long ENVELOPE_LENGTHS = lengths(ENVELOPE_KEYS);
    private static final byte[] EVENT_NAME_KEY = ascii("eventName");
    private static final byte[] EVENT_SOURCE_KEY = ascii("eventSource");
    private static final byte[] EVENT_TIME_KEY = ascii("eventTime");

    /** Thrown to give the document up; carries no stack, it is control flow. */
    private static final class GiveUp extends RuntimeException {
        private static final GiveUp INSTANCE = new GiveUp();

        private GiveUp() {
            super(null, null, false, false);
        }
    }

    /** The records of a document, in order. */
    static final class Scan {
        private int count;
        private int[] starts = new int[256];
        private int[] ends = new int[256];
        private int[] timeStarts = new int[256];
        private int[] timeLengths = new int[256];
        private boolean[] candidates = new boolean[256];

        int count() {
            return count;
        }

        int start(int record) {
            return starts[record];
        }

        int end(int record) {
            return ends[record];
        }

        /** Whether the record must be parsed exactly; otherwise it is a CloudTrail event the prefilter rules out. */
        boolean candidate(int record) {
            return candidates[record];
        }

        /** The skipped record's top-level {@code eventTime} string, or null when it has none. */
        String eventTime(byte[] b, int record) {
            return timeStarts[record] < 0 ? null : new String(b, timeStarts[record], timeLengths[record], StandardCharsets.ISO_8859_1);
        }

        private void add(int start, int end, boolean candidate, int timeStart, int timeLength) {
            if (count == starts.length) {
                int n = count * 2;
                starts = Arrays.copyOf(starts, n);
                ends = Arrays.copyOf(ends, n);
                timeStarts = Arrays.copyOf(timeStarts, n);
                timeLengths = Arrays.copyOf(timeLengths, n);
                candidates = Arrays.copyOf(candidates, n);
            }
            starts[count] = start;
            ends[count] = end;
            candidates[count] = candidate;
            timeStarts[count] = timeStart;
            timeLengths[count] = timeLength;
            count++;
        }
    }

    private final byte[] b;
    private final int end;
    private final long maxRecordBytes;
    private final RecordPrefilter prefilter;
    private final int[] keyStarts = new int[(MAX_KEYED_DEPTH + 1) * MAX_KEYS];
    private final int[] keyLengths = new int[(MAX_KEYED_DEPTH + 1) * MAX_KEYS];
    private int i;

    // what the current record showed so far
    private boolean candidate;
    private int topKeys;
    private long tokens;
    private int timeStart;
    private int timeLength;

    private RecordsScanner(byte[] b, int from, int to, long maxRecordBytes, RecordPrefilter prefilter) {
        this.b = b;
        this.i = from;
        this.end = to;
        this.maxRecordBytes = maxRecordBytes;
        this.prefilter = prefilter;
    }

    /**
     * The records of the log file in {@code b[from, to)}, or null when the document is not a
     * plain {@code {"Records":[...]}} object the pass fully understands.
     */
    static Scan scan(byte[] b, int from, int to, long maxRecordBytes, RecordPrefilter prefilter) {
        if (!opensRecords(b, from, to)) {
            return null; // decided without allocating anything: most JSON lines and all text are no log file
        }
        try {
            return new RecordsScanner(b, from, to, maxRecordBytes, prefilter).document();
        } catch (GiveUp | ArrayIndexOutOfBoundsException e) {
            return null;
        }
    }

    /** Whether {@code b[from, to)} begins as a log file does: {@code {"Records"}, whitespace allowed. */
    private static boolean opensRecords(byte[] b, int from, int to) {
        int i = skip(b, from, to);
        if (i >= to || b[i] != '{') {
            return false;
        }
        i = skip(b, i + 1, to);
        return i + RECORDS.length + 2 <= to && b[i] == '"' && Arrays.equals(b, i + 1, i + 1 + RECORDS.length, RECORDS, 0, RECORDS.length)
                && b[i + 1 + RECORDS.length] == '"';
    }

    private static int skip(byte[] b, int i, int to) {
        while (i < to && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
            i++;
        }
        return i;
    }

    private Scan document() {
        Scan scan = new Scan();
        whitespace();
        expect('{');
        whitespace();
        expect('"');
        int keyStart = i;
        if (string() != PLAIN || i - 1 - keyStart != RECORDS.length || !Arrays.equals(b, keyStart, i - 1, RECORDS, 0, RECORDS.length)) {
            throw GiveUp.INSTANCE; // some other document, or a log file with more than its Records: the exact parser knows them
        }
        whitespace();
        expect(':');
        whitespace();
        expect('[');
        whitespace();
        if (peek() == ']') {
            i++;
        } else {
            while (true) {
                record(scan);
                whitespace();
                int c = next();
                if (c == ']') {
                    break;
                }
                if (c != ',') {
                    throw GiveUp.INSTANCE;
                }
                whitespace();
            }
        }
        whitespace();
        expect('}');
        whitespace();
        if (i != end) {
            throw GiveUp.INSTANCE;
        }
        return scan;
    }

    private void record(Scan scan) {
        int start = i;
        if (peek() != '{') {
            throw GiveUp.INSTANCE;
        }
        candidate = false;
        topKeys = 0;
        tokens = 0;
        timeStart = -1;
        timeLength = 0;
        object(1);
        if (i - start > maxRecordBytes || tokens > MAX_TOKENS) {
            throw GiveUp.INSTANCE;
        }
        boolean plainEvent = (topKeys & (EVENT_NAME | EVENT_SOURCE)) == (EVENT_NAME | EVENT_SOURCE) && (topKeys & ENVELOPE_KEY) == 0;
        boolean isCandidate = candidate || !plainEvent;
        scan.add(start, i, isCandidate, isCandidate ? -1 : timeStart, timeLength);
    }

    private void object(int depth) {
        if (depth > MAX_DEPTH) {
            throw GiveUp.INSTANCE;
        }
        tokens += 2; // its start and its end
        i++; // {
        skipWhitespace();
        if (peek() == '}') {
            i++;
            return;
        }
        int keys = 0;
        int base = depth * MAX_KEYS;
        if (depth > MAX_KEYED_DEPTH) {
            candidate = true;
            keys = MAX_KEYS; // keys this deep are not tracked: the exact parser checks them
            base = 0;
        }
        // a 128-bit sketch of the keys seen: a key whose bit is clear cannot be a repeat, no comparison needed
        long seenLow = 0;
        long seenHigh = 0;
        while (true) {
            expect('"');
            tokens++;
            int keyStart = i;
            int kind = string();
            int keyLength = i - 1 - keyStart;
            if (keyLength > MAX_KEY_LENGTH) {
                throw GiveUp.INSTANCE;
            }
            int key = OTHER_KEY;
            if (kind != PLAIN || keys == MAX_KEYS) {
                candidate = true; // the exact parser decodes the key and checks it is not given twice
            } else {
                int bit = keyBit(keyStart, keyLength);
                long mask = 1L << bit;
                if (bit < 64 ? (seenLow & mask) != 0 : (seenHigh & mask) != 0) {
                    checkUnique(base, keys, keyStart, keyLength);
                }
                if (bit < 64) {
                    seenLow |= mask;
                } else {
                    seenHigh |= mask;
                }
                keyStarts[base + keys] = keyStart;
                keyLengths[base + keys] = keyLength;
                keys++;
                if (depth == 1) {
                    key = topKey(keyStart, keyLength);
                    topKeys |= key;
                }
            }
            skipWhitespace();
            expect(':');
            skipWhitespace();
            value(depth, key);
            skipWhitespace();
            int c = next();
            if (c == ',') {
                skipWhitespace();
                continue;
            }
            if (c == '}') {
                return;
            }
            throw GiveUp.INSTANCE;
        }
    }

    private void array(int depth) {
        if (depth > MAX_DEPTH) {
            throw GiveUp.INSTANCE;
        }
        tokens += 2;
        i++; // [
        skipWhitespace();
        if (peek() == ']') {
            i++;
            return;
        }
        while (true) {
            value(depth, OTHER_KEY);
            skipWhitespace();
            int c = next();
            if (c == ',') {
                skipWhitespace();
                continue;
            }
            if (c == ']') {
                return;
            }
            throw GiveUp.INSTANCE;
        }
    }

    private void value(int depth, int key) {
        int c = peek();
        if (c != '{' && c != '[') {
            tokens++;
        }
        switch (c) {
            case '"' -> {
                i++;
                int start = i;
                int kind = string();
                int length = i - 1 - start;
                if (kind == PLAIN) {
                    if (prefilter.isMarker(b, start, length)) {
                        candidate = true;
                    }
                } else if ((kind & (UNICODE | NON_ASCII)) != 0) {
                    candidate = true; // a backslash-u escape could spell a marker; other bytes are for the exact parser to validate
                }
                if (key == EVENT_TIME) {
                    if (kind != PLAIN) {
                        candidate = true;
                    }
                    timeStart = start;
                    timeLength = length;
                }
                return;
            }
            case '{' -> object(depth + 1);
            case '[' -> array(depth + 1);
            case 't' -> literal('t', 'r', 'u', 'e');
            case 'f' -> {
                literal('f', 'a', 'l', 's');
                expect('e');
            }
            case 'n' -> literal('n', 'u', 'l', 'l');
            default -> {
                if (c == '-' || c >= '0' && c <= '9') {
                    number();
                } else {
                    throw GiveUp.INSTANCE;
                }
            }
        }
        if (key == EVENT_TIME) {
            timeStart = -1; // an eventTime that is not a string: the event simply has no usable time
        }
    }

    /** Past the opening quote: skips to after the closing quote and says what the string held. */
    private int string() {
        int start = i;
        int kind = PLAIN;
        while (true) {
            i = plainRun(b, i, end);
            if (i >= end) {
                throw GiveUp.INSTANCE;
            }
            int c = b[i] & 0xFF;
            if (c == '"') {
                i++;
                if (i - start > MAX_STRING_LENGTH) {
                    throw GiveUp.INSTANCE;
                }
                return kind;
            }
            if (c == '\\') {
                int e = b[i + 1];
                if (e == 'u') {
                    for (int k = 2; k < 6; k++) {
                        if (!isHex(b[i + k])) {
                            throw GiveUp.INSTANCE;
                        }
                    }
                    kind |= UNICODE;
                    i += 6;
                } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
                    kind |= ESCAPED;
                    i += 2;
                } else {
                    throw GiveUp.INSTANCE;
                }
            } else if (c < 0x20) {
                throw GiveUp.INSTANCE; // a raw control character: invalid JSON
            } else {
                kind |= NON_ASCII;
                i++;
            }
        }
    }

    /**
     * The index of the first byte at or after {@code i} that ends a run of plain string bytes:
     * a quote, a backslash, a control character or a non-ASCII byte. Eight bytes per step: in each
     * test the lowest flagged byte is exact (a borrow only ever flags bytes above a true hit).
     */
    static int plainRun(byte[] b, int i, int end) {
        while (i + 8 <= end) {
            long x = (long) LONGS.get(b, i);
            long quote = x ^ QUOTES;
            long backslash = x ^ BACKSLASHES;
            long hits = ((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | ((x - SPACES) & ~x) | x;
            hits &= HIGHS;
            if (hits != 0) {
                return i + (Long.numberOfTrailingZeros(hits) >>> 3);
            }
            i += 8;
        }
        while (i < end) {
            int c = b[i] & 0xFF;
            if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) {
                return i;
            }
            i++;
        }
        return end;
    }

    private void number() {
        int start = i;
        if (b[i] == '-') {
            i++;
        }
        int c = peek();
        if (c == '0') {
            i++;
        } else if (c >= '1' && c <= '9') {
            digits();
        } else {
            throw GiveUp.INSTANCE;
        }
        if (i < end && b[i] == '.') {
            i++;
            requireDigit();
            digits();
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            candidate = true; // exponents are rare in CloudTrail; the exact parser reads them
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            requireDigit();
            digits();
        }
        if (i - start > MAX_NUMBER_LENGTH) {
            throw GiveUp.INSTANCE;
        }
    }

    private void requireDigit() {
        int c = peek();
        if (c < '0' || c > '9') {
            throw GiveUp.INSTANCE;
        }
    }

    private void digits() {
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
    }

    private void literal(char c0, char c1, char c2, char c3) {
        if (i + 4 > end || b[i] != c0 || b[i + 1] != c1 || b[i + 2] != c2 || b[i + 3] != c3) {
            throw GiveUp.INSTANCE;
        }
        i += 4;
    }

    /** A key given twice in one object is refused by the exact parser; the pass gives the document to it. */
    private void checkUnique(int base, int keys, int start, int length) {
        for (int k = base; k < base + keys; k++) {
            if (keyLengths[k] == length && Arrays.equals(b, keyStarts[k], keyStarts[k] + length, b, start, start + length)) {
                throw GiveUp.INSTANCE;
            }
        }
    }

    /** Where a key falls in an object's 128-bit sketch: from its length and its first and last bytes. */
    private int keyBit(int start, int length) {
        int h = length * 0x9E3779B1;
        if (length >= 4) {
            h += (int) INTS.get(b, start) * 0x85EBCA6B + (int) INTS.get(b, start + length - 4) * 0xC2B2AE35;
        } else {
            for (int k = start; k < start + length; k++) {
                h = h * 31 + b[k];
            }
            h *= 0x85EBCA6B;
        }
        return (h ^ h >>> 15) >>> 25;
    }

    private int topKey(int start, int length) {
        switch (length) {
            case 9 -> {
                if (equalsKey(start, length, EVENT_NAME_KEY)) {
                    return EVENT_NAME;
                }
                if (equalsKey(start, length, EVENT_TIME_KEY)) {
                    return EVENT_TIME;
                }
                return OTHER_KEY;
            }
            case 11 -> {
                return equalsKey(start, length, EVENT_SOURCE_KEY) ? EVENT_SOURCE : OTHER_KEY;
            }
            default -> {
                if (length > 26 || (ENVELOPE_LENGTHS >>> length & 1) == 0) {
                    return OTHER_KEY;
                }
                for (byte[] envelope : ENVELOPE_KEYS) {
                    if (equalsKey(start, length, envelope)) {
                        return ENVELOPE_KEY;
                    }
                }
                return OTHER_KEY;
            }
        }
    }

    private boolean equalsKey(int start, int length, byte[] key) {
        return key.length == length && RecordPrefilter.sameBytes(b, start, key);
    }

    /** Skips JSON whitespace; most of the time there is none, and one comparison says so. */
    private void skipWhitespace() {
        if (i < end && b[i] > ' ') {
            return;
        }
        whitespace();
    }

    private void whitespace() {
        while (i < end) {
            byte c = b[i];
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                i++;
            } else {
                return;
            }
        }
    }

    private int peek() {
        if (i >= end) {
            throw GiveUp.INSTANCE;
        }
        return b[i];
    }

    private int next() {
        if (i >= end) {
            throw GiveUp.INSTANCE;
        }
        return b[i++];
    }

    private void expect(char c) {
        if (next() != c) {
            throw GiveUp.INSTANCE;
        }
    }

    private static boolean isHex(byte c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static long lengths(byte[][] keys) {
        long lengths = 0;
        for (byte[] key : keys) {
            lengths |= 1L << key.length;
        }
        return lengths;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
