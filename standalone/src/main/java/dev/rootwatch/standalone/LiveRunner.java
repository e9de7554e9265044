package dev.rootwatch.standalone;

import dev.rootwatch.collector.CollectorMetrics;
import dev.rootwatch.collector.KafkaPublisher;
import dev.rootwatch.collector.aws.AwsClients;
import dev.rootwatch.collector.live.GracefulShutdown;
import dev.rootwatch.collector.live.LiveCollector;
import dev.rootwatch.collector.live.PostureHook;
import dev.rootwatch.collector.live.PosturePolling;
import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.Settings;
import dev.rootwatch.common.http.OpsServer;
import dev.rootwatch.common.kafka.Topics;
import dev.rootwatch.kafka.embedded.EmbeddedKafkaBroker;
import dev.rootwatch.notifier.AlertSink;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code rootwatch run}: the live pipeline in one JVM until stopped. Kafka is the configured
 * cluster, or an embedded broker when {@code kafka.bootstrapServers} is empty; the evaluator and
 * the notifier run beside the collector's live source (SQS, else LookupEvents) and the posture
 * poller ({@link PostureHook}). A stop request (SIGTERM) stops receiving, lets in-flight messages
 * finish and be acknowledged, flushes, lets the evaluator and notifier catch up when the broker
 * is embedded (its data goes with the process), and closes everything.
 */
final class LiveRunner {

    private static final Logger LOGGER = LoggerFactory.getLogger(LiveRunner.class);
    /** With an embedded broker, how long the evaluator and notifier may take to finish what was produced. */
    static final Duration SERVICES_DRAIN = Duration.ofSeconds(30);

    private final Config config;
    private final PrometheusMeterRegistry registry;
    private final List<AlertSink> sinks;
    private final AwsClients aws;
    private final AtomicReference<String> bootstrapServers = new AtomicReference<>();

    /**
     * @param sinks where the notifier delivers alerts
     * @param aws   the AWS clients, built once from the configuration
     */
    LiveRunner(Config config, PrometheusMeterRegistry registry, List<AlertSink> sinks, AwsClients aws) {
        this.config = config;
        this.registry = registry;
        this.sinks = sinks;
        this.aws = aws;
    }

    /** The Kafka cluster in use once {@link #run} started it (for tests); null before. */
    String bootstrapServers() {
        return bootstrapServers.get();
    }

    /** Runs until {@code shutdown} is requested, then drains and closes everything; returns the exit code. */
    int run(GracefulShutdown shutdown) throws Exception {
        Topics topics = Topics.withPrefix(config.get(Settings.KAFKA_TOPIC_PREFIX));
        String configured = config.get(Settings.KAFKA_BOOTSTRAP_SERVERS).trim();
        try (EmbeddedKafkaBroker broker = configured.isEmpty() ? EmbeddedKafkaBroker.start() : null) {
            String bootstrap = broker == null ? configured : broker.bootstrapServers();
            bootstrapServers.set(bootstrap);
            LOGGER.info("kafka bootstrapServers={} embedded={}", bootstrap, broker != null);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                if (config.get(Settings.KAFKA_CREATE_TOPICS)) {
                    short replication = broker == null ? config.get(Settings.KAFKA_REPLICATION_FACTOR).shortValue() : (short) 1;
                    TopicAdmin.createMissing(admin, topics, config.get(Settings.KAFKA_PARTITIONS), replication);
                }
                try (Services services = Services.start(bootstrap, topics, config, sinks, registry);
                     KafkaPublisher publisher = new KafkaPublisher(bootstrap, topics, "rootwatch-collector")) {
                    collectUntilStopped(publisher, services::running, shutdown);
                    if (broker != null) {
                        drain(services, admin);
                    }
                }
            }
        } finally {
            shutdown.finished();
        }
        LOGGER.info("rootwatch run stopped");
        return 0;
    }

    private void collectUntilStopped(KafkaPublisher publisher, BooleanSupplier servicesRunning, GracefulShutdown shutdown)
            throws IOException, InterruptedException {
        // POSTURE HOOK: PostureHook.start is where the IAM posture poller starts (the collector service uses the same hook)
        PosturePolling posture = PostureHook.start(config, aws, publisher, registry);
        OpsServer http = null;
        try {
            LiveCollector collector = LiveCollector.create(config, aws, publisher, new CollectorMetrics(registry), posture,
                    Clock.systemUTC());
            http = startHttp(() -> collector.isRunning() && servicesRunning.getAsBoolean());
            collector.start();
            LOGGER.info("rootwatch run started source={} http={}", collector.describe(), http == null ? "off" : http.port());
            shutdown.awaitStopRequest();
            LOGGER.info("stopping: no new work; draining in-flight messages timeoutS={}", collector.drainTimeout().toSeconds());
            collector.stop();
        } finally {
            posture.close();
            if (http != null) {
                http.close();
            }
        }
        try {
            publisher.flush();
        } catch (IllegalStateException e) {
            // per-message acknowledgements already decided what was deleted; this only reports an earlier failure
            LOGGER.warn("an earlier record was not acknowledged (its message was left for redelivery) error={}", e.getMessage());
        }
    }

    /** Lets the evaluator and the notifier finish what the collector produced: the embedded broker's data ends with the process. */
    private static void drain(Services services, Admin admin) throws InterruptedException {
        try {
            services.awaitDrained(admin, SERVICES_DRAIN);
        } catch (TimeoutException | ExecutionException | IllegalStateException e) {
            LOGGER.warn("evaluator and notifier did not catch up before stopping error={}", e.getMessage());
        }
    }

    private OpsServer startHttp(BooleanSupplier ready) throws IOException {
        int port = config.get(Settings.HTTP_PORT);
        if (port < 0) {
            return null;
        }
        return OpsServer.start(config.get(Settings.HTTP_BIND_ADDRESS), port, registry, ready);
    }
}
