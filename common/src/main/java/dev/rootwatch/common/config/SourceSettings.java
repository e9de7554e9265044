package dev.rootwatch.common.config;

import dev.rootwatch.common.cloudtrail.BlindingCalls;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * Configuration keys of the live CloudTrail sources (SQS, S3, LookupEvents), the account scope
 * and the AWS endpoint overrides. Registered in {@link Settings}; validated where each source
 * reads them ({@code SqsSettings}, {@code LookupSettings}, {@code AccountScope} in the collector).
 */
public final class SourceSettings {

    /**
     * Event names polled by default: every event the relevance filter keeps that LookupEvents can select by name, but
     * the pipeline's (a LookupEvents run reads the event history, not a rule, queue or bucket).
     */
    public static final List<String> DEFAULT_LOOKUP_EVENT_NAMES = Stream.concat(Stream.of(
            "ConsoleLogin", "PasswordUpdated", "PasswordRecoveryCompleted",
            "CreateVirtualMFADevice", "EnableMFADevice", "DeactivateMFADevice", "DeleteVirtualMFADevice", "ResyncMFADevice",
            "CreateAccessKey", "CreateLoginProfile", "DeleteLoginProfile", "AssumeRoot"),
            BlindingCalls.TRAIL_TAMPERING.eventNames().stream()).toList();

    public static final Setting<List<String>> SQS_QUEUE_URLS = new Setting<>("collector.sqs.queueUrls", "list of URLs", List.of(),
            ValueParsers.jsonList(String.class), "SQS queues carrying EventBridge events, S3 notifications of the CloudTrail bucket"
            + " or CloudTrail's SNS notifications. Empty: `rootwatch run` polls LookupEvents instead.");
    public static final Setting<Integer> SQS_CONCURRENCY = new Setting<>("collector.sqs.concurrency", "integer", 16,
            ValueParsers::integer, "SQS messages processed at once, over all queues (each may name several log files); each queue gets one long-polling receiver per 4.");
    public static final Setting<Duration> SQS_WAIT_TIME = new Setting<>("collector.sqs.waitTime", "duration", Duration.ofSeconds(20),
            ValueParsers::duration, "Long-poll wait of each ReceiveMessage call (1s to 20s); stopping waits at most this long for a receive to end.");
    public static final Setting<Duration> SQS_VISIBILITY_TIMEOUT = new Setting<>("collector.sqs.visibilityTimeout", "duration",
            Duration.ofMinutes(2), ValueParsers::duration, "Visibility timeout asked for each received message, renewed while it is"
            + " still being processed; a message whose work was not acknowledged reappears after it.");
    public static final Setting<Integer> SQS_MAX_RECEIVES = new Setting<>("collector.sqs.maxReceives", "integer", 5,
            ValueParsers::integer, "A message that fails again after being received more than this many times goes to the dead"
            + " letter with its reason and is deleted.");
    public static final Setting<String> SQS_ENDPOINT = new Setting<>("collector.sqs.endpoint", "URL", "",
            ValueParsers::text, "SQS endpoint override. Empty: the AWS SDK's resolution (`AWS_ENDPOINT_URL_SQS`, `AWS_ENDPOINT_URL`, the region's endpoint).");
    public static final Setting<String> S3_ENDPOINT = new Setting<>("collector.s3.endpoint", "URL", "",
            ValueParsers::text, "S3 endpoint override. Empty: the AWS SDK's resolution (`AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL`, the bucket's region).");
    public static final Setting<Boolean> S3_FORCE_PATH_STYLE = new Setting<>("collector.s3.forcePathStyle", "boolean", false,
            ValueParsers::bool, "Address buckets by path (`endpoint/bucket/key`) rather than by host name; for S3-compatible servers.");
    public static final Setting<List<String>> LOOKUP_REGIONS = new Setting<>("collector.lookup.regions", "list of regions", List.of(),
            ValueParsers.jsonList(String.class), "Regions whose CloudTrail event history is polled when no SQS queue is configured."
            + " Empty: the AWS SDK's default region. Global events (IAM, sign-in) are recorded in us-east-1.");
    public static final Setting<List<String>> LOOKUP_EVENT_NAMES = new Setting<>("collector.lookup.eventNames", "list of names",
            DEFAULT_LOOKUP_EVENT_NAMES, ValueParsers.jsonList(String.class),
            "Event names polled with LookupEvents, one call per name and region (the API filters on one attribute).");
    public static final Setting<Boolean> LOOKUP_ROOT_CALLS = new Setting<>("collector.lookup.rootCalls", "boolean", true,
            ValueParsers::bool, "Also poll every call made as root (LookupEvents by the user name `root`), so that ROOT_ACTIVITY"
            + " sees root's calls whatever their name; one more call per region and poll.");
    public static final Setting<Duration> LOOKUP_INTERVAL = new Setting<>("collector.lookup.interval", "duration", Duration.ofMinutes(1),
            ValueParsers::duration, "Pause between two LookupEvents polls of a region.");
    public static final Setting<Duration> LOOKUP_OVERLAP = new Setting<>("collector.lookup.overlap", "duration", Duration.ofMinutes(15),
            ValueParsers::duration, "Each poll reads again this far before the last checkpoint, for events that reach the history"
            + " late; eventIDs already sent are not sent again.");
    public static final Setting<Duration> LOOKUP_INITIAL_LOOKBACK = new Setting<>("collector.lookup.initialLookback", "duration",
            Duration.ofHours(1), ValueParsers::duration, "How far back the first poll reads when there is no checkpoint (at most 90d).");
    public static final Setting<Integer> LOOKUP_REQUESTS_PER_SECOND = new Setting<>("collector.lookup.requestsPerSecond", "integer", 2,
            ValueParsers::integer, "LookupEvents calls per second and region (the API allows 2).");
    public static final Setting<String> LOOKUP_CHECKPOINT_FILE = new Setting<>("collector.lookup.checkpointFile", "path",
            "rootwatch-lookup-checkpoint.json", ValueParsers::text,
            "File keeping how far each region and event name was read, and the eventIDs of the overlap window. Empty: kept in memory only.");
    public static final Setting<String> LOOKUP_ENDPOINT = new Setting<>("collector.lookup.endpoint", "URL", "",
            ValueParsers::text, "CloudTrail endpoint override. Empty: the AWS SDK's resolution (`AWS_ENDPOINT_URL_CLOUDTRAIL`, `AWS_ENDPOINT_URL`, the region's endpoint).");
    public static final Setting<Duration> ACK_TIMEOUT = new Setting<>("collector.ackTimeout", "duration", Duration.ofMinutes(1),
            ValueParsers::duration, "How long the collector waits for Kafka to acknowledge what one SQS message or one LookupEvents"
            + " page produced; past it the message is left for redelivery and the checkpoint stays.");
    public static final Setting<Duration> DRAIN_TIMEOUT = new Setting<>("collector.drainTimeout", "duration", Duration.ofSeconds(60),
            ValueParsers::duration, "On SIGTERM, how long in-flight messages may take to finish and be acknowledged before the collector stops anyway.");
    public static final Setting<List<String>> ACCOUNTS_ALLOW = new Setting<>("collector.accounts.allow", "list of account ids", List.of(),
            ValueParsers.jsonList(String.class), "Only these accounts are watched. Empty: every account. Applied to the S3 key before"
            + " download where it names the account (`AWSLogs/[o-…/]<account>/`), otherwise to each event.");
    public static final Setting<List<String>> ACCOUNTS_DENY = new Setting<>("collector.accounts.deny", "list of account ids", List.of(),
            ValueParsers.jsonList(String.class), "Accounts never watched, even when allowed.");

    private SourceSettings() {
    }

    static List<Setting<?>> all() {
        return List.of(SQS_QUEUE_URLS, SQS_CONCURRENCY, SQS_WAIT_TIME, SQS_VISIBILITY_TIMEOUT, SQS_MAX_RECEIVES, SQS_ENDPOINT,
                S3_ENDPOINT, S3_FORCE_PATH_STYLE,
                LOOKUP_REGIONS, LOOKUP_EVENT_NAMES, LOOKUP_ROOT_CALLS, LOOKUP_INTERVAL, LOOKUP_OVERLAP, LOOKUP_INITIAL_LOOKBACK,
                LOOKUP_REQUESTS_PER_SECOND, LOOKUP_CHECKPOINT_FILE, LOOKUP_ENDPOINT,
                ACK_TIMEOUT, DRAIN_TIMEOUT, ACCOUNTS_ALLOW, ACCOUNTS_DENY);
    }
}
