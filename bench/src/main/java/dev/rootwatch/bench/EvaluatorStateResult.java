package dev.rootwatch.bench;

import dev.rootwatch.evaluator.EvaluatorTopology;
import java.util.List;
import java.util.Map;

/**
 * What {@link EvaluatorStateBench} measured for one number of accounts, beside issue 8's target:
 * the evaluator's state for 10,000 accounts in at most 200 MB of heap.
 *
 * @param accounts     accounts loaded
 * @param profiles     accounts by posture profile ({@link EvaluatorStateWorkload.Profile})
 * @param postures     posture records sent
 * @param events       CloudTrail events sent (duplicate deliveries included)
 * @param loadSeconds  time to send them all through the evaluator
 * @param alerts       alerts the evaluator wrote, by {@code "TYPE STATUS"}
 * @param entries      live entries of every store at the end, by store, counted from the changelogs
 * @param checkpoints  before the evaluator starts, once it runs with empty stores, then after
 *                     1,000 accounts (where more are loaded) and after all of them
 * @param rocksDb      RocksDB's figures per store at the end
 * @param stateDirClosedBytes the state directory once the evaluator has closed and RocksDB has
 *                     flushed its memtables to SST files: the state's size on disk
 * @param heapGrowth   the classes whose live heap grew most from the evaluator's start to the end
 */
public record EvaluatorStateResult(int accounts, Map<String, Long> profiles, long postures, long events, double loadSeconds,
                                   Map<String, Long> alerts, Map<String, Long> entries,
                                   List<EvaluatorStateCheckpoint> checkpoints, List<EvaluatorStateRocksDb> rocksDb,
                                   long stateDirClosedBytes, List<EvaluatorStateHistogram.Growth> heapGrowth) {

    /** Issue 8: 200 MB (2^20 bytes each) of heap for the state of 10,000 accounts. */
    public static final long TARGET_HEAP_BYTES = 200L * 1024 * 1024;
    public static final int TARGET_ACCOUNTS = 10_000;

    public EvaluatorStateResult {
        profiles = Map.copyOf(profiles);
        alerts = Map.copyOf(alerts);
        entries = Map.copyOf(entries);
        checkpoints = List.copyOf(checkpoints);
        rocksDb = List.copyOf(rocksDb);
        heapGrowth = List.copyOf(heapGrowth);
    }

    /** Before the evaluator starts. */
    public EvaluatorStateCheckpoint baseline() {
        return checkpoints.get(0);
    }

    /** The evaluator running, its stores open and empty. */
    public EvaluatorStateCheckpoint started() {
        return checkpoints.get(1);
    }

    /** Every account loaded. */
    public EvaluatorStateCheckpoint loaded() {
        return checkpoints.get(checkpoints.size() - 1);
    }

    /** Live heap the loaded accounts added: the state's share of the heap. */
    public long stateHeapBytes() {
        return loaded().heapUsedBytes() - started().heapUsedBytes();
    }

    /** Live heap of the whole evaluator at the end: Kafka Streams and its clients, the topology, stores and state. */
    public long evaluatorHeapBytes() {
        return loaded().heapUsedBytes() - baseline().heapUsedBytes();
    }

    /** The state's heap scaled to {@link #TARGET_ACCOUNTS} accounts, in proportion. */
    public long stateHeapBytesPer10k() {
        return accounts == 0 ? 0 : stateHeapBytes() * TARGET_ACCOUNTS / accounts;
    }

    /** True where the state's heap, measured for 10,000 accounts or projected to them, is within the target. */
    public boolean meetsTarget() {
        return stateHeapBytesPer10k() <= TARGET_HEAP_BYTES;
    }

    /** Alerts written, all types. */
    public long alertCount() {
        return alerts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Open state incidents at the end (ROOT_MFA_DISABLED, ROOT_HARDWARE_MFA_MISSING). */
    public long openIncidents() {
        return entries.getOrDefault(EvaluatorTopology.INCIDENT_STORE, 0L);
    }
}
