package dev.rootwatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How much CPU the processes of the live bench use: rootwatch's process and the bench's own JVM
 * (ElasticMQ, the senders, the webhook receiver), and how loaded the whole machine was. On a small
 * machine they all share the same cores, so a figure is only as good as this context.
 */
final class LiveCpu {

    private LiveCpu() {
    }

    /**
     * One reading of CPU time used so far.
     *
     * @param rootwatch CPU time of the rootwatch process
     * @param bench     CPU time of this JVM
     * @param nanos     when (System.nanoTime)
     */
    record Reading(Duration rootwatch, Duration bench, long nanos) {

        /** Cores the rootwatch process kept busy on average since {@code earlier}. */
        double rootwatchCoresSince(Reading earlier) {
            return cores(rootwatch.minus(earlier.rootwatch), earlier);
        }

        /** Cores this JVM kept busy on average since {@code earlier}. */
        double benchCoresSince(Reading earlier) {
            return cores(bench.minus(earlier.bench), earlier);
        }

        private double cores(Duration cpu, Reading earlier) {
            long wall = nanos - earlier.nanos;
            return wall > 0 ? cpu.toNanos() / (double) wall : Double.NaN;
        }
    }

    static Reading read(long rootwatchPid) {
        return new Reading(cpu(ProcessHandle.of(rootwatchPid).orElse(null)), cpu(ProcessHandle.current()), System.nanoTime());
    }

    private static Duration cpu(ProcessHandle process) {
        return process == null ? Duration.ZERO : process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** The machine's load averages (1, 5, 15 minutes) from /proc/loadavg, or "unknown". */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "unknown";
        }
    }
}
