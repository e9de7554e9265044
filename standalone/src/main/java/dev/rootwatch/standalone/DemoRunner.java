package dev.rootwatch.standalone;

import dev.rootwatch.collector.CollectorMetrics;
import dev.rootwatch.collector.FileCollector;
import dev.rootwatch.collector.IngestStats;
import dev.rootwatch.collector.KafkaPublisher;
import dev.rootwatch.common.cloudtrail.InputLimits;
import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.Settings;
import dev.rootwatch.common.http.OpsServer;
import dev.rootwatch.common.kafka.Topics;
import dev.rootwatch.common.runtime.DataDirectory;
import dev.rootwatch.kafka.embedded.EmbeddedKafkaBroker;
import dev.rootwatch.notifier.AlertSink;
import dev.rootwatch.notifier.NotifierSettings;
import dev.rootwatch.notifier.PendingDeliveries;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code rootwatch demo}: the whole pipeline on an embedded broker, fed step by step with the
 * bundled CloudTrail files and posture; alerts print as they fire; it ends by itself. A signal stops
 * it early, with an exit status that says the rest is lost: its broker is temporary.
 */
final class DemoRunner {

    private static final Logger LOGGER = LoggerFactory.getLogger(DemoRunner.class);
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(2);

    private final Config config;
    private final PrometheusMeterRegistry registry;
    private final PrintStream out;

    DemoRunner(Config config, PrometheusMeterRegistry registry, PrintStream out) {
        this.config = config;
        this.registry = registry;
        this.out = out;
    }

    /**
     * Runs the scenario.
     *
     * @param stopRequested true once a signal asks the demo to stop before its end
     * @return the exit status: 0 when the demo ran to its end, {@link Rootwatch#STOPPED_INCOMPLETE} when a signal cut
     *         it short (its temporary broker, and what it had not delivered, go with the process)
     */
    int run(BooleanSupplier stopRequested) throws Exception {
        DemoScenario scenario = DemoScenario.load();
        Topics topics = Topics.withPrefix(config.get(Settings.KAFKA_TOPIC_PREFIX));
        AtomicBoolean ready = new AtomicBoolean();
        out.println("rootwatch demo: starting an embedded Kafka broker and the collector, evaluator and notifier...");
        try (DataDirectory data = DataDirectory.temporary();
             EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Map.of(), data.kafka());
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
             OpsServer http = startHttp(ready)) {
            TopicAdmin.createMissing(admin, topics, config.get(Settings.KAFKA_PARTITIONS), (short) 1);
            List<AlertSink> sinks = NotifierSettings.from(config).createSinks(out);
            try (KafkaPublisher publisher = new KafkaPublisher(broker.bootstrapServers(), topics, "rootwatch-demo");
                 Services services = Services.start(broker.bootstrapServers(), topics,
                         DataLayout.withStateDir(config, data.evaluatorState()), sinks, registry, false)) {
                ready.set(true);
                if (http != null) {
                    out.println("metrics: http://127.0.0.1:" + http.port() + "/metrics");
                }
                FileCollector collector = new FileCollector(InputLimits.from(config), publisher, new CollectorMetrics(registry),
                        Clock.systemUTC());
                int n = 0;
                try {
                    for (DemoScenario.Step step : scenario.steps()) {
                        if (stopRequested.getAsBoolean()) {
                            return stoppedEarly(services);
                        }
                        out.println();
                        out.println("step " + ++n + "/" + scenario.steps().size() + ": " + step.description());
                        collector.collect("demo/" + step.resource(), step::open);
                        publisher.flush();
                        services.awaitDrained(admin, STEP_TIMEOUT, stopRequested);
                    }
                    out.println();
                    out.println("end of input: event time moves past every open window, concluding what waits for stragglers");
                    publisher.endOfInput();
                    services.awaitDrained(admin, STEP_TIMEOUT, stopRequested);
                } catch (Services.StopRequestedException e) {
                    return stoppedEarly(services);
                }
                IngestStats.Snapshot s = collector.stats();
                long alerts = TopicCounter.count(broker.bootstrapServers(), topics.alerts().name());
                out.println();
                out.printf("rootwatch demo finished: %d files, %d CloudTrail events (%d relevant, %d duplicate), %d posture"
                        + " records, %d skipped, %d alerts%n", s.files(), s.records(), s.relevant(), s.duplicates(), s.posture(),
                        s.skipped(), alerts);
                return 0;
            }
        }
    }

    /** Stops what runs and says what is lost with the temporary broker. */
    private int stoppedEarly(Services services) {
        PendingDeliveries left = services.stop();
        LOGGER.warn("demo stopped before its end; its broker is temporary: {} alerts pending delivery are lost, and the rest of"
                + " the scenario is not run bySink={}", left.alerts(), left.bySink());
        out.println("rootwatch demo: stopped before its end");
        return Rootwatch.STOPPED_INCOMPLETE;
    }

    private OpsServer startHttp(AtomicBoolean ready) throws IOException {
        int port = config.get(Settings.HTTP_PORT);
        if (port < 0) {
            return null;
        }
        String address = config.get(Settings.HTTP_BIND_ADDRESS);
        try {
            return OpsServer.start(address, port, registry, ready::get);
        } catch (BindException e) {
            LOGGER.warn("http port busy, using any free port port={}", port);
            return OpsServer.start(address, 0, registry, ready::get);
        }
    }
}
