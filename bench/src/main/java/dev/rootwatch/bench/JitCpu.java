package dev.rootwatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * CPU time a JVM's JIT compiler threads ({@code C1 CompilerThread…}, {@code C2 CompilerThread…})
 * have used so far, from Linux's per-thread {@code /proc/PID/task/TID/stat}; zero where that cannot
 * be read. Tells a measurement taken while the JIT still competes for the cores from one taken
 * after it settled.
 */
final class JitCpu {

    /** Linux reports thread CPU time in clock ticks of 1/100 s (USER_HZ). */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private JitCpu() {
    }

    static Duration of(long pid) {
        long ticks = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                ticks += compilerTicks(task.resolve("stat"));
            }
        } catch (IOException | RuntimeException e) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(ticks * NANOS_PER_TICK);
    }

    private static long compilerTicks(Path stat) {
        String line;
        try {
            line = Files.readString(stat);
        } catch (IOException e) {
            return 0; // the thread ended between the listing and the read
        }
        // "TID (name) state ppid ...": the name may hold spaces, so fields count from the last ')'
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) {
            return 0;
        }
        String name = line.substring(open + 1, close);
        if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) {
            return 0;
        }
        String[] fields = line.substring(close + 2).split(" ");
        // after the name: state is field 0, utime field 11, stime field 12
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
