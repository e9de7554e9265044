package dev.rootwatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How much memory a rootwatch process really holds: the resident set size (VmRSS in
 * {@code /proc/<pid>/status}, Linux) of its process, read at a fixed period (once a second for
 * {@code rootwatch run} under the live bench's load, every 100 ms for a replay that lasts
 * seconds). Heap, metaspace, thread stacks, the broker's buffers and the evaluator's RocksDB
 * stores all count, as they do for the machine that runs rootwatch.
 */
final class LiveRssSampler implements AutoCloseable {

    private final Path status;
    private final Duration period;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "livebench-rss");
        t.setDaemon(true);
        return t;
    });
    private volatile long maxKb = -1;
    private volatile long lastKb = -1;
    private volatile int samples;

    /** Samples once a second. */
    LiveRssSampler(long pid) {
        this(pid, Duration.ofSeconds(1));
    }

    LiveRssSampler(long pid, Duration period) {
        this.status = Path.of("/proc", Long.toString(pid), "status");
        this.period = period;
    }

    /** The process's resident set size now, in kB; -1 where /proc cannot tell (not Linux, process gone). */
    long readKb() {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring("VmRSS:".length()).replace("kB", "").strip());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process is gone: no sample
        }
        return -1;
    }

    void start() {
        timer.scheduleAtFixedRate(this::sample, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sample() {
        long kb = readKb();
        if (kb < 0) {
            return;
        }
        lastKb = kb;
        maxKb = Math.max(maxKb, kb);
        samples++;
    }

    /** Stops sampling and takes one last sample: the value at the end of the load. */
    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
        sample();
    }

    double maxMb() {
        return maxKb / 1024.0;
    }

    double lastMb() {
        return lastKb / 1024.0;
    }

    int samples() {
        return samples;
    }
}
