package dev.rootwatch.common.model;

import java.util.Locale;

/** Why an input could not be processed. Its {@link #label()} is the metrics label and the wire value. */
public enum DeadLetterReason {
    /** Not JSON, or JSON broken part way. */
    MALFORMED_JSON,
    /** The bytes could not be read: a truncated or corrupt gzip, an I/O error. */
    UNREADABLE,
    /** Larger than a configured bound (decompressed size, record or line size). */
    OVERSIZED,
    /** Valid JSON, but no envelope rootwatch knows. */
    UNEXPECTED_SHAPE,
    /** A CloudTrail event that lacks what rootwatch needs (event time, source, name, account). */
    INVALID_EVENT,
    /** A record on a rootwatch topic that does not deserialize. */
    UNDESERIALIZABLE,
    /** A record that reads, but whose evaluation failed; the evaluator went on with the next one. */
    PROCESSING_FAILED,
    /** An alert that a sink could not deliver within its retry budget. */
    DELIVERY_FAILED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
