package dev.rootwatch.common.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rootwatch.common.model.DeadLetterReason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class EnvelopeReaderTest {

    private static final String ROOT_LOGIN = """
            {"eventVersion":"1.08","userIdentity":{"type":"Root","principalId":"111122223333",
             "arn":"arn:aws:iam::111122223333:root","accountId":"111122223333","accessKeyId":""},
             "eventTime":"2026-11-01T10:00:00Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin",
             "awsRegion":"us-east-1","sourceIPAddress":"198.51.100.7","userAgent":"Mozilla/5.0",
             "requestParameters":null,"responseElements":{"ConsoleLogin":"Success"},
             "additionalEventData":{"MobileVersion":"No","MFAUsed":"No"},
             "eventID":"%s","eventType":"AwsConsoleSignIn","recipientAccountId":"111122223333"}""";

    private final RecordingHandler handler = new RecordingHandler();
    private final EnvelopeReader reader = new EnvelopeReader(new InputLimits(1 << 20, 64 * 1024));

    private static String event(String id) {
        return ROOT_LOGIN.formatted(id).replace("\n", "");
    }

    private void read(String text) throws IOException {
        read(text.getBytes(StandardCharsets.UTF_8));
    }

    private void read(byte[] bytes) throws IOException {
        try (InputStream in = Decompression.open(new ByteArrayInputStream(bytes), 1 << 20)) {
            reader.read(in, "test.json", handler);
        }
    }

    /** Reads plain text without the 1 MiB decompression bound of {@link #read(byte[])}. */
    private void readUnbounded(String text) throws IOException {
        reader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test.json", handler);
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    @Test
    void readsEveryRecordOfACloudTrailLogFile() throws IOException {
        // Given a CloudTrail log file: one line, a Records array
        String file = "{\"Records\":[" + event("e1") + "," + event("e2") + "," + event("e3") + "]}";

        // When it is read
        read(file);

        // Then each record is reported once, in file order
        assertThat(handler.eventIds()).containsExactly("e1", "e2", "e3");
        assertThat(handler.dead).isEmpty();
    }

    @Test
    void readsAGzippedLogFileWhateverItsName() throws IOException {
        read(gzip("{\"Records\":[" + event("g1") + "]}"));

        assertThat(handler.eventIds()).containsExactly("g1");
    }

    @Test
    void readsAPrettyPrintedSingleEvent() throws IOException {
        read(ROOT_LOGIN.formatted("pretty"));

        assertThat(handler.eventIds()).containsExactly("pretty");
    }

    @Test
    void unwrapsAnEventBridgeEventAndKeepsItsAccount() throws IOException {
        // Given an EventBridge envelope whose detail lacks recipientAccountId, as 2018 events did
        String detail = event("eb1").replace(",\"recipientAccountId\":\"111122223333\"", "");
        read("{\"version\":\"0\",\"id\":\"abc\",\"detail-type\":\"AWS Console Sign In via CloudTrail\","
                + "\"source\":\"aws.signin\",\"account\":\"444455556666\",\"time\":\"2026-11-01T10:00:00Z\","
                + "\"region\":\"us-east-1\",\"resources\":[],\"detail\":" + detail + "}");

        assertThat(handler.eventIds()).containsExactly("eb1");
        assertThat(handler.events.get(0).envelopeAccount()).isEqualTo("444455556666");
    }

    @Test
    void readsJsonLinesAndDeadLettersOnlyTheBrokenLine() throws IOException {
        // Given JSON Lines where line 2 is cut short
        String lines = event("l1") + "\n" + event("l2").substring(0, 80) + "\n\n" + event("l3") + "\n";

        read(lines);

        // Then lines 1 and 4 are read and line 2 is one dead letter that says where it was
        assertThat(handler.eventIds()).containsExactly("l1", "l3");
        assertThat(handler.dead).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo(DeadLetterReason.MALFORMED_JSON);
            assertThat(d.location()).isEqualTo("test.json#line=2");
        });
    }

    @Test
    void deadLettersATextFileOnceAsNotJson() throws IOException {
        read("hello, this is not JSON\nnor is this\n");

        assertThat(handler.events).isEmpty();
        assertThat(handler.dead).singleElement().extracting(RecordingHandler.Dead::reason)
                .isEqualTo(DeadLetterReason.MALFORMED_JSON);
    }

    @Test
    void reportsEventsBeforeATruncationAndThenFails() throws IOException {
        // Given a gzip log file cut off in the middle
        StringBuilder sb = new StringBuilder("{\"Records\":[");
        for (int i = 0; i < 200; i++) {
            sb.append(i == 0 ? "" : ",").append(event("t" + i));
        }
        byte[] whole = gzip(sb.append("]}").toString());
        byte[] cut = Arrays.copyOf(whole, whole.length / 2);

        // When it is read, the damage surfaces as an I/O error after the records before it
        assertThatThrownBy(() -> read(cut)).isInstanceOf(EOFException.class);
        assertThat(handler.events).isNotEmpty().hasSizeLessThan(200);
    }

    @Test
    void failsAnInputThatDecompressesBeyondTheLimit() {
        // Given 2 MiB of zeros, gzipped to a few KB: a decompression bomb in miniature
        byte[] bomb;
        try {
            bomb = gzip(" ".repeat(2 << 20));
        } catch (IOException e) {
            throw new AssertionError(e);
        }

        assertThatThrownBy(() -> read(bomb)).isInstanceOf(InputTooLargeException.class);
    }

    @Test
    void deadLettersARecordLargerThanTheRecordLimit() throws IOException {
        String big = event("big").replace("Mozilla/5.0", "x".repeat(100_000));
        read("{\"Records\":[" + event("small") + "," + big + "]}");

        assertThat(handler.eventIds()).containsExactly("small");
        assertThat(handler.dead).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo(DeadLetterReason.OVERSIZED);
            assertThat(d.location()).endsWith("#record=1");
        });
    }

    @Test
    void skipsDigestFilesAndS3TestEvents() throws IOException {
        read("""
                {"awsAccountId":"111122223333","digestStartTime":"2026-11-01T10:00:00Z","digestEndTime":"2026-11-01T11:00:00Z",
                 "digestS3Bucket":"b","digestS3Object":"o","logFiles":[],"newestEventTime":null,"oldestEventTime":null}
                """);
        read("{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Time\":\"2026-11-01T10:00:00.000Z\",\"Bucket\":\"b\"}");

        assertThat(handler.skipped).containsExactly(SkipReason.DIGEST, SkipReason.S3_TEST_EVENT);
        assertThat(handler.events).isEmpty();
        assertThat(handler.dead).isEmpty();
    }

    @Test
    void readsLookupEventsWithTheEventAsAJsonString() throws IOException {
        String escaped = event("lk1").replace("\"", "\\\"");
        read("{\"Events\":[{\"EventId\":\"lk1\",\"EventName\":\"ConsoleLogin\",\"CloudTrailEvent\":\"" + escaped + "\"}]}");

        assertThat(handler.eventIds()).containsExactly("lk1");
    }

    @Test
    void namesTheLogFilesOfS3AndSnsNotifications() throws IOException {
        // Given an S3 event notification (URL-encoded key) wrapped in SNS, and CloudTrail's own SNS message
        String s3 = "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\","
                + "\"s3\":{\"bucket\":{\"name\":\"trail-bucket\"},\"object\":{\"key\":\"AWSLogs/111122223333/CloudTrail/us-east-1/"
                + "2026/11/01/file+name%3A1.json.gz\"}}}]}";
        read("{\"Type\":\"Notification\",\"MessageId\":\"m1\",\"TopicArn\":\"arn:aws:sns:us-east-1:111122223333:t\","
                + "\"Subject\":\"Amazon S3 Notification\",\"Message\":\"" + s3.replace("\"", "\\\"") + "\"}");
        read("{\"Type\":\"Notification\",\"MessageId\":\"m2\",\"TopicArn\":\"arn:aws:sns:us-east-1:111122223333:t\","
                + "\"Message\":\"{\\\"s3Bucket\\\":\\\"trail-bucket\\\",\\\"s3ObjectKey\\\":[\\\"k1.json.gz\\\",\\\"k2.json.gz\\\"]}\"}");

        assertThat(handler.objects).containsExactly(
                new S3ObjectRef("trail-bucket", "AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/01/file name:1.json.gz"),
                new S3ObjectRef("trail-bucket", "k1.json.gz"),
                new S3ObjectRef("trail-bucket", "k2.json.gz"));
    }

    @Test
    void readsPostureObjects() throws IOException {
        read("""
                {"schema":"rootwatch.posture/v1","accountId":"111122223333","observedAt":"2026-11-01T12:00:00Z",
                 "mfaEnabled":false,"mfaDevices":[],"rootPasswordPresent":true,"rootAccessKeysActive":0,
                 "centralRootAccess":false,"error":null}
                """);

        assertThat(handler.postures).singleElement().satisfies(p -> assertThat(p.mfaEnabled()).isFalse());
    }

    @Test
    void deadLettersJsonOfNoKnownKindAndAKeyGivenTwice() throws IOException {
        read("{\"hello\":\"world\"}\n{\"eventName\":\"A\",\"eventSource\":\"b\",\"eventName\":\"C\"}\n");

        assertThat(handler.events).isEmpty();
        assertThat(handler.dead).extracting(RecordingHandler.Dead::reason)
                .containsExactly(DeadLetterReason.UNEXPECTED_SHAPE, DeadLetterReason.MALFORMED_JSON);
    }

    @Test
    void reportsAnEmptyFileAsSkipped() throws IOException {
        read("\n  \n");

        assertThat(handler.skipped).containsExactly(SkipReason.EMPTY);
    }

    @Test
    void readsJsonLinesThatCrossTheReadBuffer() throws IOException {
        // Given 1,500 JSON Lines, about 900 KB: lines straddle every 64 KiB read
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 1500; i++) {
            lines.append(event("x" + i)).append(i % 7 == 0 ? "\r\n" : "\n");
        }

        read(lines.toString());

        // Then every line is read, in order, none broken
        assertThat(handler.eventIds()).hasSize(1500).startsWith("x0", "x1").endsWith("x1499");
        assertThat(handler.dead).isEmpty();
    }

    @Test
    void aRecordWithAKeyGivenTwiceCostsThatRecordOnly() throws IOException {
        // Given a log file whose second record names userIdentity twice (the second could hide the first)
        String twice = event("dup").replace("\"eventTime\"", "\"userIdentity\":{\"type\":\"IAMUser\"},\"eventTime\"");
        String file = "{\"Records\":[" + event("d1") + "," + twice + "," + event("d3") + "]}";

        // When it is read
        read(file);

        // Then the records around it are read and it alone is a dead letter, located
        assertThat(handler.eventIds()).containsExactly("d1", "d3");
        assertThat(handler.dead).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo(DeadLetterReason.MALFORMED_JSON);
            assertThat(d.detail()).contains("Duplicate field 'userIdentity'");
            assertThat(d.location()).isEqualTo("test.json#line=1#record=1");
        });
    }

    @Test
    void aRecordWithASyntaxErrorCostsThatRecordOnly() throws IOException {
        // Given a log file of over 64 KiB whose middle record has a stray character between two fields
        StringBuilder sb = new StringBuilder("{\"Records\":[");
        for (int i = 0; i < 120; i++) {
            String record = i == 60 ? event("s60").replace("\"eventTime\"", "#\"eventTime\"") : event("s" + i);
            sb.append(i == 0 ? "" : ",").append(record);
        }
        read(sb.append("]}").toString());

        // Then every other record is read and the broken one is one dead letter
        assertThat(handler.eventIds()).hasSize(119).doesNotContain("s60").contains("s59", "s61");
        assertThat(handler.dead).singleElement().satisfies(d -> assertThat(d.location()).endsWith("#record=60"));
    }

    @Test
    void aBrokenFirstLineOfJsonLinesCostsThatLineOnly() throws IOException {
        // Given JSON Lines whose first line is cut short, and another whose first line names a key twice
        read(event("b0").substring(0, 120) + "\n" + event("b1") + "\n" + event("b2") + "\n");
        read(event("k0").replace("\"eventTime\"", "\"eventID\":\"again\",\"eventTime\"") + "\n" + event("k1") + "\n");

        // Then only the two first lines are dead letters; every following line is read
        assertThat(handler.eventIds()).containsExactly("b1", "b2", "k1");
        assertThat(handler.dead).extracting(RecordingHandler.Dead::location).containsExactly("test.json#line=1", "test.json#line=1");
    }

    @Test
    void aPrettyPrintedArrayOfOneEventIsNotMistakenForJsonLines() throws IOException {
        read("[\n" + event("p1") + "\n]\n");

        assertThat(handler.eventIds()).containsExactly("p1");
        assertThat(handler.dead).isEmpty();
    }

    @Test
    void aValueLargerThanTheRecordLimitIsSkippedUnbuiltWhereverItIs() throws IOException {
        // Given 3 MB arrays of small tokens (the limit is 64 KiB): inside a record, under an unknown key before
        // Records, and under an unknown key of an object without Records
        String tokens = "1,".repeat(1_500_000) + "1";
        readUnbounded("{\"Records\":[" + event("o1") + ",{\"eventName\":\"x\",\"eventSource\":\"y\",\"big\":[" + tokens + "]},"
                + event("o2") + "]}");
        readUnbounded("{\"unknown\":[" + tokens + "],\"Records\":[" + event("o3") + "]}");
        readUnbounded("{\"unknown\":[" + tokens + "],\"eventName\":\"x\"}");

        // Then the neighbours are read; the records and the object too large are dead letters with their size
        assertThat(handler.eventIds()).containsExactly("o1", "o2", "o3");
        assertThat(handler.dead).extracting(RecordingHandler.Dead::reason)
                .containsExactly(DeadLetterReason.OVERSIZED, DeadLetterReason.OVERSIZED);
        assertThat(handler.dead.get(0).detail()).startsWith("record of 3000").contains("more than 65536");
        assertThat(handler.dead.get(0).location()).isEqualTo("test.json#line=1#record=1");
    }

    @Test
    void aRecordOfMoreTokensThanTheLimitIsOversizedEvenWithinTheByteLimit() throws IOException {
        // Given a record of 300,000 tokens in under 1 MiB (the byte limit here is 16 MiB)
        EnvelopeReader lenient = new EnvelopeReader(new InputLimits(1 << 30, 16 << 20));
        String many = "{\"eventName\":\"x\",\"eventSource\":\"y\",\"t\":[" + "0,".repeat(300_000) + "0]}";

        lenient.read(new ByteArrayInputStream(("{\"Records\":[" + event("n1") + "," + many + "]}").getBytes(StandardCharsets.UTF_8)),
                "test.json", handler);

        assertThat(handler.eventIds()).containsExactly("n1");
        assertThat(handler.dead).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo(DeadLetterReason.OVERSIZED);
            assertThat(d.detail()).containsIgnoringCase("token count");
        });
    }

    @Test
    void aRootArrayOfNumbersIsOneDeadLetterPerElement() throws IOException {
        read("[" + "7,".repeat(999) + "7]");

        assertThat(handler.events).isEmpty();
        assertThat(handler.dead).hasSize(1000).allSatisfy(d -> assertThat(d.reason()).isEqualTo(DeadLetterReason.UNEXPECTED_SHAPE));
    }

    @Test
    void textBeforeADocumentCostsThatTextOnly() throws IOException {
        // Given a pretty-printed log file with a line of text in front of it
        read("these are my notes\n{\n  \"Records\": [\n    " + event("t1") + "\n  ]\n}\n");

        // Then the text is one dead letter and the document after it is read
        assertThat(handler.eventIds()).containsExactly("t1");
        assertThat(handler.dead).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo(DeadLetterReason.MALFORMED_JSON);
            assertThat(d.excerpt()).isEqualTo("these are my notes");
        });
        assertThat(handler.events.get(0).location()).isEqualTo("test.json#line=2#record=0");
    }

    @Test
    void aDocumentCutShortReportsItsRecordsThenTheCut() throws IOException {
        // Given a plain log file (not gzip: no stream error) that ends inside its third record
        String file = "{\"Records\":[" + event("c1") + "," + event("c2") + "," + event("c3").substring(0, 200);
        readUnbounded(file + "\n".repeat(2) + " ".repeat(2_000_000));

        assertThat(handler.eventIds()).containsExactly("c1", "c2");
        assertThat(handler.dead).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo(DeadLetterReason.MALFORMED_JSON);
            assertThat(d.detail()).contains("cut short");
        });
    }

    @Test
    void aStringHoldingTwoJsonValuesIsADeadLetterNotHalfRead() {
        // Given an SQS body with a second event after the first (a reader taking the first alone would hide the second)
        reader.readString(event("s1") + " " + event("s2"), "sqs://q/m1", null, handler);

        assertThat(handler.events).isEmpty();
        assertThat(handler.dead).singleElement().extracting(RecordingHandler.Dead::reason).isEqualTo(DeadLetterReason.MALFORMED_JSON);
    }
}
