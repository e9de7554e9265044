package dev.rootwatch.common.cloudtrail;

/** A CloudTrail log file named by a notification (S3 event or CloudTrail's SNS message); the key is URL-decoded. */
public record S3ObjectRef(String bucket, String key) {
}
