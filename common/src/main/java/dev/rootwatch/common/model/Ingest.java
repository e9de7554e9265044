package dev.rootwatch.common.model;

import java.time.Instant;

/**
 * Where and when rootwatch received an event.
 *
 * @param source     the input that carried it
 * @param receivedAt when the collector read it (wall clock)
 * @param ref        the file, S3 object key or message id it came from
 */
public record Ingest(IngestSource source, Instant receivedAt, String ref) {
}
