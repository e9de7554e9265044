package dev.rootwatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * Writes CloudTrail log files (gzip, {@code {"Records":[...]}}) that look like a busy
 * organization: assumed roles calling EC2, S3, STS and KMS, IAM users signing in, records of
 * about 1.5 KB; and, a configurable per-mille of the time, what rootwatch is for (root sign-ins
 * with and without MFA, root deactivating its MFA device, StopLogging). The same seed gives the
 * same files. Also writes {@code <dir>-expected.json} beside the directory: the record count, the relevant events, and the
 * single-event alerts they must raise.
 */
public final class CloudTrailGenerator {

    private static final String[][] NOISE = {
        {"ec2.amazonaws.com", "DescribeInstances"}, {"s3.amazonaws.com", "GetObject"}, {"sts.amazonaws.com", "AssumeRole"},
        {"kms.amazonaws.com", "Decrypt"}, {"s3.amazonaws.com", "PutObject"}, {"ec2.amazonaws.com", "DescribeSecurityGroups"}};

    private final ObjectMapper mapper = new ObjectMapper();
    private final Random random;
    private final int perMille;
    private final Map<String, Long> expected = new LinkedHashMap<>();
    private final Instant start = Instant.parse("2026-11-01T00:00:00Z");

    public CloudTrailGenerator(long seed, int perMille) {
        this.random = new Random(seed);
        this.perMille = perMille;
    }

    /** Writes {@code records} records in files of {@code perFile} into {@code dir}; returns the uncompressed bytes. */
    public long write(Path dir, long records, int perFile) throws IOException {
        Files.createDirectories(dir);
        long bytes = 0;
        long written = 0;
        for (int file = 0; written < records; file++) {
            int n = (int) Math.min(perFile, records - written);
            ObjectNode log = mapper.createObjectNode();
            ArrayNode array = log.putArray("Records");
            for (int i = 0; i < n; i++) {
                array.add(record(written + i));
            }
            byte[] json = mapper.writeValueAsBytes(log);
            bytes += json.length;
            Path out = dir.resolve(String.format("111122223333_CloudTrail_us-east-1_20261101T0000Z_%06d.json.gz", file));
            try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(out), 64 * 1024)) {
                gz.write(json);
            }
            written += n;
        }
        expected.put("records", records);
        expected.put("uncompressedBytes", bytes);
        mapper.writerWithDefaultPrettyPrinter().writeValue(expectedFile(dir).toFile(), expected);
        return bytes;
    }

    /**
     * The bench's corpus of {@code records} records in {@code dir} (seed 42, 1 per mille relevant, 2,000 records a
     * file), generated first unless {@code dir}'s expected file says it already holds as many; returns the expected file's
     * contents.
     */
    public static JsonNode ensure(Path dir, long records, PrintStream progress) throws IOException {
        Path expectedFile = expectedFile(dir);
        ObjectMapper mapper = new ObjectMapper();
        if (!Files.exists(expectedFile) || mapper.readTree(expectedFile.toFile()).path("records").asLong() != records) {
            progress.printf(Locale.ROOT, "generating %,d records into %s ...%n", records, dir);
            new CloudTrailGenerator(42, 1).write(dir, records, 2000);
        }
        return mapper.readTree(expectedFile.toFile());
    }

    /** Beside the directory, not in it: replay reads every file of the directory. */
    public static Path expectedFile(Path dir) {
        return dir.toAbsolutePath().resolveSibling(dir.getFileName() + "-expected.json");
    }

    private ObjectNode record(long index) {
        String account = String.format("%012d", 100_000_000_000L + random.nextInt(200));
        String time = start.plusSeconds(index / 50).toString();
        if (random.nextInt(1000) < perMille) {
            return relevant(account, time);
        }
        return random.nextInt(50) == 0 ? iamUserSignIn(account, time) : noise(account, time);
    }

    private ObjectNode relevant(String account, String time) {
        count("relevant");
        int kind = random.nextInt(4);
        ObjectNode e = base(account, time);
        ObjectNode id = e.putObject("userIdentity");
        id.put("type", "Root").put("principalId", account).put("arn", "arn:aws:iam::" + account + ":root").put("accountId", account);
        switch (kind) {
            case 0, 1 -> {
                boolean mfa = kind == 0;
                count(mfa ? "ROOT_CONSOLE_LOGIN" : "ROOT_CONSOLE_LOGIN_WITHOUT_MFA");
                id.put("accessKeyId", "");
                e.put("eventSource", "signin.amazonaws.com").put("eventName", "ConsoleLogin").put("eventType", "AwsConsoleSignIn");
                e.putNull("requestParameters");
                e.putObject("responseElements").put("ConsoleLogin", "Success");
                e.putObject("additionalEventData").put("MobileVersion", "No").put("MFAUsed", mfa ? "Yes" : "No");
            }
            case 2 -> {
                count("ROOT_MFA_DEVICE_DEACTIVATED");
                id.put("accessKeyId", "ASIA" + hex(16).toUpperCase());
                e.put("eventSource", "iam.amazonaws.com").put("eventName", "DeactivateMFADevice").put("eventType", "AwsApiCall");
                e.putObject("requestParameters").put("serialNumber", "arn:aws:iam::" + account + ":mfa/root-account-mfa-device");
                e.putNull("responseElements");
            }
            default -> {
                count("CLOUDTRAIL_TAMPERING");
                id.put("accessKeyId", "ASIA" + hex(16).toUpperCase());
                e.put("eventSource", "cloudtrail.amazonaws.com").put("eventName", "StopLogging").put("eventType", "AwsApiCall");
                e.putObject("requestParameters").put("name", "arn:aws:cloudtrail:us-east-1:" + account + ":trail/org");
                e.putNull("responseElements");
            }
        }
        return e;
    }

    private ObjectNode iamUserSignIn(String account, String time) {
        ObjectNode e = base(account, time);
        e.putObject("userIdentity").put("type", "IAMUser").put("principalId", "AIDA" + hex(16).toUpperCase())
                .put("arn", "arn:aws:iam::" + account + ":user/dev" + random.nextInt(100)).put("accountId", account)
                .put("userName", "dev" + random.nextInt(100));
        e.put("eventSource", "signin.amazonaws.com").put("eventName", "ConsoleLogin").put("eventType", "AwsConsoleSignIn");
        e.putNull("requestParameters");
        e.putObject("responseElements").put("ConsoleLogin", "Success");
        e.putObject("additionalEventData").put("MobileVersion", "No").put("MFAUsed", "Yes");
        return e;
    }

    private ObjectNode noise(String account, String time) {
        String[] call = NOISE[random.nextInt(NOISE.length)];
        ObjectNode e = base(account, time);
        ObjectNode id = e.putObject("userIdentity");
        id.put("type", "AssumedRole").put("principalId", "AROA" + hex(16).toUpperCase() + ":session-" + random.nextInt(1000))
                .put("arn", "arn:aws:sts::" + account + ":assumed-role/app-role-" + random.nextInt(20) + "/i-0" + hex(16))
                .put("accountId", account).put("accessKeyId", "ASIA" + hex(16).toUpperCase());
        ObjectNode ctx = id.putObject("sessionContext");
        ctx.putObject("sessionIssuer").put("type", "Role").put("principalId", "AROA" + hex(16).toUpperCase())
                .put("arn", "arn:aws:iam::" + account + ":role/app-role").put("accountId", account).put("userName", "app-role");
        ctx.putObject("webIdFederationData");
        ctx.putObject("attributes").put("creationDate", time).put("mfaAuthenticated", "false");
        e.put("eventSource", call[0]).put("eventName", call[1]).put("eventType", "AwsApiCall");
        e.put("userAgent", "aws-sdk-java/2.20." + random.nextInt(100) + " Linux/5.10 OpenJDK_64-Bit_Server_VM/17.0."
                + random.nextInt(10) + " vendor/Amazon.com_Inc. exec-env/AWS_ECS_FARGATE io/sync http/Apache cfg/retry-mode/standard");
        e.putObject("requestParameters").put("bucketName", "data-" + random.nextInt(100))
                .put("key", "path/to/object/" + new UUID(random.nextLong(), random.nextLong()) + ".parquet").put("Host", "s3.amazonaws.com");
        e.putNull("responseElements");
        e.putObject("additionalEventData").put("SignatureVersion", "SigV4").put("CipherSuite", "ECDHE-RSA-AES128-GCM-SHA256")
                .put("bytesTransferredIn", 0).put("AuthenticationMethod", "AuthHeader").put("x-amz-id-2", hex(32))
                .put("bytesTransferredOut", random.nextInt(1_000_000));
        e.putArray("resources").addObject().put("type", "AWS::S3::Object").put("ARN", "arn:aws:s3:::data/obj");
        e.put("readOnly", true).put("managementEvent", false).put("eventCategory", "Data");
        e.putObject("tlsDetails").put("tlsVersion", "TLSv1.2").put("cipherSuite", "ECDHE-RSA-AES128-GCM-SHA256")
                .put("clientProvidedHostHeader", "s3.amazonaws.com");
        return e;
    }

    private ObjectNode base(String account, String time) {
        ObjectNode e = mapper.createObjectNode();
        e.put("eventVersion", "1.08").put("eventTime", time).put("awsRegion", "us-east-1")
                .put("sourceIPAddress", "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256))
                .put("userAgent", "Mozilla/5.0").put("eventID", new UUID(random.nextLong(), random.nextLong()).toString())
                .put("requestID", hex(32).toUpperCase()).put("recipientAccountId", account);
        return e;
    }

    private void count(String key) {
        expected.merge(key, 1L, Long::sum);
    }

    private String hex(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(Character.forDigit(random.nextInt(16), 16));
        }
        return sb.toString();
    }
}
