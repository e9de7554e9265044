package dev.rootwatch.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * How much memory the evaluator's state takes for many accounts (issue 8: the state of 10,000
 * accounts in at most 200 MB of heap). Runs the real evaluator service, as deployed (see
 * {@link EvaluatorStateService}), against rootwatch's embedded Kafka broker started in a JVM of
 * its own, loads every account's posture and a handful of root events (see
 * {@link EvaluatorStateWorkload}), and measures this JVM's live heap after full collections, its
 * resident set, RocksDB's own memory figures and the state directory on disk: before the
 * evaluator starts, once it runs with empty stores, after 1,000 accounts and after all of them.
 *
 * <pre>java -Xmx512m -XX:NativeMemoryTracking=summary -cp ... dev.rootwatch.bench.EvaluatorStateBench [ACCOUNTS]</pre>
 *
 * The heap figures are only meaningful in a JVM that does nothing else: run it alone (bench/state).
 */
public final class EvaluatorStateBench {

    private static final long SEED = 42;
    private static final int DEFAULT_ACCOUNTS = 10_000;
    private static final int FIRST_CHECKPOINT = 1_000;
    private static final int HEAP_GROWTH_ROWS = 12;
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration BATCH_TIMEOUT = Duration.ofMinutes(15);

    private EvaluatorStateBench() {
    }

    public static void main(String[] args) {
        int accounts = args.length > 0 ? Integer.parseInt(args[0].replace(",", "").replace("_", "")) : DEFAULT_ACCOUNTS;
        if (accounts < 1) {
            throw new IllegalArgumentException("ACCOUNTS must be at least 1, was " + accounts);
        }
        new EvaluatorStateReport(System.out).print(measure(accounts));
    }

    /**
     * Loads {@code accounts} accounts into a fresh evaluator and measures it. Call it in a JVM of
     * its own: it collects garbage on purpose, and anything else living in the heap blurs the figures.
     */
    public static EvaluatorStateResult measure(int accounts) {
        // live mode judges windows by the wall clock, so the accounts' activity ends just before now
        EvaluatorStateWorkload workload = new EvaluatorStateWorkload(SEED, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        Path stateDir = temporaryDirectory();
        try (EvaluatorStateBroker broker = EvaluatorStateBroker.start()) {
            List<EvaluatorStateCheckpoint> checkpoints = new ArrayList<>();
            checkpoints.add(EvaluatorStateCheckpoint.take("before the evaluator starts", 0, stateDir, List.of()));
            EvaluatorStateHistogram atStart;
            List<EvaluatorStateHistogram.Growth> growth;
            List<EvaluatorStateRocksDb> rocksDb;
            Map<String, Long> alerts;
            long postures;
            long events;
            long loadNanos = 0;
            String applicationId;
            try (EvaluatorStateService service = new EvaluatorStateService(broker.bootstrapServers(), stateDir)) {
                applicationId = service.applicationId();
                service.start(START_TIMEOUT);
                // taken before the checkpoint, so that its own rows weigh on both sides of the delta
                atStart = EvaluatorStateHistogram.take();
                checkpoints.add(checkpoint("evaluator running, stores empty", 0, stateDir));
                int loaded = 0;
                for (int until : batches(accounts)) {
                    long from = System.nanoTime();
                    service.beginBatch();
                    for (; loaded < until; loaded++) {
                        workload.feed(loaded, service);
                    }
                    service.endBatch(BATCH_TIMEOUT);
                    loadNanos += System.nanoTime() - from;
                    service.awaitCommit();
                    checkpoints.add(checkpoint(String.format("%,d accounts loaded", loaded), loaded, stateDir));
                }
                growth = EvaluatorStateHistogram.take().grownSince(atStart, HEAP_GROWTH_ROWS);
                rocksDb = EvaluatorStateRocksDb.read();
                alerts = service.alertCounts();
                postures = service.posturesSent();
                events = service.eventsSent();
            }
            // closing flushed RocksDB's memtables: now the directory holds the whole state
            long stateDirClosed = EvaluatorStateCheckpoint.directoryBytes(stateDir);
            Map<String, Long> entries = EvaluatorStateChangelogs.liveEntries(broker.bootstrapServers(), applicationId);
            return new EvaluatorStateResult(accounts, profiles(workload, accounts), postures, events, loadNanos / 1e9,
                    alerts, entries, checkpoints, rocksDb, stateDirClosed, growth);
        } finally {
            deleteQuietly(stateDir);
        }
    }

    /** Load 1,000 accounts first (where more are asked for), then the rest: a checkpoint after each. */
    private static List<Integer> batches(int accounts) {
        return accounts > FIRST_CHECKPOINT ? List.of(FIRST_CHECKPOINT, accounts) : List.of(accounts);
    }

    private static Map<String, Long> profiles(EvaluatorStateWorkload workload, int accounts) {
        Map<String, Long> profiles = new TreeMap<>();
        for (int i = 0; i < accounts; i++) {
            profiles.merge(workload.profile(i).name(), 1L, Long::sum);
        }
        return profiles;
    }

    private static EvaluatorStateCheckpoint checkpoint(String label, int accounts, Path stateDir) {
        return EvaluatorStateCheckpoint.take(label, accounts, stateDir, EvaluatorStateRocksDb.read());
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("rootwatch-evaluator-state-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary state directory", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            // a leftover in the temp directory is harmless; the OS cleans it
        }
    }
}
