package dev.rootwatch.bench;

import dev.rootwatch.evaluator.StreamsOptions;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Prints an {@link EvaluatorStateResult} for people: the figures, where they come from, and the target beside them. */
final class EvaluatorStateReport {

    private static final double MB = 1024.0 * 1024.0;

    private final PrintStream out;

    EvaluatorStateReport(PrintStream out) {
        this.out = out;
    }

    void print(EvaluatorStateResult r) {
        out.printf("rootwatch evaluator state: %,d accounts (issue 8 target: state of %,d accounts in <= %.0f MB of heap)%n",
                r.accounts(), EvaluatorStateResult.TARGET_ACCOUNTS, EvaluatorStateResult.TARGET_HEAP_BYTES / MB);
        out.printf("method: the real EvaluatorService (default settings: live mode, exactly-once, 3 partitions, 1 stream"
                + " thread, RocksDB stores in a temporary state directory) in this JVM, the embedded broker in another;"
                + " Java %s, %s, max heap %.0f MB%n",
                System.getProperty("java.version"), collectors(), Runtime.getRuntime().maxMemory() / MB);
        out.printf("accounts by posture profile: %s%n", new TreeMap<>(r.profiles()));
        out.printf("input: %,d postures and %,d CloudTrail events (duplicate deliveries included), produced and evaluated in %.1f s (%,.0f records/s)%n",
                r.postures(), r.events(), r.loadSeconds(), (r.postures() + r.events()) / Math.max(r.loadSeconds(), 1e-9));
        out.println();

        out.printf("alerts written: %,d%n", r.alertCount());
        new TreeMap<>(r.alerts()).forEach((type, n) -> out.printf("  %-45s %,8d%n", type, n));
        out.println();

        out.println("stores at the end: live entries (from the changelogs) and RocksDB's own figures (MB), all partitions");
        out.printf("  %-24s %10s %9s %10s %10s %10s %10s %10s%n", "store", "entries", "instances", "est. keys", "memtables",
                "blk cache", "readers", "SST files");
        Map<String, EvaluatorStateRocksDb> byStore = r.rocksDb().stream()
                .collect(Collectors.toMap(EvaluatorStateRocksDb::store, s -> s));
        for (Map.Entry<String, Long> e : new TreeMap<>(r.entries()).entrySet()) {
            EvaluatorStateRocksDb s = byStore.get(e.getKey());
            out.printf("  %-24s %,10d %s%n", e.getKey(), e.getValue(), s == null ? "" : rocksDb(s));
        }
        EvaluatorStateRocksDb total = EvaluatorStateRocksDb.total(r.rocksDb());
        out.printf("  %-24s %,10d %s%n", total.store(),
                r.entries().values().stream().mapToLong(Long::longValue).sum(), rocksDb(total));
        out.println();

        out.println("memory and disk (heap after full GC; MB = 2^20 bytes)");
        out.printf("  %-32s %9s %9s %9s %9s %9s %9s %9s%n", "moment", "heap used", "heap comm", "RSS", "JVM (NMT)",
                "RSS-JVM", "RocksDB", "state dir");
        for (EvaluatorStateCheckpoint c : r.checkpoints()) {
            out.printf("  %-32s %9s %9s %9s %9s %9s %9s %9s%n", c.label(), mb(c.heapUsedBytes()),
                    mb(c.heapCommittedBytes()), mb(c.rssBytes()), mb(c.jvmCommittedBytes()), mb(c.nativeOutsideJvmBytes()),
                    mb(c.rocksDbOffHeapBytes()), mb(c.stateDirBytes()));
        }
        out.printf("  (peak RSS of the run: %s MB)%n", mb(EvaluatorStateMemory.peakRssBytes()));
        out.println();

        List<EvaluatorStateHistogram.Growth> growth = r.heapGrowth();
        if (!growth.isEmpty()) {
            out.println("live heap grown from the evaluator's start to the end, by class (largest first)");
            for (EvaluatorStateHistogram.Growth g : growth) {
                out.printf("  %10.2f MB %,10d objects  %s%n", g.bytes() / MB, g.instances(), g.className());
            }
            out.println();
        }

        perAccount(r);
        verdict(r);
    }

    /** The growth from the first checkpoint with accounts to the last: what one more account costs. */
    private void perAccount(EvaluatorStateResult r) {
        List<EvaluatorStateCheckpoint> loaded = r.checkpoints().stream().filter(c -> c.accounts() > 0).toList();
        if (loaded.size() < 2) {
            return;
        }
        EvaluatorStateCheckpoint from = loaded.get(0);
        EvaluatorStateCheckpoint to = loaded.get(loaded.size() - 1);
        int n = to.accounts() - from.accounts();
        out.printf("per additional account (%,d -> %,d accounts): heap %,d bytes, RSS %,d bytes, RocksDB memory %,d bytes,"
                        + " state dir %,d bytes%n", from.accounts(), to.accounts(),
                (to.heapUsedBytes() - from.heapUsedBytes()) / n, (to.rssBytes() - from.rssBytes()) / n,
                (to.rocksDbOffHeapBytes() - from.rocksDbOffHeapBytes()) / n, (to.stateDirBytes() - from.stateDirBytes()) / n);
    }

    private void verdict(EvaluatorStateResult r) {
        EvaluatorStateCheckpoint started = r.started();
        EvaluatorStateCheckpoint loaded = r.loaded();
        out.printf("heap of the state (loaded - running, empty):     %8.1f MB%n", r.stateHeapBytes() / MB);
        out.printf("heap of the evaluator (loaded - before start):   %8.1f MB%n", r.evaluatorHeapBytes() / MB);
        out.printf("RSS growth while loading (loaded - running):     %8.1f MB  (RSS at the end %.1f MB)%n",
                (loaded.rssBytes() - started.rssBytes()) / MB, loaded.rssBytes() / MB);
        // every store reports the one shared cache (evaluator.stateMemory), so this sum counts it once per store
        out.printf("RocksDB off-heap, sum of the stores' gauges:      %8.1f MB  (the shared cache counted once per store)%n",
                loaded.rocksDbOffHeapBytes() / MB);
        out.printf("state directory on disk at the end:              %8.1f MB  (%.1f MB once closed, memtables flushed)%n",
                loaded.stateDirBytes() / MB, r.stateDirClosedBytes() / MB);
        int instances = EvaluatorStateRocksDb.total(r.rocksDb()).instances();
        out.printf("RocksDB ceiling:                                 %8.0f MB  (evaluator.stateMemory, shared by all %d instances;"
                + " Kafka Streams' own defaults would allow %.0f MB)%n",
                StreamsOptions.DEFAULT_STATE_MEMORY_BYTES / MB, instances, EvaluatorStateRocksDb.defaultCeilingBytes(instances) / MB);
        String basis = r.accounts() >= EvaluatorStateResult.TARGET_ACCOUNTS ? "measured" : "projected in proportion";
        out.printf("target: state heap for %,d accounts <= %.0f MB; %s: %.1f MB -> %s%n",
                EvaluatorStateResult.TARGET_ACCOUNTS, EvaluatorStateResult.TARGET_HEAP_BYTES / MB, basis,
                r.stateHeapBytesPer10k() / MB, r.meetsTarget() ? "MET" : "NOT MET");
    }

    private static String rocksDb(EvaluatorStateRocksDb s) {
        return String.format("%9d %,10d %10s %10s %10s %10s", s.instances(), s.estimatedKeys(), mb(s.memTableBytes()),
                mb(s.blockCacheBytes()), mb(s.tableReaderBytes()), mb(s.sstBytes()));
    }

    private static String mb(long bytes) {
        return bytes < 0 ? "n/a" : String.format("%.1f", bytes / MB);
    }

    private static String collectors() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                .collect(Collectors.joining(" + "));
    }
}
