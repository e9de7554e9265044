package dev.rootwatch.common.cloudtrail;

import java.util.Locale;

/** Inputs that are well-formed and expected, but carry no CloudTrail event. Counted, not dead-lettered. */
public enum SkipReason {
    /** A CloudTrail digest file (hourly integrity record). */
    DIGEST,
    /** The one-off s3:TestEvent S3 posts when a notification is configured. */
    S3_TEST_EVENT,
    /** An SNS subscription or unsubscription confirmation. */
    SNS_CONFIRMATION,
    /** An input with nothing in it. */
    EMPTY,
    /** A path that is no regular file (a named pipe, a socket, a device, a link to no file or to a directory): never opened. */
    NOT_A_FILE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
