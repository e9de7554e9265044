package dev.rootwatch.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The SQS message bodies of the live bench, shaped as EventBridge delivers CloudTrail to a queue:
 * busy-organization noise ("AWS API Call via CloudTrail" by assumed roles, which rootwatch must
 * read and let go) and root console sign-ins without MFA (each raises exactly one
 * ROOT_CONSOLE_LOGIN_WITHOUT_MFA alert at once). Bodies are built once as templates and only
 * their ids, account and time are filled in per message, so sending thousands a second costs little.
 */
final class LiveEvents {

    private static final String EVENT_ID = "@EVENT_ID@";
    private static final String ENVELOPE_ID = "@ENVELOPE_ID@";
    private static final String ACCOUNT = "@ACCOUNT@";
    private static final String TIME = "@TIME@";
    private static final String[][] NOISE_CALLS = {
        {"ec2.amazonaws.com", "DescribeInstances", "aws.ec2"}, {"s3.amazonaws.com", "GetObject", "aws.s3"},
        {"sts.amazonaws.com", "AssumeRole", "aws.sts"}, {"kms.amazonaws.com", "Decrypt", "aws.kms"},
        {"s3.amazonaws.com", "PutObject", "aws.s3"}, {"ec2.amazonaws.com", "DescribeSecurityGroups", "aws.ec2"}};

    private final ObjectMapper mapper = new ObjectMapper();
    private final String[] noiseTemplates;
    private final String rootLoginTemplate;

    LiveEvents() {
        noiseTemplates = new String[NOISE_CALLS.length];
        for (int i = 0; i < NOISE_CALLS.length; i++) {
            noiseTemplates[i] = noiseTemplate(NOISE_CALLS[i][0], NOISE_CALLS[i][1], NOISE_CALLS[i][2], i);
        }
        rootLoginTemplate = rootLoginTemplate();
    }

    /** Noise event number {@code index}: an application role's API call rootwatch has no business with. */
    String noise(long index) {
        String account = String.format("%012d", 500_000_000_000L + index % 200);
        return fill(noiseTemplates[(int) (index % noiseTemplates.length)], account, UUID.randomUUID().toString());
    }

    /** A successful root console sign-in without MFA in {@code account}, CloudTrail eventID {@code eventId}. */
    String rootLoginWithoutMfa(String account, String eventId) {
        return fill(rootLoginTemplate, account, eventId);
    }

    private static String fill(String template, String account, String eventId) {
        return template.replace(EVENT_ID, eventId).replace(ENVELOPE_ID, UUID.randomUUID().toString())
                .replace(ACCOUNT, account).replace(TIME, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    private String noiseTemplate(String eventSource, String eventName, String source, int variant) {
        ObjectNode envelope = envelope("AWS API Call via CloudTrail", source);
        ObjectNode detail = envelope.putObject("detail");
        detail.put("eventVersion", "1.09");
        ObjectNode id = detail.putObject("userIdentity");
        id.put("type", "AssumedRole").put("principalId", "AROAEXAMPLEAPPROLE0" + variant + ":i-0a1b2c3d4e5f6070" + variant)
                .put("arn", "arn:aws:sts::" + ACCOUNT + ":assumed-role/app-role-" + variant + "/i-0a1b2c3d4e5f6070" + variant)
                .put("accountId", ACCOUNT).put("accessKeyId", "ASIAEXAMPLEKEY00000" + variant);
        ObjectNode session = id.putObject("sessionContext");
        session.putObject("sessionIssuer").put("type", "Role").put("principalId", "AROAEXAMPLEAPPROLE0" + variant)
                .put("arn", "arn:aws:iam::" + ACCOUNT + ":role/app-role-" + variant).put("accountId", ACCOUNT)
                .put("userName", "app-role-" + variant);
        session.putObject("attributes").put("creationDate", TIME).put("mfaAuthenticated", "false");
        detail.put("eventTime", TIME).put("eventSource", eventSource).put("eventName", eventName).put("awsRegion", "us-east-1")
                .put("sourceIPAddress", "10.0." + variant + ".17")
                .put("userAgent", "aws-sdk-java/2.25.16 Linux/5.10 OpenJDK_64-Bit_Server_VM/17.0.10 exec-env/AWS_ECS_FARGATE");
        detail.putObject("requestParameters").put("bucketName", "data-" + variant)
                .put("key", "path/to/object/part-0000" + variant + ".parquet").put("Host", "s3.amazonaws.com");
        detail.putNull("responseElements");
        detail.putObject("additionalEventData").put("SignatureVersion", "SigV4").put("CipherSuite", "ECDHE-RSA-AES128-GCM-SHA256")
                .put("AuthenticationMethod", "AuthHeader").put("bytesTransferredOut", 4096 * (variant + 1));
        detail.put("requestID", "EXAMPLEREQUEST00" + variant).put("eventID", EVENT_ID).put("readOnly", true);
        detail.putArray("resources").addObject().put("type", "AWS::S3::Object").put("ARN", "arn:aws:s3:::data-" + variant + "/obj");
        detail.put("eventType", "AwsApiCall").put("managementEvent", false).put("recipientAccountId", ACCOUNT)
                .put("eventCategory", "Data");
        detail.putObject("tlsDetails").put("tlsVersion", "TLSv1.2").put("cipherSuite", "ECDHE-RSA-AES128-GCM-SHA256")
                .put("clientProvidedHostHeader", eventSource);
        return envelope.toString();
    }

    private String rootLoginTemplate() {
        ObjectNode envelope = envelope("AWS Console Sign In via CloudTrail", "aws.signin");
        ObjectNode detail = envelope.putObject("detail");
        detail.put("eventVersion", "1.08");
        detail.putObject("userIdentity").put("type", "Root").put("principalId", ACCOUNT)
                .put("arn", "arn:aws:iam::" + ACCOUNT + ":root").put("accountId", ACCOUNT).put("accessKeyId", "");
        detail.put("eventTime", TIME).put("eventSource", "signin.amazonaws.com").put("eventName", "ConsoleLogin")
                .put("awsRegion", "us-east-1").put("sourceIPAddress", "198.51.100.23")
                .put("userAgent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0");
        detail.putNull("requestParameters");
        detail.putObject("responseElements").put("ConsoleLogin", "Success");
        detail.putObject("additionalEventData").put("MobileVersion", "No").put("MFAUsed", "No");
        detail.put("eventID", EVENT_ID).put("readOnly", false).put("eventType", "AwsConsoleSignIn").put("managementEvent", true)
                .put("recipientAccountId", ACCOUNT).put("eventCategory", "Management");
        return envelope.toString();
    }

    private ObjectNode envelope(String detailType, String source) {
        ObjectNode envelope = mapper.createObjectNode();
        envelope.put("version", "0").put("id", ENVELOPE_ID).put("detail-type", detailType).put("source", source)
                .put("account", ACCOUNT).put("time", TIME).put("region", "us-east-1");
        envelope.putArray("resources");
        return envelope;
    }
}
