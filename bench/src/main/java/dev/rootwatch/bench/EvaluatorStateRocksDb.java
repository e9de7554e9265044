package dev.rootwatch.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.management.Attribute;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * What RocksDB says about each of the evaluator's stores, from the gauges Kafka Streams publishes
 * over JMX for every store of every task: estimated keys, bytes in memtables, block cache and
 * index/filter readers (all off the Java heap), and bytes in SST files on disk. Figures are summed over the tasks (partitions) holding
 * the store; a segmented store (the dedup window store) reports the sum over its segments.
 *
 * @param store           the state store's name
 * @param instances       RocksDB instances behind it: one per task holding the store (segments of a
 *                        segmented store are counted as one)
 * @param estimatedKeys   RocksDB's estimate of the keys (deletes not yet compacted may count)
 * @param memTableBytes   memtables: recent writes not yet flushed to SST files
 * @param blockCacheBytes data blocks cached for reads
 * @param tableReaderBytes index and filter blocks of the open SST files
 * @param sstBytes        SST files on disk
 */
record EvaluatorStateRocksDb(String store, int instances, long estimatedKeys, long memTableBytes, long blockCacheBytes,
                             long tableReaderBytes, long sstBytes) {

    private static final String GROUP = "stream-state-metrics";
    /** The gauges read, in the order of the record's figures. */
    private static final List<String> COLUMNS = List.of("estimate-num-keys", "size-all-mem-tables", "block-cache-usage",
            "estimate-table-readers-mem", "total-sst-files-size");

    /** Kafka Streams' RocksDB defaults per instance (RocksDBStore, 4.x): memtables of 16 MB, up to 3 of them. */
    private static final long MEMTABLE_BYTES = 16L * 1024 * 1024;
    private static final int MAX_MEMTABLES = 3;
    /** ... and a block cache of its own of 50 MB, unless a RocksDBConfigSetter shares one. */
    private static final long BLOCK_CACHE_BYTES = 50L * 1024 * 1024;

    /** The most off-heap memory {@code instances} RocksDB instances may take with Kafka Streams' defaults. */
    static long defaultCeilingBytes(int instances) {
        return instances * (MAX_MEMTABLES * MEMTABLE_BYTES + BLOCK_CACHE_BYTES);
    }

    /** RocksDB's memory outside the Java heap for this store. */
    long offHeapBytes() {
        return memTableBytes + blockCacheBytes + tableReaderBytes;
    }

    /** One entry per RocksDB-backed store of this JVM's Kafka Streams clients, summed over tasks, by store name. */
    static List<EvaluatorStateRocksDb> read() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Map<String, long[]> byStore = new TreeMap<>();
        try {
            for (ObjectName name : server.queryNames(new ObjectName("kafka.streams:type=" + GROUP + ",*"), null)) {
                String store = storeName(name.getKeyPropertyList());
                if (store == null) {
                    continue;
                }
                long[] sums = byStore.computeIfAbsent(store, s -> new long[COLUMNS.size() + 1]);
                sums[COLUMNS.size()]++;
                for (Attribute attribute : server.getAttributes(name, COLUMNS.toArray(String[]::new)).asList()) {
                    if (attribute.getValue() instanceof Number value) {
                        sums[COLUMNS.indexOf(attribute.getName())] += value.longValue();
                    }
                }
            }
        } catch (JMException e) {
            throw new IllegalStateException("cannot read Kafka Streams' RocksDB metrics", e);
        }
        List<EvaluatorStateRocksDb> stores = new ArrayList<>();
        byStore.forEach((store, v) -> stores.add(
                new EvaluatorStateRocksDb(store, (int) v[COLUMNS.size()], v[0], v[1], v[2], v[3], v[4])));
        return List.copyOf(stores);
    }

    /** The sum over {@code stores}. */
    static EvaluatorStateRocksDb total(List<EvaluatorStateRocksDb> stores) {
        long[] v = new long[5];
        int instances = 0;
        for (EvaluatorStateRocksDb s : stores) {
            instances += s.instances;
            v[0] += s.estimatedKeys;
            v[1] += s.memTableBytes;
            v[2] += s.blockCacheBytes;
            v[3] += s.tableReaderBytes;
            v[4] += s.sstBytes;
        }
        return new EvaluatorStateRocksDb("all stores", instances, v[0], v[1], v[2], v[3], v[4]);
    }

    /** The store a RocksDB gauge belongs to: the value of its {@code rocksdb-...-state-id} tag. */
    private static String storeName(Map<String, String> tags) {
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (tag.getKey().startsWith("rocksdb") && tag.getKey().endsWith("-state-id")) {
                return tag.getValue();
            }
        }
        return null;
    }
}
