package dev.rootwatch.standalone;

import dev.rootwatch.collector.CollectorMetrics;
import dev.rootwatch.collector.KafkaPublisher;
import dev.rootwatch.collector.aws.AwsClients;
import dev.rootwatch.common.runtime.GracefulShutdown;
import dev.rootwatch.collector.live.LiveCollector;
import dev.rootwatch.collector.live.PostureHook;
import dev.rootwatch.collector.live.PosturePolling;
import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.Settings;
import dev.rootwatch.common.http.OpsServer;
import dev.rootwatch.common.kafka.Topics;
import dev.rootwatch.common.runtime.DataDirectory;
import dev.rootwatch.kafka.embedded.EmbeddedKafkaBroker;
import dev.rootwatch.notifier.AlertSink;
import dev.rootwatch.notifier.PendingDeliveries;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code rootwatch run}: the live pipeline in one JVM until stopped. Kafka is the configured
 * cluster, or an embedded broker when {@code kafka.bootstrapServers} is empty, whose log lives in
 * the data directory ({@code data.dir}) with the evaluator's state: an SQS message is deleted only
 * once what it produced is there, so a restart after {@code kill -9} continues from the committed
 * offsets and loses nothing.
 *
 * <p>A stop request (SIGTERM) stops intake first (the collector finishes and acknowledges the
 * messages it holds), lets the evaluator commit what it evaluated, gives the notifier
 * {@code notifier.drainTimeout} to deliver, and leaves whatever is still undelivered in Kafka for
 * the next start, logging how many alerts that is.
 */
final class LiveRunner {

    private static final Logger LOGGER = LoggerFactory.getLogger(LiveRunner.class);

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
        try (DataDirectory data = DataDirectory.open(Path.of(config.get(Settings.DATA_DIR)));
             EmbeddedKafkaBroker broker = configured.isEmpty()
                     ? EmbeddedKafkaBroker.start(DataLayout.durable(config), data.kafka()) : null) {
            String bootstrap = broker == null ? configured : broker.bootstrapServers();
            bootstrapServers.set(bootstrap);
            LOGGER.info("kafka bootstrapServers={} embedded={}", bootstrap, broker != null);
            Config withState = DataLayout.withStateDir(config, data.evaluatorState());
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                if (config.get(Settings.KAFKA_CREATE_TOPICS)) {
                    short replication = broker == null ? config.get(Settings.KAFKA_REPLICATION_FACTOR).shortValue() : (short) 1;
                    TopicAdmin.createMissing(admin, topics, config.get(Settings.KAFKA_PARTITIONS), replication);
                }
            }
            PendingDeliveries left;
            AtomicReference<OpsServer> http = new AtomicReference<>();
            try (Services services = Services.startLive(bootstrap, topics, withState, sinks, registry, data.instanceId());
                 KafkaPublisher publisher = new KafkaPublisher(bootstrap, topics, "rootwatch-collector");
                 Readiness readiness = new Readiness(registry, services.notifier()::delivered)) {
                publisher.bindMetrics(registry);
                collectUntilStopped(publisher, services, shutdown, readiness, http);
                left = services.stop();
            } finally {
                // /metrics stays up while the evaluator and the notifier drain
                if (http.get() != null) {
                    http.get().close();
                }
            }
            report(left, broker == null ? "Kafka (" + bootstrap + ")" : "the data directory " + data.root());
        } finally {
            shutdown.finished();
        }
        LOGGER.info("rootwatch run stopped");
        return 0;
    }

    private void collectUntilStopped(KafkaPublisher publisher, Services services, GracefulShutdown shutdown, Readiness readiness,
                                     AtomicReference<OpsServer> http) throws IOException, InterruptedException {
        // POSTURE HOOK: PostureHook.start is where the IAM posture poller starts (the collector service uses the same hook)
        PosturePolling posture = PostureHook.start(config, aws, publisher, registry);
        try {
            LiveCollector collector = LiveCollector.create(config, aws, publisher, new CollectorMetrics(registry), posture,
                    Clock.systemUTC());
            BooleanSupplier ready = () -> !shutdown.isStopRequested() && collector.isRunning() && services.ready();
            http.set(startHttp(ready));
            collector.start();
            readiness.watch(ready);
            LOGGER.info("rootwatch run started source={} http={}", collector.describe(),
                    http.get() == null ? "off" : http.get().port());
            shutdown.awaitStopRequest();
            LOGGER.info("stopping: no new work; draining in-flight messages timeoutS={}", collector.drainTimeout().toSeconds());
            collector.stop();
        } finally {
            posture.close();
        }
        try {
            publisher.flush();
        } catch (IllegalStateException e) {
            // per-message acknowledgements already decided what was deleted; this only reports an earlier failure
            LOGGER.warn("an earlier record was not acknowledged (its message was left for redelivery) error={}", e.getMessage());
        }
    }

    private static void report(PendingDeliveries left, String where) {
        if (left.none()) {
            LOGGER.info("every alert delivered; nothing pending");
            return;
        }
        LOGGER.warn("{} alerts pending delivery, kept in {}; they are delivered after the next start bySink={}",
                left.alerts(), where, left.bySink());
    }

    private OpsServer startHttp(BooleanSupplier ready) throws IOException {
        int port = config.get(Settings.HTTP_PORT);
        if (port < 0) {
            return null;
        }
        return OpsServer.start(config.get(Settings.HTTP_BIND_ADDRESS), port, registry, ready);
    }
}
