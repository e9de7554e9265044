package dev.rootwatch.standalone;

import dev.rootwatch.collector.CollectorMetrics;
import dev.rootwatch.collector.FileCollector;
import dev.rootwatch.collector.IngestStats;
import dev.rootwatch.collector.KafkaPublisher;
import dev.rootwatch.common.cloudtrail.InputLimits;
import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.Settings;
import dev.rootwatch.common.kafka.Topics;
import dev.rootwatch.kafka.embedded.EmbeddedKafkaBroker;
import dev.rootwatch.notifier.JsonLinesFileSink;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code rootwatch replay}: every input through the real pipeline on a private embedded broker.
 * The collector produces all of the input first; only then do the evaluator and the notifier
 * start, so the evaluator sees events and posture exactly in input order and the result depends
 * on the input alone.
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
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            TopicAdmin.createMissing(admin, topics, config.get(Settings.KAFKA_PARTITIONS), (short) 1);
            IngestStats.Snapshot read;
            long started = System.nanoTime();
            try (KafkaPublisher publisher = new KafkaPublisher(broker.bootstrapServers(), topics, "rootwatch-replay")) {
                OrderedFileReader reader = new OrderedFileReader(InputLimits.from(config), new CollectorMetrics(registry),
                        Clock.systemUTC(), Runtime.getRuntime().availableProcessors());
                read = reader.read(files, publisher);
                publisher.flush();
            }
            EndOfInput.send(broker.bootstrapServers(), topics);
            LOGGER.info("replay input produced files={} records={} relevant={} millis={}", read.files(), read.records(),
                    read.relevant(), (System.nanoTime() - started) / 1_000_000);
            try (Services services = Services.start(broker.bootstrapServers(), topics, config,
                    List.of(new JsonLinesFileSink(alertsOut)), registry, false)) {
                services.awaitDrained(admin, DRAIN_TIMEOUT);
            }
            long alerts = TopicCounter.readAll(broker.bootstrapServers(), topics.alerts().name()).size();
            long deadLetters = TopicCounter.readAll(broker.bootstrapServers(), topics.deadLetter().name()).size();
            if (!Files.exists(alertsOut)) {
                Files.createFile(alertsOut);
            }
            return new ReplaySummary(read.files(), read.records(), read.relevant(), read.duplicates(), read.posture(),
                    read.skipped(), deadLetters, alerts);
        }
    }
}
