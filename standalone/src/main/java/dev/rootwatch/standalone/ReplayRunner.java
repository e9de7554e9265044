package dev.rootwatch.standalone;

import dev.rootwatch.collector.CollectorMetrics;
import dev.rootwatch.collector.IngestStats;
import dev.rootwatch.collector.InputFiles;
import dev.rootwatch.common.cloudtrail.InputLimits;
import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.Settings;
import dev.rootwatch.common.json.Json;
import dev.rootwatch.common.kafka.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code rootwatch replay}: every input through the real pipeline on a private embedded broker.
 * The input is read on several threads and produced strictly in input order, events and posture
 * on one partition of the events topic ({@link ReplayPipeline}); the evaluator and the notifier
 * work while it is read, and the end-of-input watermark, written last, concludes every window. So
 * the result depends on the input alone.
 */
final class ReplayRunner {

    private static final Logger LOGGER = LoggerFactory.getLogger(ReplayRunner.class);
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(10);
    /** The evaluator's count of duplicate events (see EvaluatorMetrics). */
    private static final String DUPLICATES = "rootwatch.evaluator.duplicates";

    private final Config config;
    private final MeterRegistry registry;

    ReplayRunner(Config config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    ReplaySummary run(List<Path> inputs, Path alertsOut) throws Exception {
        List<InputFiles.Entry> entries = InputFiles.scan(inputs);
        Path parent = alertsOut.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.deleteIfExists(alertsOut);
        Topics topics = Topics.withPrefix(config.get(Settings.KAFKA_TOPIC_PREFIX));
        long started = System.nanoTime();
        // the broker, the topics and the services start on their own thread while the input is read
        ExecutorService starter = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "rootwatch-replay-start");
            t.setDaemon(true);
            return t;
        });
        CompletableFuture<ReplayPipeline> starting = CompletableFuture.supplyAsync(() -> {
            try {
                return ReplayPipeline.start(config, topics, registry, alertsOut);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, starter);
        starter.shutdown();
        try {
            OrderedFileReader reader = new OrderedFileReader(InputLimits.from(config), new CollectorMetrics(registry),
                    Clock.systemUTC(), readerThreads());
            IngestStats.Snapshot read = reader.read(entries, starting.thenApply(ReplayPipeline::publisher));
            ReplayPipeline pipeline = starting.get();
            try (pipeline) {
                pipeline.publisher().flush();
                pipeline.publisher().endOfInput();
                LOGGER.info("replay input produced files={} records={} relevant={} millis={}", read.files(), read.records(),
                        read.relevant(), (System.nanoTime() - started) / 1_000_000);
                pipeline.services().awaitDrained(pipeline.admin(), DRAIN_TIMEOUT);
                LOGGER.info("replay evaluated and delivered millis={}", (System.nanoTime() - started) / 1_000_000);
                // everything is evaluated and delivered: the services stop (forcing the alert file to disk) while the
                // topics are counted: alerts by their offsets (a replay writes them without transactions), dead letters
                // read one by one when there are any, since one may stand for many records of one input (its count)
                CompletableFuture<Long> alerts = counting(() -> TopicCounter.offsets(pipeline.admin(), topics.alerts().name()));
                CompletableFuture<Long> deadLettered = counting(() -> TopicCounter.offsets(pipeline.admin(), topics.deadLetter().name()) == 0
                        ? 0L : TopicCounter.sum(pipeline.bootstrapServers(), topics.deadLetter().name(), ReplayRunner::count));
                pipeline.stopDrained();
                if (!Files.exists(alertsOut)) {
                    Files.createFile(alertsOut);
                }
                return new ReplaySummary(read.files(), read.records(), read.relevant(), read.duplicates() + duplicates(), read.posture(),
                        read.skipped(), deadLettered.get(), alerts.get());
            }
        } catch (Exception | Error e) {
            // reading failed while the pipeline was still starting: stop it once it is up
            starting.thenAccept(ReplayPipeline::close);
            throw e;
        }
    }

    /**
     * Files read at once: one per core, but each may hold a large record and its tree while it reads
     * (see docs/reliability.md), so no more than the heap has room for at about 192 MiB each.
     */
    static int readerThreads() {
        long heapShares = Runtime.getRuntime().maxMemory() / (192L << 20);
        return (int) Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), heapShares));
    }

    private static CompletableFuture<Long> counting(Count count) {
        CompletableFuture<Long> result = new CompletableFuture<>();
        Thread counter = new Thread(() -> {
            try {
                result.complete(count.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                result.completeExceptionally(e);
            } catch (ExecutionException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        }, "rootwatch-replay-count");
        counter.setDaemon(true);
        counter.start();
        return result;
    }

    /** A count of a topic's records. */
    @FunctionalInterface
    private interface Count {
        long get() throws InterruptedException, ExecutionException;
    }

    /** Repeats across files, which the collector published and the evaluator recognized: counted exactly, on its state. */
    private long duplicates() {
        Counter counter = registry.find(DUPLICATES).counter();
        return counter == null ? 0 : (long) counter.count();
    }

    private static long count(byte[] deadLetter) {
        try {
            return Math.max(1, Json.mapper().readTree(deadLetter).path("count").asLong(1));
        } catch (IOException e) {
            return 1;
        }
    }
}
