package dev.rootwatch.evaluator;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Caps the off-heap memory of all the evaluator's state stores together. Kafka Streams gives
 * every RocksDB store instance its own block cache and memtables (about 100 MB each by default),
 * and the evaluator has a dozen stores per partition, so without a cap its resident memory grows
 * with partitions and accounts rather than with what the host has. Here every store shares one
 * block cache of {@code evaluator.stateMemory}, and their memtables are charged to it, so the
 * total stays within that size (the pattern Kafka Streams documents for bounded memory).
 */
public final class BoundedStateMemory implements RocksDBConfigSetter {

    /** The Streams property carrying the cap, in bytes. */
    public static final String MEMORY_BYTES_CONFIG = "rootwatch.evaluator.state.memory.bytes";
    private static final double INDEX_AND_FILTER_SHARE = 0.1;
    private static final long MEMTABLE_BYTES = 4L << 20;

    private static Cache cache;
    private static WriteBufferManager writeBuffers;
    private static long cappedAt;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Object configured = configs.get(MEMORY_BYTES_CONFIG);
        long bytes = configured == null ? StreamsOptions.DEFAULT_STATE_MEMORY_BYTES : Long.parseLong(String.valueOf(configured));
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(shared(bytes));
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(writeBuffers);
        options.setWriteBufferSize(MEMTABLE_BYTES);
        options.setMaxWriteBufferNumber(2);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and the write buffer manager are shared by every store of the process: never closed with one
    }

    /** The one cache of this process, made on first use; later evaluators in the same JVM share it. */
    private static synchronized Cache shared(long bytes) {
        if (cache == null) {
            cache = new LRUCache(bytes, -1, false, INDEX_AND_FILTER_SHARE);
            // memtables count against the cache: half of it at most
            writeBuffers = new WriteBufferManager(bytes / 2, cache);
            cappedAt = bytes;
        }
        return cache;
    }

    /** The cap in force in this process, 0 before any store opened. */
    static synchronized long cappedAt() {
        return cappedAt;
    }
}
