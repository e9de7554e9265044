package dev.rootwatch.standalone;

import dev.rootwatch.collector.CollectorMetrics;
import dev.rootwatch.collector.FileCollector;
import dev.rootwatch.collector.IngestStats;
import dev.rootwatch.collector.InputFiles;
import dev.rootwatch.collector.KafkaPublisher;
import dev.rootwatch.collector.Publisher;
import dev.rootwatch.collector.RelevanceFilter;
import dev.rootwatch.common.cloudtrail.InputLimits;
import dev.rootwatch.common.json.Json;
import dev.rootwatch.common.model.DeadLetter;
import dev.rootwatch.common.model.Posture;
import dev.rootwatch.common.model.TrailEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Reads replay inputs on several threads, yet publishes what they hold strictly in input order
 * (files in order, records in file order), with bounded memory whatever the input: the file whose
 * turn it is publishes each event as it is found, straight to Kafka; files read ahead of their
 * turn keep what they found, serialized, within {@link #READ_AHEAD_BYTES} for all of them, and wait
 * for their turn when that is spent. A file of a million root events is published as it is read.
 */
final class OrderedFileReader {

    /** What the files read ahead of their turn may keep, together, before they wait for it. */
    static final long READ_AHEAD_BYTES = 16L << 20;
    /** How long the reader waits for the publisher before it looks whether another file can start. */
    private static final long POLL_MILLIS = 20;

    private final InputLimits limits;
    private final CollectorMetrics metrics;
    private final Clock clock;
    private final int threads;
    /** Guards every turn's held sends and the read-ahead budget; waited on for a turn or for room. */
    private final Object gate = new Object();
    private long heldBytes;

    OrderedFileReader(InputLimits limits, CollectorMetrics metrics, Clock clock, int threads) {
        this.limits = limits;
        this.metrics = metrics;
        this.clock = clock;
        this.threads = Math.max(1, threads);
    }

    IngestStats.Snapshot read(List<InputFiles.Entry> entries, Publisher publisher) throws InterruptedException, ExecutionException {
        return read(entries, CompletableFuture.completedFuture(publisher));
    }

    /**
     * Reads {@code entries}, publishing to {@code publisher} once it is there: until then (the broker
     * is starting) what the files hold is kept, in order, within the read-ahead budget. The duplicates
     * counted here are repeats within one file, not published again; the evaluator counts the others.
     */
    IngestStats.Snapshot read(List<InputFiles.Entry> entries, CompletableFuture<? extends Publisher> publisher)
            throws InterruptedException, ExecutionException {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "rootwatch-replay-reader");
            t.setDaemon(true);
            return t;
        });
        long[] totals = new long[7];
        try {
            Deque<Reading> window = new ArrayDeque<>();
            int reading = threads * 2;
            int next = 0;
            while (next < entries.size() || !window.isEmpty()) {
                // files already read hold only their kept records (within the read-ahead budget), so only the
                // files still being read count against the window: while the broker starts, reading goes on
                while (next < entries.size() && unfinished(window) < reading) {
                    InputFiles.Entry entry = entries.get(next++);
                    Turn turn = new Turn();
                    window.add(new Reading(turn, pool.submit(() -> readOne(entry, turn))));
                }
                if (!publisher.isDone() && next < entries.size()) {
                    awaitPublisherOrReading(publisher, window, reading);
                    continue;
                }
                Reading head = window.poll();
                head.turn().begin(publisher.get());
                IngestStats.Snapshot s = head.done().get();
                totals[0] += s.files();
                totals[1] += s.records();
                totals[2] += s.relevant();
                totals[3] += s.duplicates();
                totals[4] += s.posture();
                totals[5] += s.skipped();
                totals[6] += s.deadLettered();
            }
        } finally {
            pool.shutdownNow();
        }
        return new IngestStats.Snapshot(totals[0], totals[1], totals[2], totals[3], totals[4], totals[5], totals[6]);
    }

    private static long unfinished(Deque<Reading> window) {
        return window.stream().filter(r -> !r.done().isDone()).count();
    }

    /** Waits a little for the publisher, or for a file to be read so that the next can start. */
    private static void awaitPublisherOrReading(CompletableFuture<? extends Publisher> publisher, Deque<Reading> window,
                                                int reading) throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS);
        while (!publisher.isDone() && unfinished(window) >= reading && System.nanoTime() < deadline) {
            try {
                publisher.get(1, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // neither yet: look again
            }
        }
    }

    private IngestStats.Snapshot readOne(InputFiles.Entry entry, Turn turn) {
        // repeats within a file are counted and published once; across files the evaluator recognizes them
        FileCollector collector = new FileCollector(limits, turn, metrics, clock, RelevanceFilter.PREFILTER, true);
        collector.collect(entry);
        return collector.stats();
    }

    private record Reading(Turn turn, Future<IngestStats.Snapshot> done) {
    }

    /** One send kept until its file's turn: the record serialized, as small as it gets. */
    private record Held(Kind kind, byte[] value) {
    }

    private enum Kind { EVENT, POSTURE, DEAD_LETTER }

    /** One input's publisher: keeps what it is given until the input's turn, then passes it straight on. */
    private final class Turn implements Publisher {
        private final List<Held> held = new ArrayList<>();
        private long bytes;
        private Publisher direct;

        /** It is this input's turn: what it kept goes out first, in order, then everything goes straight out. */
        void begin(Publisher publisher) {
            synchronized (gate) {
                for (Held h : held) {
                    switch (h.kind()) {
                        case EVENT -> publisher.event(read(h.value(), TrailEvent.class));
                        case POSTURE -> publisher.posture(read(h.value(), Posture.class));
                        case DEAD_LETTER -> publisher.deadLetter(read(h.value(), DeadLetter.class));
                    }
                }
                held.clear();
                heldBytes -= bytes;
                bytes = 0;
                direct = publisher;
                gate.notifyAll();
            }
        }

        @Override
        public CompletableFuture<Void> event(TrailEvent event) {
            return send(Kind.EVENT, event, p -> p.event(event));
        }

        @Override
        public CompletableFuture<Void> posture(Posture posture) {
            return send(Kind.POSTURE, posture, p -> p.posture(posture));
        }

        @Override
        public CompletableFuture<Void> deadLetter(DeadLetter deadLetter) {
            return send(Kind.DEAD_LETTER, deadLetter, p -> p.deadLetter(deadLetter));
        }

        /** Files never say an account is gone; only the live posture poller does. */
        @Override
        public CompletableFuture<Void> postureGone(String accountId) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("replay input has no posture tombstones"));
        }

        /**
         * Passes the record on when it is this input's turn; until then keeps it, within the read-ahead
         * budget (waiting for room or for the turn), or refuses it at once when it is larger than Kafka takes.
         */
        private CompletableFuture<Void> send(Kind kind, Object record, Function<Publisher, CompletableFuture<Void>> now) {
            Publisher publisher;
            byte[] value = null;
            synchronized (gate) {
                while ((publisher = direct) == null) {
                    if (value == null) {
                        value = write(record);
                        if (value.length > KafkaPublisher.MAX_VALUE_BYTES) {
                            return CompletableFuture.failedFuture(KafkaPublisher.tooLarge(kind.name(), value.length));
                        }
                    }
                    // a first record is always kept, so that no input waits on an empty budget
                    if (heldBytes == 0 || heldBytes + value.length <= READ_AHEAD_BYTES) {
                        held.add(new Held(kind, value));
                        bytes += value.length;
                        heldBytes += value.length;
                        return CompletableFuture.completedFuture(null);
                    }
                    try {
                        gate.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("replay reading interrupted", e);
                    }
                }
            }
            return now.apply(publisher);
        }

        @Override
        public void flush() {
            // the real publisher is flushed once all input is read
        }

        @Override
        public void close() {
            // nothing held beyond the turn
        }
    }

    private static byte[] write(Object record) {
        try {
            return Json.mapper().writeValueAsBytes(record);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a record to keep it", e);
        }
    }

    private static <T> T read(byte[] value, Class<T> type) {
        try {
            return Json.mapper().readValue(value, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read back a record kept for its turn", e);
        }
    }
}
