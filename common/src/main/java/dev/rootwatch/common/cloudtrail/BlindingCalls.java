package dev.rootwatch.common.cloudtrail;

import java.util.Map;
import java.util.Set;

/**
 * The CloudTrail calls that can blind rootwatch: the one list the collector's relevance filter and its
 * byte-level pass are derived from, and the calls the evaluator's CLOUDTRAIL_TAMPERING and
 * PIPELINE_TAMPERING judge. The collector keeps every successful or failed call listed here, benign or
 * not; only the evaluator decides, from the request and the configuration, whether one blinds rootwatch.
 */
public final class BlindingCalls {

    public static final String CLOUDTRAIL = "cloudtrail.amazonaws.com";
    public static final String ORGANIZATIONS = "organizations.amazonaws.com";

    /**
     * Calls that stop, remove or narrow what CloudTrail records. Advanced event selectors have no call
     * of their own: they come in {@code PutEventSelectors} as {@code advancedEventSelectors}.
     */
    public static final CallSet TRAIL_TAMPERING = new CallSet(Map.of(
            CLOUDTRAIL, Set.of("StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors", "DeleteEventDataStore",
                    "StopEventDataStoreIngestion"),
            ORGANIZATIONS, Set.of("DisableAWSServiceAccess", "DeregisterDelegatedAdministrator")));

    /**
     * Calls that cut the pipeline carrying CloudTrail to rootwatch, when they are about a resource the
     * configuration names: an EventBridge rule, an SQS queue, the trail's S3 bucket or its KMS key.
     * S3 records lifecycle and notification changes under both names of each call.
     */
    public static final CallSet PIPELINE_TAMPERING = new CallSet(Map.of(
            "events.amazonaws.com", Set.of("DisableRule", "DeleteRule", "RemoveTargets", "PutRule"),
            "sqs.amazonaws.com", Set.of("DeleteQueue", "PurgeQueue", "SetQueueAttributes"),
            "s3.amazonaws.com", Set.of("PutBucketPolicy", "DeleteBucketPolicy", "PutBucketLifecycle",
                    "PutBucketLifecycleConfiguration", "PutBucketNotification", "PutBucketNotificationConfiguration"),
            "kms.amazonaws.com", Set.of("DisableKey", "ScheduleKeyDeletion")));

    private BlindingCalls() {
    }
}
