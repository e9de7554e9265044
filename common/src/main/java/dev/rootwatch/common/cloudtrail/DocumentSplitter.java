package dev.rootwatch.common.cloudtrail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Finds where each value of a JSON input begins and ends, at the byte level, building nothing:
 * the root values of a document or of a sequence of documents, and the elements of a root array
 * or of a root object's {@code Records} / {@code Events} array, each handed over on its own as at
 * most {@code maxValueBytes} bytes for the exact parser to read. Memory stays bounded whatever the
 * input: a larger value is measured and skipped, never held, and nothing is nested on a stack.
 *
 * <p>It tolerates damage, so that what is around it is still read: it does not validate (the
 * exact parser does, value by value), it only follows strings and brackets. A value that breaks
 * costs that value; bytes at the root that start no JSON value are reported once and skipped to
 * the next line that starts an object or an array; an input that ends inside a value reports that
 * value as cut short. A failure of the input stream itself is thrown, after every value that came
 * before it.
 */
final class DocumentSplitter {

    /** Bytes of a value quoted in a dead letter. */
    static final int EXCERPT = 256;
    private static final int BUFFER = 64 * 1024;
    /** An escaped {@code Records} is at most 42 bytes; longer keys are not compared. */
    private static final int MAX_KEY = 64;
    private static final byte[] RECORDS = "Records".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENTS = "Events".getBytes(StandardCharsets.US_ASCII);
    private static final JsonFactory PLAIN = new JsonFactory();

    /** What the splitter found, in input order. */
    interface Values {
        /** A root value that is not a streamed envelope: an object (whole), or a scalar. */
        void root(Value value);

        /** An element of a root array ({@code arrayName} null) or of an envelope's streamed array. */
        void element(String arrayName, Value value);

        /** Bytes at the root that start no JSON value; everything up to the next line starting an object or array was skipped. */
        void notJson(String detail, String excerpt, String location);

        /** The input ended before an array or object holding streamed values was closed (its values were all reported). */
        void unclosed(String detail, String location);
    }

    /** One value, valid until the callback that received it returns. */
    static final class Value {
        private byte[] bytes = new byte[256];
        private int length;
        private long size;
        private boolean overflow;
        private boolean cutShort;
        private String location;
        private int index;

        /** The value's bytes, {@code [0, length())}; incomplete when {@link #overflow()}. */
        byte[] bytes() {
            return bytes;
        }

        int length() {
            return length;
        }

        /** The value's whole size in bytes, also when it was too large to hold. */
        long size() {
            return size;
        }

        /** Larger than the bound: only its size is known. */
        boolean overflow() {
            return overflow;
        }

        /** The input ended inside it. */
        boolean cutShort() {
            return cutShort;
        }

        String location() {
            return location;
        }

        /** Its position among the root values of its line (JSON Lines) or input. */
        int index() {
            return index;
        }

        int firstByte() {
            return length == 0 ? -1 : bytes[0] & 0xFF;
        }

        String excerpt() {
            return new String(bytes, 0, Math.min(length, EXCERPT), StandardCharsets.UTF_8);
        }
    }

    private final InputStream in;
    private final long maxValueBytes;
    private final String ref;
    private final boolean withLines;
    private final byte[] buf = new byte[BUFFER];
    private final Value value = new Value();
    private final byte[] key = new byte[MAX_KEY];
    private int pos;
    private int limit;
    private boolean eof;
    private long line;
    /** While a value is captured: where in {@code buf} the part not yet copied starts; -1 otherwise. */
    private int captureFrom = -1;

    /**
     * @param maxValueBytes the largest value handed over whole
     * @param ref           the input's reference, the start of every location
     * @param withLines     locations name the line of each root value ({@code ref#line=N}); otherwise they are {@code ref}
     * @param firstLine     the number of the input's first line
     */
    DocumentSplitter(InputStream in, long maxValueBytes, String ref, boolean withLines, long firstLine) {
        this.in = in;
        this.maxValueBytes = maxValueBytes;
        this.ref = ref;
        this.withLines = withLines;
        this.line = firstLine;
    }

    /** Reads the input to its end, reporting every value. */
    void split(Values values) throws IOException {
        skipByteOrderMark();
        int index = 0;
        while (true) {
            skipWhitespace();
            int c = peek();
            if (c < 0) {
                return;
            }
            String location = withLines ? ref + "#line=" + line : ref;
            if (c == '{') {
                rootObject(values, location, index);
            } else if (c == '[') {
                pos++;
                if (elements(values, null, location) == Ended.BETWEEN_VALUES) {
                    values.unclosed("the input ends before the array is closed", location);
                }
            } else if (startsScalar(c)) {
                capture(location, index);
                skipScalar();
                endCapture();
                if (plausibleScalar()) {
                    values.root(value);
                } else {
                    notJson(values, c, location, value.bytes(), value.length());
                }
            } else {
                notJson(values, c, location, value.bytes(), 0);
            }
            index++;
        }
    }

    /** A root object: handed over whole, unless it holds a Records or Events array, whose elements are streamed instead. */
    private void rootObject(Values values, String location, int index) throws IOException {
        capture(location, index);
        pos++; // {
        boolean streamed = false;
        boolean closed = false;
        boolean cutReported = false;
        while (!closed) {
            skipWhitespace();
            int c = peek();
            if (c < 0) {
                break;
            }
            if (c == '}') {
                pos++;
                closed = true;
            } else if (c == ',') {
                pos++;
            } else if (c != '"') {
                skipValue(); // not a key: the exact parser reports it
            } else {
                String arrayName = streamedKey(readKey());
                skipWhitespace();
                if (peek() != ':') {
                    continue;
                }
                pos++;
                skipWhitespace();
                if (arrayName != null && peek() == '[') {
                    // the envelope's other members are of no use once its array streams: stop holding them
                    captureFrom = -1;
                    streamed = true;
                    pos++;
                    cutReported |= elements(values, arrayName, location) == Ended.INSIDE_VALUE;
                } else {
                    skipValue();
                }
            }
        }
        if (streamed) {
            if (!closed && !cutReported) {
                values.unclosed("the input ends before the object holding the streamed array is closed", location);
            }
            return;
        }
        value.cutShort |= !closed;
        endCapture();
        values.root(value);
    }

    /** How reading an array ended. */
    private enum Ended { CLOSED, BETWEEN_VALUES, INSIDE_VALUE }

    /** The elements of an array whose '[' was consumed, up to and with its ']'. */
    private Ended elements(Values values, String arrayName, String location) throws IOException {
        int index = 0;
        while (true) {
            skipWhitespace();
            int c = peek();
            if (c < 0) {
                return Ended.BETWEEN_VALUES;
            }
            if (c == ']') {
                pos++;
                return Ended.CLOSED;
            }
            if (c == '}') {
                return Ended.CLOSED; // an object closes where the array should have: the enclosing object ends here
            }
            if (c == ',') {
                pos++;
                continue;
            }
            capture(location + "#record=" + index, 0);
            skipValue();
            endCapture();
            values.element(arrayName, value);
            if (value.cutShort) {
                return Ended.INSIDE_VALUE; // reported with the element
            }
            index++;
        }
    }

    /**
     * Whether the scalar just captured can be a JSON scalar: a string, or a literal or number made of
     * what those are made of. Anything else is text that is not JSON at all.
     */
    private boolean plausibleScalar() {
        if (value.firstByte() == '"' || value.overflow()) {
            return true;
        }
        String text = new String(value.bytes(), 0, value.length(), StandardCharsets.ISO_8859_1);
        return text.equals("true") || text.equals("false") || text.equals("null") || text.matches("-?[0-9][0-9.eE+-]*");
    }

    /**
     * Bytes at the root that start no JSON value ({@code prefix[0, prefixLength)} of them already
     * consumed): the rest of the line for the excerpt, then on to the next line that starts an
     * object or an array.
     */
    private void notJson(Values values, int first, String location, byte[] prefix, int prefixLength) throws IOException {
        byte[] excerpt = new byte[EXCERPT];
        int n = Math.min(prefixLength, EXCERPT);
        System.arraycopy(prefix, 0, excerpt, 0, n);
        int c;
        while ((c = peek()) >= 0 && c != '\n') {
            if (n < EXCERPT) {
                excerpt[n++] = (byte) c;
            }
            pos++;
        }
        values.notJson("not JSON: it starts with byte 0x" + Integer.toHexString(first) + " on line " + line
                        + "; skipped to the next line that starts a JSON object or array",
                new String(excerpt, 0, n, StandardCharsets.UTF_8), location);
        while ((c = peek()) >= 0) {
            if (c == '\n') {
                pos++;
                line++;
                skipInlineWhitespace();
                int next = peek();
                if (next == '{' || next == '[') {
                    return;
                }
            } else {
                pos++;
            }
        }
    }

    // ---- scanning ------------------------------------------------------------------------------------

    /** Skips one value of any kind: a string, a scalar, or an object or array up to its matching close. */
    private void skipValue() throws IOException {
        int c = peek();
        if (c == '"') {
            pos++;
            skipString();
            return;
        }
        if (c != '{' && c != '[') {
            skipScalar();
            return;
        }
        long depth = 0;
        while ((c = peek()) >= 0) {
            if (c == '"') {
                pos++;
                skipString();
                continue;
            }
            pos++;
            if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (--depth == 0) {
                    return;
                }
            } else if (c == '\n') {
                line++;
            }
        }
        value.cutShort = true;
    }

    /**
     * Past an opening quote: skips to after the closing quote. A raw line break, which JSON does
     * not allow in a string, ends it too (unconsumed), so one broken string cannot swallow the
     * lines after it.
     */
    private void skipString() throws IOException {
        while (true) {
            if (pos >= limit && !fill()) {
                value.cutShort = true;
                return;
            }
            pos = RecordsScanner.plainRun(buf, pos, limit);
            if (pos >= limit) {
                continue;
            }
            int c = buf[pos] & 0xFF;
            if (c == '"') {
                pos++;
                return;
            }
            if (c == '\n') {
                return;
            }
            pos++;
            if (c == '\\' && peek() >= 0 && buf[pos] != '\n') {
                pos++;
            }
        }
    }

    /**
     * A number, literal, or anything else that is not a string or a container: up to the next
     * delimiter. At least one byte is consumed, so a stray delimiter is a (broken) value of its own.
     */
    private void skipScalar() throws IOException {
        if (peek() == '"') {
            pos++;
            skipString();
            return;
        }
        boolean any = false;
        int c;
        while ((c = peek()) >= 0) {
            if (c == ',' || c == ']' || c == '}' || c == '{' || c == '[' || c == '"' || c == ':' || isWhitespace(c)) {
                if (!any) {
                    pos++;
                    line += c == '\n' ? 1 : 0;
                }
                return;
            }
            pos++;
            any = true;
        }
    }

    /** Past a key's opening quote: the key's raw bytes, as many as {@link #MAX_KEY}, and the key skipped. */
    private int readKey() throws IOException {
        pos++; // "
        int n = 0;
        int c;
        while ((c = peek()) >= 0 && c != '"' && c != '\n') {
            pos++;
            if (n < MAX_KEY) {
                key[n] = (byte) c;
            }
            n++;
            if (c == '\\' && peek() >= 0 && buf[pos] != '\n') {
                if (n < MAX_KEY) {
                    key[n] = buf[pos];
                }
                n++;
                pos++;
            }
        }
        if (c == '"') {
            pos++;
        }
        return n;
    }

    /** "Records" or "Events" when the key just read is one of them (escapes decoded), else null. */
    private String streamedKey(int length) {
        if (length > MAX_KEY) {
            return null;
        }
        byte[] raw = Arrays.copyOf(key, length);
        byte[] decoded = raw;
        if (contains(raw, (byte) '\\')) {
            String text = decode(raw);
            if (text == null) {
                return null;
            }
            decoded = text.getBytes(StandardCharsets.UTF_8);
        }
        if (Arrays.equals(decoded, RECORDS)) {
            return "Records";
        }
        return Arrays.equals(decoded, EVENTS) ? "Events" : null;
    }

    /** The text of a JSON string's raw content (escapes decoded), or null when it is not valid. */
    private static String decode(byte[] raw) {
        byte[] quoted = new byte[raw.length + 2];
        quoted[0] = '"';
        System.arraycopy(raw, 0, quoted, 1, raw.length);
        quoted[quoted.length - 1] = '"';
        try (JsonParser p = PLAIN.createParser(quoted)) {
            return p.nextToken() == JsonToken.VALUE_STRING ? p.getText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean contains(byte[] bytes, byte b) {
        for (byte x : bytes) {
            if (x == b) {
                return true;
            }
        }
        return false;
    }

    private void skipByteOrderMark() throws IOException {
        if (peek() == 0xEF && limit - pos >= 3 && (buf[pos + 1] & 0xFF) == 0xBB && (buf[pos + 2] & 0xFF) == 0xBF) {
            pos += 3;
        }
    }

    private void skipWhitespace() throws IOException {
        int c;
        while ((c = peek()) >= 0 && isWhitespace(c)) {
            if (c == '\n') {
                line++;
            }
            pos++;
        }
    }

    private void skipInlineWhitespace() throws IOException {
        int c;
        while ((c = peek()) == ' ' || c == '\t' || c == '\r') {
            pos++;
        }
    }

    private static boolean isWhitespace(int c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    private static boolean startsScalar(int c) {
        return c == '"' || c == '-' || c >= '0' && c <= '9' || c == 't' || c == 'f' || c == 'n';
    }

    // ---- buffer and capture --------------------------------------------------------------------------

    private int peek() throws IOException {
        if (pos >= limit && !fill()) {
            return -1;
        }
        return buf[pos] & 0xFF;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        if (captureFrom >= 0) {
            append(captureFrom, limit);
            captureFrom = 0;
        }
        while (true) {
            int n = in.read(buf, 0, buf.length);
            if (n < 0) {
                eof = true;
                pos = 0;
                limit = 0;
                return false;
            }
            if (n > 0) {
                pos = 0;
                limit = n;
                return true;
            }
        }
    }

    private void capture(String location, int index) {
        value.length = 0;
        value.size = 0;
        value.overflow = false;
        value.cutShort = false;
        value.location = location;
        value.index = index;
        captureFrom = pos;
    }

    private void endCapture() {
        if (captureFrom >= 0) {
            append(captureFrom, pos);
        }
        captureFrom = -1;
    }

    private void append(int from, int to) {
        int n = to - from;
        if (n <= 0) {
            return;
        }
        value.size += n;
        if (value.overflow || value.size > maxValueBytes) {
            value.overflow = true;
            return;
        }
        if (value.length + n > value.bytes.length) {
            long grown = Math.max((long) value.length + n, Math.min(maxValueBytes, 2L * value.bytes.length));
            value.bytes = Arrays.copyOf(value.bytes, (int) grown);
        }
        System.arraycopy(buf, from, value.bytes, value.length, n);
        value.length += n;
    }
}
