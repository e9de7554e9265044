package dev.rootwatch.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * How much memory this JVM uses: live heap after full collections, committed heap, the resident
 * set the operating system counts (heap, JVM internals and native allocations such as RocksDB's
 * memtables and block caches alike), and, where Native Memory Tracking is on, what the JVM itself
 * knows it has committed. RSS minus that is memory the JVM did not allocate: for the evaluator,
 * mostly RocksDB.
 */
final class EvaluatorStateMemory {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final Pattern NMT_TOTAL = Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB");
    private static final int MAX_COLLECTIONS = 6;

    private EvaluatorStateMemory() {
    }

    /**
     * Heap still in use after full collections: collects until a collection frees less than 1 MB
     * (at most {@value #MAX_COLLECTIONS} times), so that what is left is what something still holds.
     */
    static long heapUsedAfterFullGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < MAX_COLLECTIONS; i++) {
            System.gc();
            pause();
            long now = MEMORY.getHeapMemoryUsage().getUsed();
            boolean settled = used - now < 1024 * 1024;
            used = Math.min(used, now);
            if (settled) {
                break;
            }
        }
        return used;
    }

    static long heapCommitted() {
        return MEMORY.getHeapMemoryUsage().getCommitted();
    }

    /** The resident set size from {@code /proc/self/status}; -1 where there is none (not Linux). */
    static long rssBytes() {
        return procStatus("VmRSS:");
    }

    /** The largest resident set size so far; -1 where unknown. */
    static long peakRssBytes() {
        return procStatus("VmHWM:");
    }

    /**
     * What the JVM has committed by its own count (heap, metaspace, code, threads, GC, ...), from
     * Native Memory Tracking; -1 unless the JVM runs with {@code -XX:NativeMemoryTracking=summary}.
     */
    static long jvmCommittedBytes() {
        try {
            ObjectName name = new ObjectName("com.sun.management:type=DiagnosticCommand");
            Object out = ManagementFactory.getPlatformMBeanServer().invoke(name, "vmNativeMemory",
                    new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()});
            Matcher m = NMT_TOTAL.matcher(String.valueOf(out));
            return m.find() ? Long.parseLong(m.group(2)) * 1024 : -1;
        } catch (JMException | RuntimeException e) {
            return -1;
        }
    }

    private static long procStatus(String field) {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(field)) {
                    String[] parts = line.substring(field.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** Gives reference handlers and cleaners a moment to release what the collection found unreachable. */
    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
