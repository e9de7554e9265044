package dev.rootwatch.evaluator;

/** One way a call cuts the pipeline carrying CloudTrail to rootwatch: the {@code details.change} of PIPELINE_TAMPERING. */
enum PipelineCut {
    RULE_DISABLED("EventBridge rule disabled", "the rule no longer forwards CloudTrail events to rootwatch's queue"),
    RULE_DELETED("EventBridge rule deleted", "the rule no longer forwards CloudTrail events to rootwatch's queue"),
    RULE_TARGETS_REMOVED("EventBridge rule targets removed", "events the rule matches may no longer reach rootwatch's queue"),
    RULE_PATTERN_CHANGED("EventBridge rule pattern changed", "the rule may no longer match the events rootwatch reads"),
    QUEUE_DELETED("SQS queue deleted", "nothing reaches rootwatch through this queue"),
    QUEUE_PURGED("SQS queue purged", "events waiting for rootwatch in this queue were thrown away"),
    QUEUE_POLICY_CHANGED("SQS queue policy changed", "EventBridge or S3 may no longer be allowed to send to this queue"),
    BUCKET_POLICY_CHANGED("Trail bucket policy changed", "CloudTrail may no longer be allowed to deliver, or others to delete, log files"),
    BUCKET_POLICY_DELETED("Trail bucket policy deleted", "CloudTrail is no longer allowed to deliver log files to the bucket"),
    BUCKET_LIFECYCLE_CHANGED("Trail bucket lifecycle changed", "log files may expire before rootwatch or an investigation reads them"),
    BUCKET_NOTIFICATION_CHANGED("Trail bucket notification changed", "new log files may no longer be announced to rootwatch's queue"),
    KEY_DISABLED("Trail KMS key disabled", "CloudTrail can no longer encrypt log files, nor rootwatch decrypt them"),
    KEY_DELETION_SCHEDULED("Trail KMS key deletion scheduled",
            "once deleted, every log file encrypted with the key is lost for good");

    private final String headline;
    private final String consequence;

    PipelineCut(String headline, String consequence) {
        this.headline = headline;
        this.consequence = consequence;
    }

    /** The alert title's opening words. */
    String headline() {
        return headline;
    }

    /** What the cut costs rootwatch, as a clause of the alert's summary. */
    String consequence() {
        return consequence;
    }
}
