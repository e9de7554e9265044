package dev.rootwatch.collector.s3;

import dev.rootwatch.common.model.DeadLetterReason;

/**
 * A log file could not be read for a reason that may pass (S3 or network error, access denied,
 * not yet there): the message naming it is left for redelivery, and dead-lettered with this
 * reason once it keeps failing.
 */
public final class ObjectReadException extends Exception {

    private final DeadLetterReason reason;

    public ObjectReadException(DeadLetterReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public DeadLetterReason reason() {
        return reason;
    }
}
