package dev.rootwatch.collector.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rootwatch.common.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/** CloudTrail events, log files and the envelopes that carry them, built from the project's fixtures. */
public final class CloudTrail {

    public static final String ACCOUNT = "111122223333";

    private CloudTrail() {
    }

    public static String eventTime() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    /** An EventBridge "AWS Console Sign In via CloudTrail" envelope of a root ConsoleLogin without MFA. */
    public static String eventBridgeRootLogin(String account, String eventId) {
        return Fixture.load("eventbridge-root-console-login.json").with("ENVELOPE_ID", newId()).with("ACCOUNT", account)
                .with("EVENT_TIME", eventTime()).with("EVENT_ID", eventId).compact();
    }

    /** An EventBridge "AWS API Call via CloudTrail" envelope of root deactivating its MFA device. */
    public static String eventBridgeRootDeactivateMfa(String account, String eventId) {
        return Fixture.load("eventbridge-root-deactivate-mfa.json").with("ENVELOPE_ID", newId()).with("ACCOUNT", account)
                .with("EVENT_TIME", eventTime()).with("EVENT_ID", eventId).compact();
    }

    /** A root ConsoleLogin as a log-file record. */
    public static ObjectNode rootLoginRecord(String account, String eventId) {
        return (ObjectNode) Fixture.load("eventbridge-root-console-login.json").with("ENVELOPE_ID", newId()).with("ACCOUNT", account)
                .with("EVENT_TIME", eventTime()).with("EVENT_ID", eventId).json().get("detail");
    }

    /** An irrelevant record: an IAM user's DescribeInstances. */
    public static ObjectNode noiseRecord(String account) {
        return Fixture.load("record-iamuser-describe-instances.json").with("ACCOUNT", account).with("EVENT_TIME", eventTime())
                .with("EVENT_ID", newId()).json();
    }

    /** A gzip CloudTrail log file: {@code {"Records":[...]}} on one line. */
    public static byte[] logFile(List<? extends JsonNode> records) {
        ObjectNode root = Json.mapper().createObjectNode();
        ArrayNode array = root.putArray("Records");
        records.forEach(array::add);
        return gzip(root.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The documented key of a log file: {@code AWSLogs/<account>/CloudTrail/<region>/Y/M/D/<account>_CloudTrail_<region>_<time>_<id>.json.gz}. */
    public static String logKey(String account, String suffix) {
        return "AWSLogs/" + account + "/CloudTrail/eu-west-1/2026/03/14/" + account + "_CloudTrail_eu-west-1_20260314T1205Z_"
                + suffix + ".json.gz";
    }

    /** An organization trail's key: {@code AWSLogs/o-.../<account>/CloudTrail/...}. */
    public static String orgLogKey(String org, String account, String suffix) {
        return "AWSLogs/" + org + "/" + account + "/CloudTrail/eu-west-1/2026/03/14/" + account + "_CloudTrail_eu-west-1_20260314T1205Z_"
                + suffix + ".json.gz";
    }

    public static String digestKey(String account) {
        return "AWSLogs/" + account + "/CloudTrail-Digest/eu-west-1/2026/03/14/" + account
                + "_CloudTrail-Digest_eu-west-1_management_us-east-1_20260314T120000Z.json.gz";
    }

    public static String insightKey(String account) {
        return "AWSLogs/" + account + "/CloudTrail-Insight/eu-west-1/2026/03/14/" + account
                + "_CloudTrail-Insight_eu-west-1_20260314T1205Z_abcd.json.gz";
    }

    /** An S3 event notification of one object, its key URL-encoded as S3 sends it. */
    public static String s3Notification(String bucket, String key) {
        return s3NotificationFixture(bucket, key).compact();
    }

    private static Fixture s3NotificationFixture(String bucket, String key) {
        return Fixture.load("s3-event-notification.json").with("BUCKET", bucket).with("NOTIFICATION_TIME", Instant.now().toString())
                .with("ENCODED_KEY", URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/"));
    }

    /** The S3 notification wrapped by SNS (Message is the notification as a JSON string), as an SQS body. */
    public static String snsWrappedS3Notification(String bucket, String key) {
        return Fixture.load("sns-s3-notification.json").with("MESSAGE_ID", newId()).with("NOTIFICATION_TIME", Instant.now().toString())
                .withJsonString("MESSAGE", s3Notification(bucket, key)).compact();
    }

    /** CloudTrail's own SNS notification: {@code {"s3Bucket":..,"s3ObjectKey":[...]}} as the Message string. */
    public static String cloudTrailSnsNotification(String bucket, List<String> keys) {
        ObjectNode message = Json.mapper().createObjectNode().put("s3Bucket", bucket);
        ArrayNode array = message.putArray("s3ObjectKey");
        keys.forEach(array::add);
        return Fixture.load("sns-notification.json").with("MESSAGE_ID", newId()).with("NOTIFICATION_TIME", Instant.now().toString())
                .withJsonString("MESSAGE", message.toString()).compact();
    }

    public static String s3TestEvent(String bucket) {
        return Fixture.load("s3-test-event.json").with("BUCKET", bucket).with("NOTIFICATION_TIME", Instant.now().toString()).compact();
    }

    public static String subscriptionConfirmation(String subscribeUrl) {
        return Fixture.load("sns-subscription-confirmation.json").with("MESSAGE_ID", newId())
                .with("NOTIFICATION_TIME", Instant.now().toString()).with("SUBSCRIBE_URL", subscribeUrl).compact();
    }
}
