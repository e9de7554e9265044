package dev.rootwatch.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rootwatch.common.cloudtrail.EventNormalizer;
import dev.rootwatch.common.cloudtrail.InvalidEventException;
import dev.rootwatch.common.json.Json;
import dev.rootwatch.common.model.Ingest;
import dev.rootwatch.common.model.IngestSource;
import dev.rootwatch.common.model.TrailEvent;
import java.time.Duration;
import java.time.Instant;

/**
 * CloudTrail records of the kinds rootwatch keeps (root sign-ins, root API calls, MFA device
 * calls, StopLogging), written the way CloudTrail writes them and turned into
 * {@code rootwatch.event/v1} by the collector's own normalizer, so that the evaluator holds what
 * it would hold in production, raw event included.
 */
final class EvaluatorStateTrail {

    /** CloudTrail usually delivers an event a few minutes after it happened. */
    private static final Duration DELIVERY_DELAY = Duration.ofMinutes(4);
    private static final String CONSOLE = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/130.0.0.0 Safari/537.36";

    private final ObjectMapper mapper = Json.mapper();

    /** A root ConsoleLogin, successful or failed, with or without MFA. */
    TrailEvent rootSignIn(String account, Instant at, String eventId, String sourceIp, boolean success, boolean mfa) {
        ObjectNode e = base(account, at, eventId, sourceIp, CONSOLE);
        root(e, account, "");
        e.put("eventSource", "signin.amazonaws.com").put("eventName", "ConsoleLogin").put("eventType", "AwsConsoleSignIn");
        e.putNull("requestParameters");
        e.putObject("responseElements").put("ConsoleLogin", success ? "Success" : "Failure");
        ObjectNode additional = e.putObject("additionalEventData");
        additional.put("LoginTo", "https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true")
                .put("MobileVersion", "No").put("MFAUsed", mfa ? "Yes" : "No");
        if (mfa) {
            additional.put("MFAIdentifier", "arn:aws:iam::" + account + ":u2f/root/security-key-1");
        }
        if (!success) {
            e.put("errorMessage", "Failed authentication");
        }
        return normalize(e, at);
    }

    /** Any other call root makes from its console session (access key {@code accessKey}). */
    TrailEvent rootCall(String account, Instant at, String eventId, String sourceIp, String accessKey,
                        String eventSource, String eventName) {
        ObjectNode e = base(account, at, eventId, sourceIp, "AWS Internal");
        root(e, account, accessKey).putObject("sessionContext").putObject("attributes")
                .put("creationDate", at.minusSeconds(300).toString()).put("mfaAuthenticated", "true");
        e.put("eventSource", eventSource).put("eventName", eventName).put("eventType", "AwsApiCall")
                .put("readOnly", eventName.startsWith("List") || eventName.startsWith("Get") || eventName.startsWith("Describe"))
                .put("managementEvent", true).put("eventCategory", "Management").put("sessionCredentialFromConsole", "true");
        e.putObject("requestParameters").put("maxItems", 100);
        e.putNull("responseElements");
        return normalize(e, at);
    }

    /** CreateAccessKey by root for itself: a new long-lived key for root. */
    TrailEvent rootCreateAccessKey(String account, Instant at, String eventId, String sourceIp, String accessKey,
                                   String createdKey) {
        ObjectNode e = base(account, at, eventId, sourceIp, "AWS Internal");
        root(e, account, accessKey);
        e.put("eventSource", "iam.amazonaws.com").put("eventName", "CreateAccessKey").put("eventType", "AwsApiCall");
        e.putObject("requestParameters");
        e.putObject("responseElements").putObject("accessKey").put("accessKeyId", createdKey).put("status", "Active")
                .put("userName", "AWS ROOT USER").put("createDate", at.toString());
        return normalize(e, at);
    }

    /**
     * An MFA device call ({@code EnableMFADevice}, {@code DeactivateMFADevice}, ...) by root
     * ({@code iamUser} null) or by an IAM user, naming {@code userName} (null: no user named).
     */
    TrailEvent mfaCall(String account, Instant at, String eventId, String sourceIp, String accessKey, String eventName,
                       String iamUser, String userName, String serialNumber) {
        ObjectNode e = base(account, at, eventId, sourceIp, "AWS Internal");
        if (iamUser == null) {
            root(e, account, accessKey);
        } else {
            e.putObject("userIdentity").put("type", "IAMUser").put("principalId", "AIDA" + account + "USER")
                    .put("arn", "arn:aws:iam::" + account + ":user/" + iamUser).put("accountId", account)
                    .put("accessKeyId", accessKey).put("userName", iamUser);
        }
        e.put("eventSource", "iam.amazonaws.com").put("eventName", eventName).put("eventType", "AwsApiCall");
        ObjectNode request = e.putObject("requestParameters");
        if (userName != null) {
            request.put("userName", userName);
        }
        request.put("serialNumber", serialNumber);
        e.putNull("responseElements");
        return normalize(e, at);
    }

    /** StopLogging of the organization trail by an assumed role. */
    TrailEvent stopLogging(String account, Instant at, String eventId, String sourceIp) {
        ObjectNode e = base(account, at, eventId, sourceIp, "aws-cli/2.17.0 Python/3.11.8 Linux/6.1 exe/x86_64");
        e.putObject("userIdentity").put("type", "AssumedRole").put("principalId", "AROA" + account + ":ops")
                .put("arn", "arn:aws:sts::" + account + ":assumed-role/ops/ops").put("accountId", account)
                .put("accessKeyId", "ASIA" + account + "OPS");
        e.put("eventSource", "cloudtrail.amazonaws.com").put("eventName", "StopLogging").put("eventType", "AwsApiCall");
        e.putObject("requestParameters").put("name", "arn:aws:cloudtrail:us-east-1:" + account + ":trail/org");
        e.putNull("responseElements");
        return normalize(e, at);
    }

    private ObjectNode base(String account, Instant at, String eventId, String sourceIp, String userAgent) {
        ObjectNode e = mapper.createObjectNode();
        e.put("eventVersion", "1.10").put("eventTime", at.toString()).put("awsRegion", "us-east-1")
                .put("sourceIPAddress", sourceIp).put("userAgent", userAgent).put("eventID", eventId)
                .put("requestID", eventId.replace("-", "").toUpperCase()).put("recipientAccountId", account);
        e.putObject("tlsDetails").put("tlsVersion", "TLSv1.3").put("cipherSuite", "TLS_AES_128_GCM_SHA256")
                .put("clientProvidedHostHeader", "signin.aws.amazon.com");
        return e;
    }

    private static ObjectNode root(ObjectNode event, String account, String accessKey) {
        return event.putObject("userIdentity").put("type", "Root").put("principalId", account)
                .put("arn", "arn:aws:iam::" + account + ":root").put("accountId", account).put("accessKeyId", accessKey);
    }

    private static TrailEvent normalize(ObjectNode event, Instant at) {
        try {
            return EventNormalizer.normalize(event, null,
                    new Ingest(IngestSource.SQS, at.plus(DELIVERY_DELAY), "bench-" + event.path("eventID").asText()));
        } catch (InvalidEventException e) {
            throw new IllegalStateException("the bench wrote a CloudTrail record the collector refuses", e);
        }
    }
}
