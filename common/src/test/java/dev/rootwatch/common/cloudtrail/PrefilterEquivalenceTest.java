package dev.rootwatch.common.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rootwatch.common.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The byte-level pass may only make reading faster, never different: for any input, a reader
 * with a prefilter reports exactly what the exact parser reports, except that an event holding
 * no marker may come as "irrelevant" (with its eventTime) instead of parsed. Checked on
 * CloudTrail-like files with shuffled keys, escapes, non-ASCII text and envelopes mixed in, on
 * thousands of randomly damaged copies of them, and on the public samples.
 */
class PrefilterEquivalenceTest {

    /**
     * The words the collector's relevance rule needs (the collector derives its own from the rule itself); the trail
     * and pipeline calls come from the same lists the collector and the evaluator read.
     */
    static final List<String> MARKERS = Stream.concat(Stream.of("Root", "AssumeRoot", "CreateVirtualMFADevice",
            "EnableMFADevice", "DeactivateMFADevice", "DeleteVirtualMFADevice", "ResyncMFADevice"),
            Stream.concat(BlindingCalls.TRAIL_TAMPERING.eventNames().stream(),
                    BlindingCalls.PIPELINE_TAMPERING.eventNames().stream())).toList();
    static final RecordPrefilter PREFILTER = RecordPrefilter.holdingAnyOf(MARKERS);

    private final InputLimits limits = new InputLimits(1L << 30, 64 * 1024);
    private final EnvelopeReader exact = new EnvelopeReader(limits);
    private final EnvelopeReader fast = new EnvelopeReader(limits, PREFILTER);

    @Test
    void generatedLogFilesReadTheSameAndMostRecordsAreSkippedUnparsed() throws Exception {
        // Given log files of noise with a few relevant records, keys shuffled, compact and pretty-printed
        Random random = new Random(7);
        int skipped = 0;
        int records = 0;
        for (int file = 0; file < 40; file++) {
            int n = file == 0 ? 3_000 : 1 + random.nextInt(60); // the first one is over 1 MiB: the streamed-document path
            byte[] doc = new LogFileWriter(random, file % 3 == 1).logFile(n);
            // When both readers read it
            Outcome outcome = assertSameReading(doc);
            // Then what they report agrees, and the fast one parsed only a few records
            skipped += outcome.fast.irrelevant.size();
            records += n;
        }
        // (this generator is hostile on purpose: escapes, non-ASCII, exponents and markers in most records)
        assertThat(skipped).as("records reported irrelevant without parsing").isGreaterThan(records / 5);
    }

    @Test
    void damagedCopiesReadTheSame() throws Exception {
        // Given thousands of copies of log files with a byte deleted, inserted, replaced, or a key given twice
        Random random = new Random(11);
        int skipped = 0;
        for (int round = 0; round < 2_000; round++) {
            byte[] doc = new LogFileWriter(random, round % 4 == 0).logFile(1 + random.nextInt(6));
            byte[] damaged = damage(doc, random);
            // When both readers read it, Then they report the same
            skipped += assertSameReading(damaged).fast.irrelevant.size();
        }
        // (damage inside a string leaves a valid file: the pass still takes some of them)
        assertThat(skipped).as("records of damaged files reported irrelevant without parsing").isPositive();
    }

    @Test
    void markersHiddenBehindEscapesAreFound() throws Exception {
        // Given a root sign-in whose type is spelled with a backslash-u escape, and an MFA call likewise
        String doc = "{\"Records\":[" + event("\"R\\u006fot\"", "\"ConsoleLogin\"") + ","
                + event("\"IAMUser\"", "\"Deactivate\\u004dFADevice\"") + "," + event("\"IAMUser\"", "\"GetObject\"") + "]}";
        // When read with the prefilter
        Outcome outcome = assertSameReading(doc.getBytes(StandardCharsets.UTF_8));
        // Then both escaped records are parsed and reported; only the noise is skipped
        assertThat(outcome.fast.events).hasSize(2);
        assertThat(outcome.fast.irrelevant).containsExactly("2026-11-28T10:00:00Z");
    }

    @Test
    void trailAndPipelineCallsBenignOrWeakeningAreAllParsed() throws Exception {
        // Given trail and pipeline calls whose requests weaken the trail or leave it as it was, between noise records
        String[] calls = {
                trailCall("cloudtrail", "UpdateTrail", "{\"name\":\"main\",\"isMultiRegionTrail\":false}"),
                trailCall("cloudtrail", "UpdateTrail", "{\"name\":\"main\",\"enableLogFileValidation\":true}"),
                trailCall("cloudtrail", "PutEventSelectors", "{\"trailName\":\"main\",\"eventSelectors\":[{\"readWriteType\":"
                        + "\"WriteOnly\",\"includeManagementEvents\":true}]}"),
                trailCall("cloudtrail", "PutEventSelectors", "{\"trailName\":\"main\",\"advancedEventSelectors\":[{\"fieldSelectors\":"
                        + "[{\"field\":\"eventCategory\",\"equals\":[\"Management\"]}]}]}"),
                trailCall("cloudtrail", "StopEventDataStoreIngestion", "{\"eventDataStore\":\"eds\"}"),
                trailCall("organizations", "DeregisterDelegatedAdministrator",
                        "{\"accountId\":\"444455556666\",\"servicePrincipal\":\"cloudtrail.amazonaws.com\"}"),
                trailCall("events", "PutRule", "{\"name\":\"rootwatch\",\"state\":\"ENABLED\"}"),
                trailCall("sqs", "SetQueueAttributes", "{\"queueUrl\":\"https://sqs.us-east-1.amazonaws.com/111122223333/q\","
                        + "\"attributes\":{\"VisibilityTimeout\":\"60\"}}"),
                trailCall("s3", "PutBucketLifecycle", "{\"bucketName\":\"trail-logs\"}"),
                trailCall("kms", "DisableKey", "{\"keyId\":\"1234abcd-12ab-34cd-56ef-1234567890ab\"}")};
        String noise = event("\"IAMUser\"", "\"GetObject\"");
        String doc = "{\"Records\":[" + noise + "," + String.join("," + noise + ",", calls) + "," + noise + "]}";

        // When both readers read it
        Outcome outcome = assertSameReading(doc.getBytes(StandardCharsets.UTF_8));

        // Then the fast one parses every one of them and skips only the noise
        assertThat(outcome.fast.events).hasSize(calls.length);
        assertThat(outcome.fast.irrelevant).hasSize(calls.length + 1);
    }

    private static String trailCall(String service, String name, String requestParameters) {
        return "{\"eventVersion\":\"1.11\",\"userIdentity\":{\"type\":\"AssumedRole\",\"accountId\":\"111122223333\"},"
                + "\"eventTime\":\"2026-11-28T10:00:00Z\",\"eventSource\":\"" + service + ".amazonaws.com\",\"eventName\":\""
                + name + "\",\"requestParameters\":" + requestParameters + ",\"responseElements\":null,\"eventID\":\""
                + java.util.UUID.randomUUID() + "\",\"recipientAccountId\":\"111122223333\"}";
    }

    @Test
    void deepNestingAndRepeatedKeysReadTheSame() throws Exception {
        // Given noise records nested 20 and 70 levels deep, one with a key given twice 18 levels down
        String deep = "{\"a\":".repeat(20) + "1" + "}".repeat(20);
        String deepRepeated = "{\"a\":".repeat(17) + "{\"k\":1,\"k\":2}" + "}".repeat(17);
        String deeper = "[".repeat(70) + "]".repeat(70);
        for (String nested : List.of(deep, deepRepeated, deeper)) {
            String noise = event("\"IAMUser\"", "\"GetObject\"");
            String doc = "{\"Records\":[" + noise.substring(0, noise.length() - 1) + ",\"nested\":" + nested + "},"
                    + event("\"IAMUser\"", "\"ListBuckets\"") + "]}";
            // When both read it, Then they report the same
            assertSameReading(doc.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aRecordOfMoreTokensThanTheExactParserTakesIsNotSkippedUnparsed() throws Exception {
        // Given a noise record (no marker) of 300,000 tokens within the byte limit, between two others
        InputLimits large = new InputLimits(1L << 30, 16 << 20);
        String noise = event("\"IAMUser\"", "\"GetObject\"");
        String heavy = noise.substring(0, noise.length() - 1) + ",\"t\":[" + "0,".repeat(300_000) + "0]}";
        String doc = "{\"Records\":[" + noise + "," + heavy + "," + noise + "]}";
        RecordingHandler exactHandler = new RecordingHandler();
        RecordingHandler fastHandler = new RecordingHandler();

        // When both readers read it
        new EnvelopeReader(large).read(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)), "input", exactHandler);
        new EnvelopeReader(large, PREFILTER).read(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)), "input",
                fastHandler);

        // Then the fast one does not report it irrelevant: both dead-letter it as oversized
        assertEquivalent(exactHandler, fastHandler);
        assertThat(fastHandler.dead).singleElement().extracting(RecordingHandler.Dead::reason)
                .isEqualTo(dev.rootwatch.common.model.DeadLetterReason.OVERSIZED);
    }

    @Test
    void anInputFailingPartWayIsReportedTheSame() throws Exception {
        // Given a log file of over 1 MiB whose stream fails (a truncated gzip) at several points
        byte[] doc = new LogFileWriter(new Random(3), false).logFile(3_000);
        for (int cut : new int[] {10, 1 << 20, (1 << 20) + 4_000, doc.length - 3}) {
            RecordingHandler exactHandler = new RecordingHandler();
            RecordingHandler fastHandler = new RecordingHandler();
            // When both read it
            IOException exactFailure = readFailing(exact, doc, cut, exactHandler);
            IOException fastFailure = readFailing(fast, doc, cut, fastHandler);
            // Then both fail the same way after reporting the same records
            assertThat(fastFailure).as("failure at " + cut).isNotNull();
            assertThat(fastFailure.getMessage()).isEqualTo(exactFailure.getMessage());
            assertEquivalent(exactHandler, fastHandler);
        }
    }

    @Test
    void publicSamplesReadTheSame() throws Exception {
        Path dir = SharedSamplesConformanceTest.samples();
        assumeThat(dir).as("shared/cloudtrail-samples beside the project").isNotNull();
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        for (Path file : files) {
            assertSameReading(Files.readAllBytes(file));
        }
    }

    private record Outcome(RecordingHandler exact, RecordingHandler fast) {
    }

    private Outcome assertSameReading(byte[] input) throws IOException {
        RecordingHandler exactHandler = new RecordingHandler();
        RecordingHandler fastHandler = new RecordingHandler();
        exact.read(new ByteArrayInputStream(input), "input", exactHandler);
        fast.read(new ByteArrayInputStream(input), "input", fastHandler);
        assertEquivalent(exactHandler, fastHandler);
        return new Outcome(exactHandler, fastHandler);
    }

    /** Same calls in the same order, except a marker-free event may be reported as irrelevant with its eventTime. */
    static void assertEquivalent(RecordingHandler exactHandler, RecordingHandler fastHandler) {
        List<String> expected = exactHandler.calls;
        List<String> actual = fastHandler.calls;
        assertThat(actual).as("number of calls").hasSameSizeAs(expected);
        int event = 0;
        for (int k = 0; k < expected.size(); k++) {
            String want = expected.get(k);
            String got = actual.get(k);
            if (got.startsWith("irrelevant ")) {
                assertThat(want).as("call " + k + " skipped by the fast reader").startsWith("event ");
                JsonNode skipped = exactHandler.events.get(event).event();
                assertThat(holdsMarker(skipped)).as("a skipped event holds no marker: " + skipped).isFalse();
                JsonNode time = skipped.get("eventTime");
                assertThat(got).isEqualTo("irrelevant " + (time != null && time.isTextual() ? time.asText() : null));
            } else {
                assertThat(got).as("call " + k).isEqualTo(want);
            }
            if (want.startsWith("event ")) {
                event++;
            }
        }
        assertThat(event).isEqualTo(exactHandler.events.size());
    }

    private static boolean holdsMarker(JsonNode node) {
        if (node.isTextual()) {
            return MARKERS.contains(node.asText());
        }
        for (JsonNode child : node) {
            if (holdsMarker(child)) {
                return true;
            }
        }
        return false;
    }

    private static IOException readFailing(EnvelopeReader reader, byte[] doc, int cut, RecordingHandler handler) {
        InputStream failing = new InputStream() {
            private int pos;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (pos >= cut) {
                    throw new java.util.zip.ZipException("invalid block type at " + cut);
                }
                int n = Math.min(len, Math.min(cut - pos, 7_000));
                System.arraycopy(doc, pos, b, off, n);
                pos += n;
                return n;
            }
        };
        try {
            reader.read(failing, "input", handler);
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    static byte[] damage(byte[] doc, Random random) {
        String[] inserts = {"{", "}", "[", "]", "\"", ",", ":", "\\", " ", "\n", "\u0000", "\u0001", "é", "0", "-", "e", "\\u00", "\uD83D"};
        int at = random.nextInt(doc.length);
        byte[] insert;
        return switch (random.nextInt(5)) {
            case 0 -> concat(slice(doc, 0, at), slice(doc, at + 1, doc.length));
            case 1 -> {
                insert = inserts[random.nextInt(inserts.length)].getBytes(StandardCharsets.UTF_8);
                yield concat(slice(doc, 0, at), insert, slice(doc, at, doc.length));
            }
            case 2 -> {
                byte[] copy = doc.clone();
                copy[at] = (byte) random.nextInt(256);
                yield copy;
            }
            case 3 -> {
                String text = new String(doc, StandardCharsets.UTF_8);
                yield text.replaceFirst("\"eventName\"\\s*:\\s*(\"[A-Za-z]*\")", "\"eventName\":$1, \"eventName\":$1")
                        .getBytes(StandardCharsets.UTF_8);
            }
            default -> slice(doc, 0, at); // cut short
        };
    }

    private static byte[] slice(byte[] b, int from, int to) {
        return java.util.Arrays.copyOfRange(b, from, to);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static String event(String type, String name) {
        return "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":" + type + ",\"accountId\":\"111122223333\"},"
                + "\"eventTime\":\"2026-11-28T10:00:00Z\",\"eventSource\":\"iam.amazonaws.com\",\"eventName\":" + name
                + ",\"eventID\":\"" + java.util.UUID.randomUUID() + "\",\"recipientAccountId\":\"111122223333\"}";
    }

    /** Writes CloudTrail-like log files as raw text, so field order, spacing and escapes vary. */
    static final class LogFileWriter {
        private static final String[] TYPES = {"AssumedRole", "AssumedRole", "IAMUser", "AWSService", "Root", "R\\u006fot", "root",
                "Root ", "FederatedUser"};
        private static final String[] NAMES = {"GetObject", "DescribeInstances", "Decrypt", "AssumeRole", "ConsoleLogin",
                "DeactivateMFADevice", "EnableMFADevice", "StopLogging", "DeleteTrail", "AssumeRoot", "ListBuckets",
                "DeactivateMFADeviceX", "Delete\\u0054rail", "PutObject", "GetCallerIdentity", "UpdateTrail", "PutEventSelectors",
                "DisableAWSServiceAccess", "Update\\u0054rail", "GetEventSelectors", "UpdateTrails", "ListTrails", "Encrypt",
                "DescribeTrails", "GetTrailStatus", "PutBucketPolicy",
                "GetBucketPolicy", "ScheduleKeyDeletion", "DescribeKey"};
        private static final String[] AGENTS = {"aws-cli/2.15.0 Python/3.11", "Mozilla/5.0 (X11; \\\"quoted\\\")",
                "café-agent/1.0 ünïcode", "console.amazonaws.com", "Boto3/1.34 \\/slash\\/", "tab\\tagent"};

        private final Random random;
        private final boolean pretty;

        LogFileWriter(Random random, boolean pretty) {
            this.random = random;
            this.pretty = pretty;
        }

        byte[] logFile(int records) {
            StringBuilder sb = new StringBuilder("{").append(gap()).append("\"Records\"").append(gap()).append(':').append(gap())
                    .append('[');
            for (int r = 0; r < records; r++) {
                sb.append(r == 0 ? "" : ",").append(gap()).append(record());
            }
            sb.append(gap()).append("]}");
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        }

        private String record() {
            int kind = random.nextInt(100);
            if (kind == 0) {
                return "{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":"
                        + "{\"name\":\"trail-bucket\"},\"object\":{\"key\":\"AWSLogs/111122223333/CloudTrail/x.json.gz\"}}}";
            }
            if (kind == 1) {
                return "{\"digestStartTime\":\"2026-11-28T09:00:00Z\",\"eventName\":\"x\",\"eventSource\":\"y\"}";
            }
            if (kind == 2) {
                return "{\"eventName\":\"GetObject\"}"; // not an event: no eventSource
            }
            List<String> fields = new ArrayList<>();
            fields.add(field("eventVersion", str("1.0" + (2 + random.nextInt(10)))));
            fields.add(field("userIdentity", "{" + String.join(",", List.of(
                    field("type", str(pick(TYPES))), field("principalId", str("AROA" + random.nextInt(1_000_000))),
                    field("arn", str("arn:aws:sts::111122223333:assumed-role/app/" + random.nextInt(100))),
                    field("accountId", str("1111222233" + random.nextInt(10) + random.nextInt(10))),
                    field("sessionContext", "{\"attributes\":{\"mfaAuthenticated\":\"false\",\"creationDate\":"
                            + str("2026-11-28T09:00:00Z") + "}}"))) + "}"));
            if (random.nextInt(20) != 0) {
                fields.add(field("eventTime", random.nextInt(30) == 0 ? "12345" : str("2026-11-28T10:" + two(random.nextInt(60)) + ":00Z")));
            }
            fields.add(field("eventSource", str(pick(new String[] {"s3.amazonaws.com", "ec2.amazonaws.com", "iam.amazonaws.com",
                    "signin.amazonaws.com", "sts.amazonaws.com", "cloudtrail.amazonaws.com", "kms.amazonaws.com",
                    "organizations.amazonaws.com"}))));
            fields.add(field("eventName", str(pick(NAMES))));
            fields.add(field("awsRegion", str("us-east-1")));
            fields.add(field("sourceIPAddress", str("203.0.113." + random.nextInt(255))));
            fields.add(field("userAgent", str(pick(AGENTS))));
            fields.add(field("requestParameters", random.nextBoolean() ? "null" : "{" + String.join(",", List.of(
                    field("bucketName", str("b" + random.nextInt(1000))), field("maxResults", String.valueOf(random.nextInt(1000))),
                    field("ratio", pick(new String[] {"0.5", "-1.25", "1e3", "0", "-0", "2E-2"})),
                    field("list", "[1, \"two\", {\"three\": [true, false, null]}, []]"),
                    field("note", str(random.nextBoolean() ? "Root" : "routine")))) + "}"));
            fields.add(field("responseElements", "null"));
            fields.add(field("readOnly", random.nextBoolean() ? "true" : "false"));
            fields.add(field("eventID", str(java.util.UUID.randomUUID().toString())));
            fields.add(field("recipientAccountId", str("111122223333")));
            if (random.nextInt(10) == 0) {
                fields.add(field("additionalEventData", "{\"MFAUsed\":\"No\",\"nested\":{\"deeper\":{\"deepest\":{}}}}"));
            }
            Collections.shuffle(fields, random);
            return "{" + gap() + String.join("," + gap(), fields) + gap() + "}";
        }

        private String field(String name, String value) {
            return str(name) + gap() + ":" + gap() + value;
        }

        private String gap() {
            return pretty ? pick(new String[] {"", " ", "\n  ", "\t", "\r\n"}) : "";
        }

        private String pick(String[] values) {
            return values[random.nextInt(values.length)];
        }

        private static String str(String raw) {
            return "\"" + raw + "\"";
        }

        private static String two(int n) {
            return n < 10 ? "0" + n : String.valueOf(n);
        }
    }

    @Test
    void theExactMapperIsTheOneTheReaderUses() {
        // the duplicate-key rule the pass mirrors is the shared mapper's; if it changes, this pass must follow
        assertThat(Json.mapper().getFactory().isEnabled(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION
                .mappedFeature())).isTrue();
    }
}
