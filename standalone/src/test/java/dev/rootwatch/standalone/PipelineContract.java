package dev.rootwatch.standalone;

import dev.rootwatch.collector.CollectorMetrics;
import dev.rootwatch.collector.FileCollector;
import dev.rootwatch.collector.KafkaPublisher;
import dev.rootwatch.common.cloudtrail.InputLimits;
import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.Settings;
import dev.rootwatch.common.kafka.Topics;
import dev.rootwatch.notifier.JsonLinesFileSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three services against a real broker: the same test whichever broker a subclass gives
 * (the embedded one here, a Testcontainers one where Docker exists).
 */
abstract class PipelineContract {

    @TempDir
    Path dir;

    protected abstract String bootstrapServers();

    @Test
    void collectorEvaluatorAndNotifierRaiseTheScenarioAlertsOnce() throws Exception {
        // Given fresh topics under a unique prefix and the demo scenario's files
        String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        Topics topics = Topics.withPrefix(prefix);
        Config config = Config.defaults()
                .with(Settings.KAFKA_TOPIC_PREFIX, prefix)
                .with(Settings.EVALUATOR_APPLICATION_ID, prefix + "evaluator")
                .with(Settings.NOTIFIER_GROUP_ID, prefix + "notifier");
        Path input = Files.createDirectories(dir.resolve("input"));
        DemoScenarioAlerts.copyInto(input);
        Path out = dir.resolve("alerts.jsonl");

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            TopicAdmin.createMissing(admin, topics, 3, (short) 1);

            // When the collector publishes them and the evaluator and notifier run
            try (KafkaPublisher publisher = new KafkaPublisher(bootstrapServers(), topics, "it-collector")) {
                FileCollector collector = new FileCollector(InputLimits.defaults(), publisher,
                        new CollectorMetrics(new SimpleMeterRegistry()), Clock.systemUTC());
                collector.collect(List.of(input));
                publisher.endOfInput();
            }
            try (Services services = Services.start(bootstrapServers(), topics, config, List.of(new JsonLinesFileSink(out)),
                    new SimpleMeterRegistry(), false)) {
                services.awaitDrained(admin, Duration.ofMinutes(3));
            }
        }

        // Then the file sink holds exactly the scenario's alerts
        DemoScenarioAlerts.assertExactly(DemoScenarioAlerts.read(out));
    }
}
