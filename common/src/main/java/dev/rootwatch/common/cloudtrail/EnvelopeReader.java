package dev.rootwatch.common.cloudtrail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rootwatch.common.json.Json;
import dev.rootwatch.common.model.DeadLetterReason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads every CloudTrail event out of one input, whatever it is: a CloudTrail log file
 * ({@code {"Records":[...]}}), a single event, an EventBridge event, a LookupEvents answer or
 * element, SNS and S3 notifications, posture objects, a JSON array of those, or JSON Lines of
 * those. Digest files and S3 test events are reported as skipped.
 *
 * <p>Whatever the input holds, memory stays bounded and one bad value costs that value only.
 * Documents are split at the byte level ({@link DocumentSplitter}) into their records, each read
 * on its own by the exact parser within {@code maxRecordBytes} and {@link Json#MAX_RECORD_TOKENS}:
 * a record that is too large is measured and skipped, never built; a record that does not parse
 * (a syntax error, a key given twice) is a dead letter and the next record is still read. JSON
 * Lines are read line by line: one broken line is one dead letter. An input is JSON Lines when
 * its first non-blank line is a complete JSON value, or when its first line is not and its
 * second is (the broken first line is then a dead letter of its own); otherwise it is one
 * (possibly pretty-printed) JSON document or a sequence of them.
 */
public final class EnvelopeReader {

    private static final int EXCERPT = DocumentSplitter.EXCERPT;
    private static final int BUFFER = 64 * 1024;
    private static final long PROBE_LIMIT = 1 << 20;

    private final InputLimits limits;
    private final RecordPrefilter prefilter;
    private final ObjectMapper mapper = Json.recordMapper();
    private final JsonFactory factory = mapper.getFactory();
    /** Reads a JSON string's content: one value, nothing after it (a second value would go unread). */
    private final ObjectReader oneValue = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** Tells complete lines from broken ones by syntax alone: a key given twice is the record's problem, not the line's. */
    private final JsonFactory syntax = JsonFactory.builder().streamReadConstraints(Json.limits())
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();

    /** A reader that parses every record exactly (the reference). */
    public EnvelopeReader(InputLimits limits) {
        this(limits, null);
    }

    /**
     * A reader that reports the records of log files that {@code prefilter} rules out through
     * {@link EnvelopeHandler#onIrrelevantEvent} without parsing them, and everything else exactly
     * as the reference does; null parses every record.
     */
    public EnvelopeReader(InputLimits limits, RecordPrefilter prefilter) {
        this.limits = limits;
        this.prefilter = prefilter;
    }

    /**
     * Reads {@code in} (already decompressed) to its end, reporting each item to {@code handler}.
     * Broken content is reported as dead letters; only I/O failures of the stream itself (a
     * truncated gzip, an oversized input) are thrown, after everything before them was reported.
     */
    public void read(InputStream in, String ref, EnvelopeHandler handler) throws IOException {
        if (prefilter == null) {
            readLines(in, ref, handler);
            return;
        }
        // a log file that fits in memory is read by the byte-level pass; anything else, and every
        // failure of the input, goes to the exact parser, which reports what it would have reported anyway
        if (DocumentBuffer.knownTooLarge(in)) {
            readLines(in, ref, handler); // held up to the bound first, it would be streamed all the same
            return;
        }
        try (DocumentBuffer doc = DocumentBuffer.read(in)) {
            if (doc.complete() && doc.damage() == null
                    && readLogFile(doc.bytes(), 0, doc.length(), ref + "#line=" + doc.firstLineNumber(), handler)) {
                return;
            }
            readLines(doc.complete() || doc.damage() != null ? doc.replay() : new SequenceInputStream(doc.replay(), in), ref, handler);
        }
    }

    private void readLines(InputStream in, String ref, EnvelopeHandler handler) throws IOException {
        LineReader lines = new LineReader(in);
        // the first line decides JSON Lines or not; one longer than PROBE_LIMIT is a log file's single line
        Line first = lines.nextNonBlank(Math.min(PROBE_LIMIT, limits.maxRecordBytes()));
        if (first == null) {
            handler.onSkipped(SkipReason.EMPTY, ref);
            return;
        }
        if (first.damage() != null) {
            // the input broke inside its first line: report the records that came before, then the damage
            streamDocuments(new SequenceInputStream(new ByteArrayInputStream(first.bytes()), DocumentBuffer.failing(first.damage())), ref,
                    first.number(), handler);
            throw first.damage();
        }
        if (first.overflow()) {
            streamDocuments(new SequenceInputStream(new ByteArrayInputStream(first.bytes()), lines.rest()),
                    ref, first.number(), handler);
            return;
        }
        Probe firstProbe = probe(first.bytes());
        if (firstProbe == Probe.COMPLETE) {
            handleLine(first, ref, handler);
            readJsonLines(lines, ref, handler);
            return;
        }
        // a broken first line: JSON Lines if the next line is a complete object that cannot continue it, else the start
        // of a (pretty-printed) document
        Line second = lines.nextNonBlank(Math.min(PROBE_LIMIT, limits.maxRecordBytes()));
        if (second != null && second.damage() == null && !second.overflow() && startsJsonLines(firstProbe, first, second)) {
            brokenLine(first, ref, handler);
            handleLine(second, ref, handler);
            readJsonLines(lines, ref, handler);
            return;
        }
        InputStream document = new ByteArrayInputStream(withNewline(first.bytes()));
        if (second != null) {
            // the blank lines between the two are gone; only line numbers after them shift
            byte[] secondBytes = second.overflow() || second.damage() != null ? second.bytes() : withNewline(second.bytes());
            InputStream rest = second.damage() != null ? DocumentBuffer.failing(second.damage()) : lines.rest();
            document = new SequenceInputStream(document, new SequenceInputStream(new ByteArrayInputStream(secondBytes), rest));
        }
        streamDocuments(document, ref, first.number(), handler);
        if (second != null && second.damage() != null) {
            throw second.damage();
        }
    }

    /** Reads a JSON value held in a string (an SNS Message, an SQS body), reporting its items. */
    public void readString(String json, String location, String envelopeAccount, EnvelopeHandler handler) {
        new Classifier(handler, envelopeAccount).classifyText(json, location, 0);
    }

    private void readJsonLines(LineReader lines, String ref, EnvelopeHandler handler) throws IOException {
        Line line;
        while ((line = lines.nextNonBlank(limits.maxRecordBytes())) != null) {
            if (line.damage() != null) {
                throw line.damage();
            }
            if (line.overflow()) {
                lines.skipRestOfLine();
                handler.onDeadLetter(DeadLetterReason.OVERSIZED, "line longer than " + limits.maxRecordBytes() + " bytes",
                        excerpt(line.bytes()), ref + "#line=" + line.number());
                continue;
            }
            handleLine(line, ref, handler);
        }
    }

    private void handleLine(Line line, String ref, EnvelopeHandler handler) throws IOException {
        String location = ref + "#line=" + line.number();
        if (prefilter != null && readLogFile(line.bytes(), 0, line.bytes().length, location, handler)) {
            return;
        }
        if (!startsJson(line.bytes())) {
            // text, binary: no parser needed to tell
            handler.onDeadLetter(DeadLetterReason.MALFORMED_JSON, "broken JSON line: not JSON, it starts with byte 0x"
                    + Integer.toHexString(firstNonBlank(line.bytes()) & 0xFF), excerpt(line.bytes()), location);
            return;
        }
        if (probe(line.bytes()) != Probe.COMPLETE) {
            brokenLine(line, ref, handler);
            return;
        }
        new DocumentSplitter(new ByteArrayInputStream(line.bytes()), limits.maxRecordBytes(), location, false, line.number())
                .split(new Classifier(handler, null));
    }

    /**
     * Whether a first line that is not complete JSON is a broken JSON line followed by good ones: the
     * second line is a complete object, and the two together do not begin one document.
     */
    private boolean startsJsonLines(Probe firstProbe, Line first, Line second) {
        if (probe(second.bytes()) != Probe.COMPLETE || firstNonBlank(second.bytes()) != '{') {
            return false;
        }
        if (firstProbe == Probe.INVALID) {
            return true;
        }
        byte[] both = withNewline(first.bytes());
        byte[] joined = java.util.Arrays.copyOf(both, both.length + second.bytes().length);
        System.arraycopy(second.bytes(), 0, joined, both.length, second.bytes().length);
        return probe(joined) == Probe.INVALID;
    }

    /** Whether the line's first byte (after blanks and a byte order mark) can begin a JSON value. */
    private static boolean startsJson(byte[] bytes) {
        int c = firstNonBlank(bytes) & 0xFF;
        return c == '{' || c == '[' || c == '"' || c == '-' || c >= '0' && c <= '9' || c == 't' || c == 'f' || c == 'n'
                || c == 0xEF;
    }

    private static int firstNonBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return b;
            }
        }
        return -1;
    }

    private void brokenLine(Line line, String ref, EnvelopeHandler handler) {
        handler.onDeadLetter(DeadLetterReason.MALFORMED_JSON, "broken JSON line: " + describe(parseError(line.bytes())),
                excerpt(line.bytes()), ref + "#line=" + line.number());
    }

    /**
     * Reads {@code bytes[from, to)} with the byte-level pass when it is a CloudTrail log file the
     * pass fully understands; returns false, having reported nothing, when it is not.
     */
    private boolean readLogFile(byte[] bytes, int from, int to, String location, EnvelopeHandler handler) {
        RecordsScanner.Scan scan = RecordsScanner.scan(bytes, from, to, limits.maxRecordBytes(), prefilter);
        if (scan == null) {
            return false;
        }
        // every record to be parsed must parse, or the exact parser reads the file and reports where it broke
        for (int r = 0; r < scan.count(); r++) {
            if (scan.candidate(r) && !parses(bytes, scan.start(r), scan.end(r))) {
                return false;
            }
        }
        Classifier classifier = new Classifier(handler, null);
        boolean eventTimes = handler.wantsEventTime();
        for (int r = 0; r < scan.count(); r++) {
            if (!scan.candidate(r)) {
                handler.onIrrelevantEvent(eventTimes ? scan.eventTime(bytes, r) : null, location);
                continue;
            }
            try (JsonParser p = factory.createParser(bytes, scan.start(r), scan.end(r) - scan.start(r))) {
                p.nextToken();
                classifier.element("Records", (ObjectNode) p.readValueAsTree(), location + "#record=" + r, 0);
            } catch (IOException e) {
                // it parsed a moment ago; should it not now, it is still reported, never dropped
                handler.onDeadLetter(DeadLetterReason.MALFORMED_JSON, "record does not parse: " + describe(e), null,
                        location + "#record=" + r);
            }
        }
        return true;
    }

    private boolean parses(byte[] bytes, int from, int to) {
        try (JsonParser p = factory.createParser(bytes, from, to - from)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads a document, or a sequence of them, value by value; line numbers count from {@code firstLine}. */
    private void streamDocuments(InputStream in, String ref, long firstLine, EnvelopeHandler handler) throws IOException {
        new DocumentSplitter(in, limits.maxRecordBytes(), ref, true, firstLine).split(new Classifier(handler, null));
    }

    private enum Probe { COMPLETE, INCOMPLETE, INVALID }

    private Probe probe(byte[] bytes) {
        try (JsonParser p = syntax.createParser(bytes)) {
            while (p.nextToken() != null) {
                p.skipChildren();
            }
            return Probe.COMPLETE;
        } catch (JsonEOFException e) {
            return Probe.INCOMPLETE;
        } catch (JsonProcessingException e) {
            // Jackson reports some cut-short values (after a comma) as plain parse errors
            String msg = e.getOriginalMessage();
            return msg != null && msg.contains("end-of-input") ? Probe.INCOMPLETE : Probe.INVALID;
        } catch (IOException e) {
            return Probe.INVALID;
        }
    }

    private IOException parseError(byte[] bytes) {
        try (JsonParser p = factory.createParser(bytes)) {
            while (p.nextToken() != null) {
                p.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    static String describe(Exception e) {
        if (e == null) {
            return "unknown error";
        }
        if (e instanceof JsonProcessingException j) {
            String msg = j.getOriginalMessage();
            // the first line of Jackson's message says what was wrong, without echoing the input
            int nl = msg == null ? -1 : msg.indexOf('\n');
            String first = nl < 0 ? String.valueOf(msg) : msg.substring(0, nl);
            return first.length() > 200 ? first.substring(0, 200) : first;
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    static String excerpt(byte[] bytes) {
        int n = Math.min(bytes.length, EXCERPT);
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    private static byte[] withNewline(byte[] bytes) {
        byte[] out = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, out, 0, bytes.length);
        out[bytes.length] = '\n';
        return out;
    }

    /** Reads each value the splitter hands over into a bounded tree, and decides what it is. */
    private final class Classifier implements DocumentSplitter.Values {

        private static final int MAX_UNWRAP_DEPTH = 4;

        private final EnvelopeHandler handler;
        private final String envelopeAccount;

        Classifier(EnvelopeHandler handler, String envelopeAccount) {
            this.handler = handler;
            this.envelopeAccount = envelopeAccount;
        }

        @Override
        public void root(DocumentSplitter.Value value) {
            if (!whole(value, "JSON value")) {
                return;
            }
            if (value.firstByte() == '{') {
                ObjectNode object = object(value, "JSON object");
                if (object != null) {
                    classify(object, value.location(), 0);
                }
                return;
            }
            JsonToken scalar = scalar(value);
            if (scalar == null) {
                handler.onDeadLetter(DeadLetterReason.MALFORMED_JSON, "not JSON: " + describe(parseError(value)), value.excerpt(),
                        value.location());
            } else {
                handler.onDeadLetter(DeadLetterReason.UNEXPECTED_SHAPE, "a JSON " + scalar.asString() + " where an object was expected",
                        null, value.location() + (value.index() > 0 ? "#value=" + value.index() : ""));
            }
        }

        @Override
        public void element(String arrayName, DocumentSplitter.Value value) {
            if (!whole(value, "record")) {
                return;
            }
            if (value.firstByte() == '{') {
                ObjectNode object = object(value, "record");
                if (object != null) {
                    element(arrayName, object, value.location(), 0);
                }
                return;
            }
            JsonToken scalar = scalar(value);
            if (scalar == null) {
                handler.onDeadLetter(DeadLetterReason.MALFORMED_JSON, "record does not parse: " + describe(parseError(value)),
                        value.excerpt(), value.location());
            } else {
                handler.onDeadLetter(DeadLetterReason.UNEXPECTED_SHAPE, "array element is a JSON " + scalar.asString()
                        + ", not an object", null, value.location());
            }
        }

        @Override
        public void notJson(String detail, String excerpt, String location) {
            handler.onDeadLetter(DeadLetterReason.MALFORMED_JSON, detail, excerpt, location);
        }

        @Override
        public void unclosed(String detail, String location) {
            handler.onDeadLetter(DeadLetterReason.MALFORMED_JSON, "JSON cut short: " + detail, null, location);
        }

        /** Whether the value is whole; an oversized or cut-short one is reported instead. */
        private boolean whole(DocumentSplitter.Value value, String what) {
            if (value.cutShort()) {
                handler.onDeadLetter(DeadLetterReason.MALFORMED_JSON, "JSON cut short: the input ends inside this " + what
                        + " (" + value.size() + " bytes)", value.excerpt(), value.location());
                return false;
            }
            if (value.overflow()) {
                handler.onDeadLetter(DeadLetterReason.OVERSIZED, what + " of " + value.size() + " bytes, more than "
                        + limits.maxRecordBytes(), value.excerpt(), value.location());
                return false;
            }
            return true;
        }

        /** The value as a tree, or null when it does not read (reported). */
        private ObjectNode object(DocumentSplitter.Value value, String what) {
            try (JsonParser p = factory.createParser(value.bytes(), 0, value.length())) {
                p.nextToken();
                JsonNode node = p.readValueAsTree();
                if (p.nextToken() != null) {
                    handler.onDeadLetter(DeadLetterReason.MALFORMED_JSON, what + " does not parse: more after its end",
                            value.excerpt(), value.location());
                    return null;
                }
                return (ObjectNode) node;
            } catch (StreamConstraintsException e) {
                handler.onDeadLetter(DeadLetterReason.OVERSIZED, what + " beyond rootwatch's JSON limits: " + describe(e),
                        value.excerpt(), value.location());
            } catch (IOException | RuntimeException e) {
                handler.onDeadLetter(DeadLetterReason.MALFORMED_JSON, what + " does not parse: " + describe(e),
                        value.excerpt(), value.location());
            }
            return null;
        }

        /** The token of a value that is one valid JSON scalar, else null. */
        private JsonToken scalar(DocumentSplitter.Value value) {
            try (JsonParser p = factory.createParser(value.bytes(), 0, value.length())) {
                JsonToken t = p.nextToken();
                return t != null && t.isScalarValue() && p.nextToken() == null ? t : null;
            } catch (IOException e) {
                return null;
            }
        }

        private IOException parseError(DocumentSplitter.Value value) {
            return EnvelopeReader.this.parseError(java.util.Arrays.copyOf(value.bytes(), value.length()));
        }

        private void element(String arrayName, ObjectNode element, String location, int depth) {
            if ("Events".equals(arrayName) && element.path("CloudTrailEvent").isTextual()) {
                classifyText(element.get("CloudTrailEvent").asText(), location, depth + 1);
            } else if (isS3NotificationRecord(element)) {
                s3Record(element, location);
            } else if (element.path("body").isTextual() && (element.has("messageId") || element.has("receiptHandle"))) {
                // an SQS message as Lambda sees it
                classifyText(element.get("body").asText(), location, depth + 1);
            } else if (element.path("Sns").isObject()) {
                classify((ObjectNode) element.get("Sns"), location, depth + 1);
            } else {
                classify(element, location, depth);
            }
        }

        void classifyText(String json, String location, int depth) {
            if (depth > MAX_UNWRAP_DEPTH) {
                handler.onDeadLetter(DeadLetterReason.UNEXPECTED_SHAPE, "JSON nested in strings more than " + MAX_UNWRAP_DEPTH
                        + " levels deep", null, location);
                return;
            }
            if (json.length() > limits.maxRecordBytes()) {
                handler.onDeadLetter(DeadLetterReason.OVERSIZED, "embedded JSON of " + json.length() + " characters", null, location);
                return;
            }
            JsonNode node;
            try {
                node = oneValue.readTree(json);
            } catch (IOException e) {
                handler.onDeadLetter(DeadLetterReason.MALFORMED_JSON, "embedded JSON string does not parse: " + describe(e),
                        json.substring(0, Math.min(json.length(), EXCERPT)), location);
                return;
            }
            if (node instanceof ObjectNode o) {
                classify(o, location, depth);
            } else {
                handler.onDeadLetter(DeadLetterReason.UNEXPECTED_SHAPE, "embedded JSON is not an object", null, location);
            }
        }

        private void classify(ObjectNode o, String location, int depth) {
            if (o.path("Records").isArray()) {
                for (int i = 0; i < o.get("Records").size(); i++) {
                    JsonNode el = o.get("Records").get(i);
                    String where = location + "#record=" + i;
                    if (el instanceof ObjectNode eo) {
                        element("Records", eo, where, depth);
                    } else {
                        handler.onDeadLetter(DeadLetterReason.UNEXPECTED_SHAPE, "Records element is not an object", null, where);
                    }
                }
            } else if (o.path("detail").isObject() && (o.has("detail-type") || o.has("source"))) {
                eventBridge(o, location);
            } else if ("rootwatch.posture/v1".equals(o.path("schema").asText(null))) {
                posture(o, location);
            } else if (o.has("digestStartTime") || o.has("digestS3Object") || o.has("digestPublicKeyFingerprint")) {
                handler.onSkipped(SkipReason.DIGEST, location);
            } else if ("s3:TestEvent".equals(o.path("Event").asText(null))) {
                handler.onSkipped(SkipReason.S3_TEST_EVENT, location);
            } else if (o.path("Type").isTextual() && o.has("TopicArn")) {
                sns(o, location, depth);
            } else if (o.path("s3Bucket").isTextual() && o.has("s3ObjectKey")) {
                cloudTrailNotification(o, location);
            } else if (o.path("CloudTrailEvent").isTextual()) {
                classifyText(o.get("CloudTrailEvent").asText(), location, depth + 1);
            } else if (o.has("eventName") && o.has("eventSource")) {
                handler.onEvent(o, envelopeAccount, location);
            } else {
                handler.onDeadLetter(DeadLetterReason.UNEXPECTED_SHAPE, "JSON object of no known kind (keys: "
                        + keys(o) + ")", null, location);
            }
        }

        private void eventBridge(ObjectNode o, String location) {
            JsonNode detail = o.get("detail");
            String where = location + (o.path("id").isTextual() ? "#eventbridge=" + o.get("id").asText() : "");
            if (detail.has("eventName") && detail.has("eventSource")) {
                handler.onEvent(detail, o.path("account").asText(null), where);
            } else {
                handler.onDeadLetter(DeadLetterReason.UNEXPECTED_SHAPE, "EventBridge event that carries no CloudTrail event (source "
                        + o.path("source").asText("?") + ")", null, where);
            }
        }

        private void posture(ObjectNode o, String location) {
            try {
                handler.onPosture(mapper.treeToValue(o, dev.rootwatch.common.model.Posture.class), location);
            } catch (IOException | RuntimeException e) {
                handler.onDeadLetter(DeadLetterReason.INVALID_EVENT, "posture object does not read: " + describe(e), null, location);
            }
        }

        private void sns(ObjectNode o, String location, int depth) {
            String type = o.get("Type").asText();
            String where = location + (o.path("MessageId").isTextual() ? "#sns=" + o.get("MessageId").asText() : "");
            if ("Notification".equals(type) && o.path("Message").isTextual()) {
                classifyText(o.get("Message").asText(), where, depth + 1);
            } else if (type.endsWith("Confirmation")) {
                handler.onSkipped(SkipReason.SNS_CONFIRMATION, where);
            } else {
                handler.onDeadLetter(DeadLetterReason.UNEXPECTED_SHAPE, "SNS message of type " + type + " without a Message", null, where);
            }
        }

        private void cloudTrailNotification(ObjectNode o, String location) {
            String bucket = o.get("s3Bucket").asText();
            JsonNode keys = o.get("s3ObjectKey");
            if (keys.isTextual()) {
                handler.onObjectReference(new S3ObjectRef(bucket, keys.asText()), location);
            } else if (keys.isArray()) {
                keys.forEach(k -> handler.onObjectReference(new S3ObjectRef(bucket, k.asText()), location));
            } else {
                handler.onDeadLetter(DeadLetterReason.UNEXPECTED_SHAPE, "s3ObjectKey is neither a string nor a list", null, location);
            }
        }

        private void s3Record(ObjectNode record, String location) {
            JsonNode s3 = record.get("s3");
            String bucket = s3.path("bucket").path("name").asText(null);
            String key = s3.path("object").path("key").asText(null);
            if (bucket == null || key == null) {
                handler.onDeadLetter(DeadLetterReason.UNEXPECTED_SHAPE, "S3 notification record without bucket or key", null, location);
                return;
            }
            handler.onObjectReference(new S3ObjectRef(bucket, S3Keys.decode(key)), location);
        }

        private boolean isS3NotificationRecord(ObjectNode element) {
            return "aws:s3".equals(element.path("eventSource").asText(null)) && element.path("s3").isObject();
        }

        private String keys(ObjectNode o) {
            StringBuilder sb = new StringBuilder();
            var names = o.fieldNames();
            int n = 0;
            while (names.hasNext() && n < 8) {
                String name = names.next();
                sb.append(n++ == 0 ? "" : ", ").append(name.length() > 40 ? name.substring(0, 40) : name);
            }
            return sb.append(names.hasNext() ? ", ..." : "").toString();
        }
    }

    /**
     * A line of the input, possibly cut at the line limit ({@code overflow}) or by a failure of
     * the input itself ({@code damage}, with the bytes read before it).
     */
    private record Line(byte[] bytes, long number, boolean overflow, IOException damage) {
    }

    /** Splits the input into lines without holding more than one bounded line. */
    private static final class LineReader {
        private final InputStream in;
        private final byte[] buffer = new byte[BUFFER];
        private int pos;
        private int limit;
        private boolean eof;
        private long lineNumber;

        LineReader(InputStream in) {
            this.in = in;
        }

        /** The next line with something in it, at most {@code max} bytes ({@code overflow} beyond), or null at the end. */
        Line nextNonBlank(long max) throws IOException {
            while (true) {
                ByteArrayOutputStream line = new ByteArrayOutputStream(256);
                boolean any = false;
                boolean ended = false;
                lineNumber++;
                try {
                    while (pos < limit || fill()) {
                        any = true;
                        int newline = indexOfNewline();
                        int end = newline < 0 ? limit : newline;
                        int take = end - pos;
                        if (line.size() + (long) take >= max) {
                            int allowed = (int) (max - line.size());
                            line.write(buffer, pos, allowed);
                            pos += allowed;
                            return new Line(line.toByteArray(), lineNumber, true, null);
                        }
                        line.write(buffer, pos, take);
                        pos = end;
                        if (newline >= 0) {
                            pos++;
                            ended = true;
                            break;
                        }
                    }
                } catch (IOException e) {
                    return new Line(line.toByteArray(), lineNumber, false, e);
                }
                if (!any) {
                    return null;
                }
                byte[] bytes = line.toByteArray();
                if (!isBlank(bytes)) {
                    return new Line(bytes, lineNumber, false, null);
                }
                if (!ended) {
                    return null;
                }
            }
        }

        void skipRestOfLine() throws IOException {
            while (pos < limit || fill()) {
                int newline = indexOfNewline();
                if (newline >= 0) {
                    pos = newline + 1;
                    return;
                }
                pos = limit;
            }
        }

        /** What was not read yet: the rest of the buffer, then the input. */
        InputStream rest() {
            byte[] left = java.util.Arrays.copyOfRange(buffer, pos, limit);
            pos = limit;
            return new SequenceInputStream(new ByteArrayInputStream(left), in);
        }

        private boolean fill() throws IOException {
            while (!eof) {
                int n = in.read(buffer, 0, buffer.length);
                if (n < 0) {
                    eof = true;
                } else if (n > 0) {
                    pos = 0;
                    limit = n;
                    return true;
                }
            }
            return false;
        }

        private int indexOfNewline() {
            for (int i = pos; i < limit; i++) {
                if (buffer[i] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        private static boolean isBlank(byte[] bytes) {
            for (byte b : bytes) {
                if (b != ' ' && b != '\t' && b != '\r') {
                    return false;
                }
            }
            return true;
        }
    }
}
