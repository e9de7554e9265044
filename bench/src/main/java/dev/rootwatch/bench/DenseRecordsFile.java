package dev.rootwatch.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;

/**
 * One plain (not gzip) CloudTrail log file whose every record is relevant: successful root
 * console sign-ins without MFA with the fields of a real ConsoleLogin record (about 670 bytes
 * each), each with its own eventID, spread over 200 accounts and one a second from 2026-11-01.
 * 150,000 of them make about 100 MB, like the 94 MB file of issue 14 that once ran replay out of
 * memory at {@code -Xmx512m}. Written once: a later run reuses the file (it is written beside and
 * moved in place, so a half-written file is never reused).
 */
final class DenseRecordsFile {

    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");

    private DenseRecordsFile() {
    }

    /** The file of {@code events} records in {@code dir}, written first if it is not there yet. */
    static Path ensure(Path dir, int events) throws IOException {
        Path file = dir.resolve(String.format("111122223333_CloudTrail_us-east-1_20261101T0000Z_dense-%d.json", events));
        if (Files.isRegularFile(file)) {
            return file;
        }
        Files.createDirectories(dir);
        Path partial = dir.resolveSibling(dir.getFileName() + ".partial");
        try (OutputStream out = Files.newOutputStream(partial);
             JsonGenerator json = new JsonFactory().createGenerator(out)) {
            write(json, events);
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    private static void write(JsonGenerator json, int events) throws IOException {
        Random random = new Random(150_000);
        json.writeStartObject();
        json.writeArrayFieldStart("Records");
        for (int i = 0; i < events; i++) {
            String account = String.format("%012d", 100_000_000_000L + i % 200);
            String time = START.plusSeconds(i).toString();
            json.writeStartObject();
            json.writeStringField("eventVersion", "1.08");
            json.writeObjectFieldStart("userIdentity");
            json.writeStringField("type", "Root");
            json.writeStringField("principalId", account);
            json.writeStringField("arn", "arn:aws:iam::" + account + ":root");
            json.writeStringField("accountId", account);
            json.writeStringField("accessKeyId", "");
            json.writeEndObject();
            json.writeStringField("eventTime", time);
            json.writeStringField("eventSource", "signin.amazonaws.com");
            json.writeStringField("eventName", "ConsoleLogin");
            json.writeStringField("awsRegion", "us-east-1");
            json.writeStringField("sourceIPAddress", "198.51.100." + random.nextInt(256));
            json.writeStringField("userAgent", "Mozilla/5.0");
            json.writeNullField("requestParameters");
            json.writeObjectFieldStart("responseElements");
            json.writeStringField("ConsoleLogin", "Success");
            json.writeEndObject();
            json.writeObjectFieldStart("additionalEventData");
            json.writeStringField("MobileVersion", "No");
            json.writeStringField("MFAUsed", "No");
            json.writeEndObject();
            json.writeStringField("eventID", new UUID(random.nextLong(), random.nextLong()).toString());
            json.writeBooleanField("readOnly", false);
            json.writeStringField("eventType", "AwsConsoleSignIn");
            json.writeBooleanField("managementEvent", true);
            json.writeStringField("recipientAccountId", account);
            json.writeStringField("eventCategory", "Management");
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
