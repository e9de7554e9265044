package dev.rootwatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How much memory {@code rootwatch run} really holds: the resident set size (VmRSS in
 * {@code /proc/<pid>/status}, Linux) of its process, read once a second while the bench loads
 * it. Heap, metaspace, thread stacks, the broker's buffers and the evaluator's RocksDB stores
 * all count, as they do for the machine that runs rootwatch.
 */
final class LiveRssSampler implements AutoCloseable {

    private final Path status;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "livebench-rss");
        t.setDaemon(true);
        return t;
    });
    private volatile long maxKb = -1;
    private volatile long lastKb = -1;
    private volatile int samples;

    LiveRssSampler(long pid) {
        this.status = Path.of("/proc", Long.toString(pid), "status");
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
        timer.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
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
