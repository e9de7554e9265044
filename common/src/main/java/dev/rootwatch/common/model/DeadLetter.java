package dev.rootwatch.common.model;

import java.time.Instant;
import java.util.Objects;

/**
 * {@code rootwatch.deadletter/v1}: an input that could not be read or an alert that could not be
 * delivered, with the reason. Keyed by {@code ref} on the dead-letter topic.
 *
 * @param stage      the service that gave up on it (collector, evaluator, notifier)
 * @param source     where the input came from (an {@link IngestSource} wire name, a topic, a sink)
 * @param ref        the file (with line or record), object key, message id, or topic/partition/offset
 * @param reason     why
 * @param detail     a human sentence about what was wrong (never a secret)
 * @param excerpt    the start of the offending content, at most {@link #MAX_EXCERPT} characters, or null
 * @param occurredAt when rootwatch gave up on it
 * @param count      how many inputs or records it stands for: 1, or more for the summary of one input's dead
 *                   letters beyond those sent one by one (absent in older records: 1)
 */
public record DeadLetter(
        String schema,
        String stage,
        String source,
        String ref,
        DeadLetterReason reason,
        String detail,
        String excerpt,
        Instant occurredAt,
        long count) {

    public static final String SCHEMA = "rootwatch.deadletter/v1";
    public static final int MAX_EXCERPT = 1024;

    public DeadLetter {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(occurredAt, "occurredAt");
        schema = schema == null ? SCHEMA : schema;
        excerpt = excerpt == null || excerpt.length() <= MAX_EXCERPT ? excerpt : excerpt.substring(0, MAX_EXCERPT);
        count = Math.max(1, count);
    }

    public static DeadLetter of(String stage, String source, String ref, DeadLetterReason reason, String detail,
                                String excerpt, Instant occurredAt) {
        return new DeadLetter(SCHEMA, stage, source, ref, reason, detail, excerpt, occurredAt, 1);
    }

    /** The same dead letter standing for {@code count} inputs or records. */
    public DeadLetter withCount(long count) {
        return new DeadLetter(schema, stage, source, ref, reason, detail, excerpt, occurredAt, count);
    }
}
