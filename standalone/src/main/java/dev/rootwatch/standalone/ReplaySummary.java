package dev.rootwatch.standalone;

/**
 * The one-line JSON summary {@code rootwatch replay} prints.
 *
 * @param files        input files read
 * @param records      CloudTrail events seen in them
 * @param relevant     events kept (duplicates included)
 * @param duplicates   relevant events whose account and eventID had been seen before
 * @param posture      posture objects read
 * @param skipped      digests, S3 test events and empty inputs
 * @param deadLettered records on the dead-letter topic: unreadable input, and anything a service could not handle
 * @param alerts       alerts written to the output
 */
public record ReplaySummary(long files, long records, long relevant, long duplicates, long posture, long skipped,
                            long deadLettered, long alerts) {
}
