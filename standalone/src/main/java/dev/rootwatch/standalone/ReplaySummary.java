package dev.rootwatch.standalone;

/**
 * The one-line JSON summary {@code rootwatch replay} prints.
 *
 * @param files        input files read
 * @param records      CloudTrail events seen in them
 * @param relevant     events kept (duplicates included)
 * @param duplicates   relevant events whose account and eventID had been seen before (repeats within one file are not
 *                     published again; the evaluator counts the others)
 * @param posture      posture objects read
 * @param skipped      digests, S3 test events, empty inputs and paths that are no regular file (never opened)
 * @param deadLettered what the dead-letter topic stands for (each dead letter's count summed): unreadable input, and
 *                     anything a service could not handle
 * @param alerts       alerts written to the output
 */
public record ReplaySummary(long files, long records, long relevant, long duplicates, long posture, long skipped,
                            long deadLettered, long alerts) {
}
