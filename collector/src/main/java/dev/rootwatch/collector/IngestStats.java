package dev.rootwatch.collector;

import java.util.concurrent.atomic.AtomicLong;

/** What a collector run has read so far; the replay summary is made from it. */
public final class IngestStats {

    private final AtomicLong files = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong relevant = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong posture = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();

    void file() {
        files.incrementAndGet();
    }

    void record() {
        records.incrementAndGet();
    }

    void relevant() {
        relevant.incrementAndGet();
    }

    void duplicate() {
        duplicates.incrementAndGet();
    }

    void posture() {
        posture.incrementAndGet();
    }

    void skipped() {
        skipped.incrementAndGet();
    }

    void deadLettered() {
        deadLettered.incrementAndGet();
    }

    public Snapshot snapshot() {
        return new Snapshot(files.get(), records.get(), relevant.get(), duplicates.get(), posture.get(), skipped.get(),
                deadLettered.get());
    }

    /**
     * @param files        input files read
     * @param records      CloudTrail events seen
     * @param relevant     events kept and produced (duplicates included)
     * @param duplicates   relevant events whose account and eventID were already seen in this run
     * @param posture      posture objects produced
     * @param skipped      digests, S3 test events and other expected non-events
     * @param deadLettered inputs or records sent to the dead letter
     */
    public record Snapshot(long files, long records, long relevant, long duplicates, long posture, long skipped,
                           long deadLettered) {
    }
}
