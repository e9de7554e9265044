package dev.rootwatch.common.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The way an event reached rootwatch. Serialized in lower case, as in {@code ingest.source}. */
public enum IngestSource {
    SQS, S3, LOOKUP, FILE, EVENTBRIDGE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
