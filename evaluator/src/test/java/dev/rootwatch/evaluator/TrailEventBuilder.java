package dev.rootwatch.evaluator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rootwatch.common.json.Json;
import dev.rootwatch.common.model.Actor;
import dev.rootwatch.common.model.Ingest;
import dev.rootwatch.common.model.IngestSource;
import dev.rootwatch.common.model.Outcome;
import dev.rootwatch.common.model.Target;
import dev.rootwatch.common.model.TrailEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * CloudTrail-shaped {@link TrailEvent} fixtures, written for these tests: each starts from the
 * shape AWS records for that call (see shared/docs/cloudtrail-facts.md) and can be varied.
 */
final class TrailEventBuilder {

    static final String ACCOUNT = "111122223333";
    static final Instant EVENT_TIME = Instant.parse("2022-11-10T16:24:34Z");
    static final String BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.12; rv:62.0) Gecko/20100101 Firefox/62.0";

    private String eventId = UUID.randomUUID().toString();
    private String accountId = ACCOUNT;
    private String partition = "aws";
    private Instant eventTime = EVENT_TIME;
    private String eventSource;
    private String eventName;
    private String awsRegion = "us-east-1";
    private ActorKind actorKind = ActorKind.ROOT;
    private String iamUserName = "admin";
    private String sourceIp = "192.0.2.0";
    private String userAgent = BROWSER;
    private Outcome outcome = Outcome.SUCCESS;
    private String errorMessage;
    private Boolean mfaUsed;
    private String mfaIdentifier;
    private String targetUserName;
    private String targetSerial;
    private String accessKeyId = "ASIAEXAMPLEROOTKEY01";
    private String invokedBy;
    private String eventType;
    private IngestSource ingestSource = IngestSource.FILE;
    private String trailName;
    private String createdAccessKeyId;
    private String errorCode;
    private String requestJson;
    private String resourceArn;

    private enum ActorKind { ROOT, IAM_USER }

    private TrailEventBuilder(String eventSource, String eventName) {
        this.eventSource = eventSource;
        this.eventName = eventName;
    }

    /** A successful root ConsoleLogin, MFAUsed "No", as in AWS's sign-in event examples. */
    static TrailEventBuilder rootConsoleLogin() {
        return new TrailEventBuilder("signin.amazonaws.com", "ConsoleLogin").mfaUsed(false);
    }

    /** A successful ConsoleLogin of IAM user {@code userName}, MFAUsed "No". */
    static TrailEventBuilder iamUserConsoleLogin(String userName) {
        return rootConsoleLogin().byIamUser(userName);
    }

    /** DeactivateMFADevice by root from the console; {@code userName} may be null (AssumeRoot style). */
    static TrailEventBuilder deactivateMfaDevice(String userName, String serialNumber) {
        return new TrailEventBuilder("iam.amazonaws.com", "DeactivateMFADevice")
                .target(userName, serialNumber).userAgent("AWS Internal");
    }

    /** DeleteVirtualMFADevice by root from the console: requestParameters carry only the serial. */
    static TrailEventBuilder deleteVirtualMfaDevice(String serialNumber) {
        return new TrailEventBuilder("iam.amazonaws.com", "DeleteVirtualMFADevice")
                .target(null, serialNumber).userAgent("AWS Internal");
    }

    /** EnableMFADevice of {@code userName}'s device (the console sends "AWS ROOT USER" for root). */
    static TrailEventBuilder enableMfaDevice(String userName, String serialNumber) {
        return new TrailEventBuilder("iam.amazonaws.com", "EnableMFADevice")
                .target(userName, serialNumber).userAgent("Coral/Netty4");
    }

    /** A failed root ConsoleLogin ("Failed authentication"), MFAUsed "No". */
    static TrailEventBuilder rootConsoleLoginFailure() {
        return rootConsoleLogin().failed("Failed authentication");
    }

    /** Any API call made by root from the console session ASIAEXAMPLEROOTKEY01. */
    static TrailEventBuilder apiCall(String eventSource, String eventName) {
        return new TrailEventBuilder(eventSource, eventName).userAgent("AWS Internal");
    }

    /** A root sign-in event other than ConsoleLogin (PasswordUpdated, PasswordRecoveryCompleted, CheckMfa). */
    static TrailEventBuilder signInEvent(String eventName) {
        return new TrailEventBuilder("signin.amazonaws.com", eventName);
    }

    /** StopLogging or DeleteTrail of trail {@code name}. */
    static TrailEventBuilder trailCall(String eventName, String name) {
        TrailEventBuilder b = new TrailEventBuilder("cloudtrail.amazonaws.com", eventName);
        b.trailName = name;
        return b;
    }

    /**
     * A CloudTrail ({@code cloudtrail.amazonaws.com}) or Organizations ({@code organizations.amazonaws.com})
     * call by IAM user admin with the {@code requestParameters} given as JSON text, as CloudTrail records them.
     */
    static TrailEventBuilder call(String eventSource, String eventName, String requestParameters) {
        TrailEventBuilder b = new TrailEventBuilder(eventSource, eventName).byIamUser("admin").userAgent("aws-cli/2.15.0");
        b.requestJson = requestParameters;
        return b;
    }

    /** {@code arn:aws:iam::111122223333:mfa/<name>}. */
    static String virtualSerial(String name) {
        return "arn:aws:iam::" + ACCOUNT + ":mfa/" + name;
    }

    TrailEventBuilder eventId(String value) {
        this.eventId = value;
        return this;
    }

    TrailEventBuilder account(String value) {
        this.accountId = value;
        return this;
    }

    TrailEventBuilder partition(String value) {
        this.partition = value;
        return this;
    }

    TrailEventBuilder at(Instant value) {
        this.eventTime = value;
        return this;
    }

    TrailEventBuilder region(String value) {
        this.awsRegion = value;
        return this;
    }

    TrailEventBuilder byRoot() {
        this.actorKind = ActorKind.ROOT;
        return this;
    }

    TrailEventBuilder byIamUser(String userName) {
        this.actorKind = ActorKind.IAM_USER;
        this.iamUserName = userName;
        return this;
    }

    TrailEventBuilder sourceIp(String value) {
        this.sourceIp = value;
        return this;
    }

    TrailEventBuilder userAgent(String value) {
        this.userAgent = value;
        return this;
    }

    TrailEventBuilder mfaUsed(Boolean value) {
        this.mfaUsed = value;
        return this;
    }

    TrailEventBuilder mfaIdentifier(String value) {
        this.mfaIdentifier = value;
        return this;
    }

    TrailEventBuilder failed(String message) {
        this.outcome = Outcome.FAILURE;
        this.errorMessage = message;
        return this;
    }

    /** The event's {@code resources[0].ARN}, as CloudTrail lists the resource of a KMS or S3 call. */
    TrailEventBuilder resource(String type, String arn) {
        this.resourceArn = type + "|" + arn;
        return this;
    }

    /** A refused API call: errorCode and errorMessage, as CloudTrail records them. */
    TrailEventBuilder failed(String code, String message) {
        this.errorCode = code;
        return failed(message);
    }

    /** The caller's access key (root API calls); null for none. */
    TrailEventBuilder accessKey(String value) {
        this.accessKeyId = value;
        return this;
    }

    /** userIdentity.invokedBy: an AWS service acting for the caller. */
    TrailEventBuilder invokedBy(String value) {
        this.invokedBy = value;
        return this;
    }

    /** The raw eventType (AwsApiCall, AwsConsoleSignIn, AwsServiceEvent). */
    TrailEventBuilder eventType(String value) {
        this.eventType = value;
        return this;
    }

    /** How the event reached rootwatch. */
    TrailEventBuilder via(IngestSource value) {
        this.ingestSource = value;
        return this;
    }

    /** responseElements.accessKey.accessKeyId of a CreateAccessKey. */
    TrailEventBuilder createdAccessKey(String value) {
        this.createdAccessKeyId = value;
        return this;
    }

    TrailEventBuilder target(String userName, String serialNumber) {
        this.targetUserName = userName;
        this.targetSerial = serialNumber;
        return this;
    }

    TrailEvent build() {
        Actor actor = actor();
        boolean signIn = "signin.amazonaws.com".equals(eventSource);
        return new TrailEvent(TrailEvent.SCHEMA, eventId, accountId, eventTime, eventSource, eventName, awsRegion,
                actor, sourceIp, userAgent, outcome, errorCode, errorMessage, signIn ? mfaUsed : null,
                signIn ? mfaIdentifier : null, new Target(targetUserName, targetSerial),
                new Ingest(ingestSource, receivedAt(), "fixture.json"), raw(actor, signIn));
    }

    /** Five minutes after the event, as CloudTrail delivers; the event's own time at the very end of time. */
    private Instant receivedAt() {
        return eventTime.isAfter(Instant.MAX.minusSeconds(300)) ? eventTime : eventTime.plusSeconds(300);
    }

    private Actor actor() {
        if (actorKind == ActorKind.ROOT) {
            return new Actor(Actor.ROOT, "arn:" + partition + ":iam::" + accountId + ":root", accountId,
                    "signin.amazonaws.com".equals(eventSource) ? null : accessKeyId, Boolean.FALSE);
        }
        return new Actor("IAMUser", "arn:" + partition + ":iam::" + accountId + ":user/" + iamUserName,
                "AIDAEXAMPLEUSER00001", "AKIAEXAMPLEUSERKEY01", Boolean.TRUE);
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("fixture requestParameters are not JSON: " + json, e);
        }
    }

    /** The CloudTrail record the normalized fields came from. */
    private ObjectNode raw(Actor actor, boolean signIn) {
        ObjectNode raw = Json.mapper().createObjectNode();
        raw.put("eventVersion", "1.08");
        ObjectNode identity = raw.putObject("userIdentity");
        identity.put("type", actor.type());
        identity.put("principalId", actor.principalId());
        identity.put("arn", actor.arn());
        identity.put("accountId", accountId);
        identity.put("accessKeyId", actor.accessKeyId() == null ? "" : actor.accessKeyId());
        if (invokedBy != null) {
            identity.put("invokedBy", invokedBy);
        }
        raw.put("eventTime", eventTime.toString());
        raw.put("eventSource", eventSource);
        raw.put("eventName", eventName);
        raw.put("awsRegion", awsRegion);
        raw.put("sourceIPAddress", sourceIp);
        raw.put("userAgent", userAgent);
        if (signIn) {
            raw.putNull("requestParameters");
            raw.putObject("responseElements").put(eventName, outcome == Outcome.SUCCESS ? "Success" : "Failure");
            ObjectNode additional = raw.putObject("additionalEventData");
            additional.put("MobileVersion", "No");
            if (mfaUsed != null) {
                additional.put("MFAUsed", mfaUsed ? "Yes" : "No");
            }
            if (mfaIdentifier != null) {
                additional.put("MFAIdentifier", mfaIdentifier);
            }
            raw.put("eventType", "AwsConsoleSignIn");
        } else if (requestJson != null) {
            raw.set("requestParameters", parse(requestJson));
            raw.putNull("responseElements");
            raw.put("eventType", "AwsApiCall");
        } else {
            ObjectNode request = raw.putObject("requestParameters");
            if (targetUserName != null) {
                request.put("userName", targetUserName);
            }
            if (targetSerial != null) {
                request.put("serialNumber", targetSerial);
            }
            if (trailName != null) {
                request.put("name", trailName);
            }
            if (createdAccessKeyId != null) {
                raw.putObject("responseElements").putObject("accessKey").put("accessKeyId", createdAccessKeyId);
            } else {
                raw.putNull("responseElements");
            }
            raw.put("eventType", "AwsApiCall");
        }
        if (eventType != null) {
            raw.put("eventType", eventType);
        }
        if (errorCode != null) {
            raw.put("errorCode", errorCode);
        }
        if (errorMessage != null) {
            raw.put("errorMessage", errorMessage);
        }
        if (resourceArn != null) {
            ObjectNode resource = raw.putArray("resources").addObject();
            resource.put("accountId", accountId);
            resource.put("type", resourceArn.substring(0, resourceArn.indexOf('|')));
            resource.put("ARN", resourceArn.substring(resourceArn.indexOf('|') + 1));
        }
        raw.put("eventID", eventId);
        raw.put("recipientAccountId", accountId);
        return raw;
    }
}
