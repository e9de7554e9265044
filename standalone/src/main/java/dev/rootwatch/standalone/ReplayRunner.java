package dev.rootwatch.standalone;

import dev.rootwatch.collector.CollectorMetrics;
import dev.rootwatch.collector.FileCollector;
import dev.rootwatch.collector.IngestStats;
import dev.rootwatch.common.cloudtrail.InputLimits;
import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.Settings;
import dev.rootwatch.common.kafka.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code rootwatch replay}: every input through the real pipeline on a private embedded broker.
 * The collector produces all of the input first; only then does the evaluator evaluate (it
 * starts paused, while the input is read), so it sees events and posture exactly in input order
 * and the result depends on the input alone.
 */
final class ReplayRunner {

    private static final Logger LOGGER = LoggerFactory.getLogger(ReplayRunner.class);
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(10);

    private final Config config;
    private final MeterRegistry registry;

    ReplayRunner(Config config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    ReplaySummary run(List<Path> inputs, Path alertsOut) throws Exception {
        List<Path> files = FileCollector.expand(inputs);
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
                    Clock.systemUTC(), Runtime.getRuntime().availableProcessors());
            IngestStats.Snapshot read = reader.read(files, starting.thenApply(ReplayPipeline::publisher));
            ReplayPipeline pipeline = starting.get();
            try (pipeline) {
                pipeline.publisher().flush();
                EndOfInput.send(pipeline.bootstrapServers(), topics);
                LOGGER.info("replay input produced files={} records={} relevant={} millis={}", read.files(), read.records(),
                        read.relevant(), (System.nanoTime() - started) / 1_000_000);
                pipeline.services().resume();
                pipeline.services().awaitDrained(pipeline.admin(), DRAIN_TIMEOUT);
                LOGGER.info("replay evaluated and delivered millis={}", (System.nanoTime() - started) / 1_000_000);
                long alerts = TopicCounter.readAll(pipeline.bootstrapServers(), topics.alerts().name()).size();
                long deadLetters = TopicCounter.readAll(pipeline.bootstrapServers(), topics.deadLetter().name()).size();
                if (!Files.exists(alertsOut)) {
                    Files.createFile(alertsOut);
                }
                return new ReplaySummary(read.files(), read.records(), read.relevant(), read.duplicates(), read.posture(),
                        read.skipped(), deadLetters, alerts);
            }
        } catch (Exception | Error e) {
            // reading failed while the pipeline was still starting: stop it once it is up
            starting.thenAccept(ReplayPipeline::close);
            throw e;
        }
    }
}
