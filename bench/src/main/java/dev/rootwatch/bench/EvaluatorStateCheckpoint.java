package dev.rootwatch.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The memory and disk the evaluator uses at one moment of the bench.
 *
 * @param label              what had happened by then
 * @param accounts           accounts loaded so far
 * @param heapUsedBytes      live heap after full collections
 * @param heapCommittedBytes heap the JVM has taken from the OS
 * @param rssBytes           resident set size of the whole JVM (-1 where unknown)
 * @param jvmCommittedBytes  what the JVM itself has committed, by Native Memory Tracking (-1 where off)
 * @param stateDirBytes      bytes of the files under the state directory (RocksDB's SST files and metadata)
 * @param rocksDbOffHeapBytes RocksDB's memtables, block caches and table readers, by its own gauges
 */
public record EvaluatorStateCheckpoint(String label, int accounts, long heapUsedBytes, long heapCommittedBytes,
                                       long rssBytes, long jvmCommittedBytes, long stateDirBytes,
                                       long rocksDbOffHeapBytes) {

    /** Measures now: full collections first, then the rest. */
    static EvaluatorStateCheckpoint take(String label, int accounts, Path stateDir, List<EvaluatorStateRocksDb> rocksDb) {
        long heap = EvaluatorStateMemory.heapUsedAfterFullGc();
        long offHeap = rocksDb.stream().mapToLong(EvaluatorStateRocksDb::offHeapBytes).sum();
        return new EvaluatorStateCheckpoint(label, accounts, heap, EvaluatorStateMemory.heapCommitted(),
                EvaluatorStateMemory.rssBytes(), EvaluatorStateMemory.jvmCommittedBytes(), directoryBytes(stateDir),
                offHeap);
    }

    /**
     * Memory outside what the JVM knows it committed (RSS minus Native Memory Tracking's total):
     * for this bench, mostly RocksDB and the C allocator's overhead; -1 where either is unknown.
     */
    public long nativeOutsideJvmBytes() {
        return rssBytes < 0 || jvmCommittedBytes < 0 ? -1 : Math.max(0, rssBytes - jvmCommittedBytes);
    }

    /** Bytes of the regular files under {@code dir}; 0 where it does not exist. */
    static long directoryBytes(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(EvaluatorStateCheckpoint::size).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure the state directory " + dir, e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            // RocksDB may delete a file (compaction) while the walk passes it
            return 0;
        }
    }
}
