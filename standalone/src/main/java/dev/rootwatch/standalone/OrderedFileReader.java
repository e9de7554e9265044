package dev.rootwatch.standalone;

import dev.rootwatch.collector.CollectorMetrics;
import dev.rootwatch.collector.FileCollector;
import dev.rootwatch.collector.IngestStats;
import dev.rootwatch.collector.Publisher;
import dev.rootwatch.common.cloudtrail.InputLimits;
import dev.rootwatch.common.model.DeadLetter;
import dev.rootwatch.common.model.Posture;
import dev.rootwatch.common.model.TrailEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Reads replay input files on several threads, yet publishes what they hold strictly in input
 * order (files in order, records in file order): each file is read by its own collector into a
 * buffer (only relevant events, posture and dead letters are kept), and the buffers are handed
 * to the publisher one file after the other. Duplicates are counted here, across files.
 */
final class OrderedFileReader {

    /** What may be kept in memory while the publisher is not there yet; beyond it, reading waits for it. */
    static final int MAX_WAITING_SENDS = 100_000;

    private final InputLimits limits;
    private final CollectorMetrics metrics;
    private final Clock clock;
    private final int threads;

    OrderedFileReader(InputLimits limits, CollectorMetrics metrics, Clock clock, int threads) {
        this.limits = limits;
        this.metrics = metrics;
        this.clock = clock;
        this.threads = Math.max(1, threads);
    }

    IngestStats.Snapshot read(List<Path> files, Publisher publisher) throws InterruptedException, ExecutionException {
        return read(files, CompletableFuture.completedFuture(publisher));
    }

    /**
     * Reads {@code files}, publishing to {@code publisher} once it is there: until then (the
     * broker is starting) what the files hold is kept, in order, up to {@link #MAX_WAITING_SENDS}.
     */
    IngestStats.Snapshot read(List<Path> files, CompletableFuture<? extends Publisher> publisher)
            throws InterruptedException, ExecutionException {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "rootwatch-replay-reader");
            t.setDaemon(true);
            return t;
        });
        Set<String> seen = new HashSet<>();
        long[] totals = new long[7];
        try {
            Deque<Future<FileOutput>> window = new ArrayDeque<>();
            List<FileOutput> waiting = new ArrayList<>();
            long waitingSends = 0;
            Iterator<Path> next = files.iterator();
            while (next.hasNext() || !window.isEmpty()) {
                while (next.hasNext() && window.size() < threads * 2) {
                    Path file = next.next();
                    window.add(pool.submit(() -> readOne(file)));
                }
                FileOutput output = window.poll().get();
                waiting.add(output);
                waitingSends += output.sends().size();
                if (publisher.isDone() || waitingSends > MAX_WAITING_SENDS) {
                    publish(waiting, publisher.get());
                    waitingSends = 0;
                }
                for (String key : output.eventKeys()) {
                    if (!seen.add(key)) {
                        totals[3]++;
                    }
                }
                IngestStats.Snapshot s = output.stats();
                totals[0] += s.files();
                totals[1] += s.records();
                totals[2] += s.relevant();
                totals[4] += s.posture();
                totals[5] += s.skipped();
                totals[6] += s.deadLettered();
            }
            publish(waiting, publisher.get());
        } finally {
            pool.shutdownNow();
        }
        return new IngestStats.Snapshot(totals[0], totals[1], totals[2], totals[3], totals[4], totals[5], totals[6]);
    }

    private static void publish(List<FileOutput> outputs, Publisher publisher) {
        for (FileOutput output : outputs) {
            for (Consumer<Publisher> send : output.sends()) {
                send.accept(publisher);
            }
        }
        outputs.clear();
    }

    private FileOutput readOne(Path file) {
        Buffer buffer = new Buffer();
        FileCollector collector = new FileCollector(limits, buffer, metrics, clock);
        collector.collectFile(file);
        return new FileOutput(buffer.sends, buffer.eventKeys, collector.stats());
    }

    private record FileOutput(List<Consumer<Publisher>> sends, List<String> eventKeys, IngestStats.Snapshot stats) {
    }

    /** Keeps what one file produced, in order, to be published later. */
    private static final class Buffer implements Publisher {
        private final List<Consumer<Publisher>> sends = new ArrayList<>();
        private final List<String> eventKeys = new ArrayList<>();

        @Override
        public CompletableFuture<Void> event(TrailEvent event) {
            sends.add(p -> p.event(event));
            eventKeys.add(event.accountId() + "|" + event.eventId());
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> posture(Posture posture) {
            sends.add(p -> p.posture(posture));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> deadLetter(DeadLetter deadLetter) {
            sends.add(p -> p.deadLetter(deadLetter));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void flush() {
            // the real publisher flushes
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
