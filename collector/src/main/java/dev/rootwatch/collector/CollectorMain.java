package dev.rootwatch.collector;

import dev.rootwatch.collector.aws.AwsClients;
import dev.rootwatch.collector.live.GracefulShutdown;
import dev.rootwatch.collector.live.LiveCollector;
import dev.rootwatch.collector.live.PostureHook;
import dev.rootwatch.collector.live.PosturePolling;
import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.ConfigException;
import dev.rootwatch.common.config.ConfigLoader;
import dev.rootwatch.common.config.Settings;
import dev.rootwatch.common.config.SourceSettings;
import dev.rootwatch.common.http.OpsServer;
import dev.rootwatch.common.kafka.Topics;
import dev.rootwatch.common.runtime.ServiceRuntime;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector as its own service: {@code java -cp ... dev.rootwatch.collector.CollectorMain [--config FILE]}.
 * Reads the configuration (file, then {@code ROOTWATCH_*} variables), requires
 * {@code kafka.bootstrapServers}, runs the live CloudTrail source (SQS or LookupEvents), the
 * posture poller (through {@link PostureHook}) and the /metrics /healthz /readyz server, until
 * SIGTERM; then it drains in-flight work and exits 0. No evaluator, no notifier.
 */
public final class CollectorMain {

    private static final Logger LOGGER = LoggerFactory.getLogger(CollectorMain.class);
    static final int CONFIG_ERROR = 2;
    /** Beyond the drain itself: closing the poller, the publisher and the clients. */
    private static final Duration CLOSE_MARGIN = Duration.ofSeconds(30);

    private CollectorMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        Path configFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    out.println("usage: rootwatch-collector [--config FILE]");
                    out.println("Reads CloudTrail from SQS or LookupEvents into Kafka (kafka.bootstrapServers is required).");
                    return 0;
                }
                case "--config" -> {
                    if (i + 1 >= args.length) {
                        err.println("rootwatch-collector: --config needs a file");
                        return CONFIG_ERROR;
                    }
                    configFile = Path.of(args[++i]);
                }
                default -> {
                    err.println("rootwatch-collector: unknown argument " + args[i] + " (try --help)");
                    return CONFIG_ERROR;
                }
            }
        }
        try {
            Config config = ConfigLoader.load(configFile, environment);
            if (config.get(Settings.KAFKA_BOOTSTRAP_SERVERS).isBlank()) {
                throw new ConfigException(Settings.KAFKA_BOOTSTRAP_SERVERS.key() + " is required by the collector service");
            }
            GracefulShutdown shutdown = GracefulShutdown.onSignal(config.get(SourceSettings.DRAIN_TIMEOUT).plus(CLOSE_MARGIN));
            return serve(config, shutdown);
        } catch (ConfigException e) {
            err.println("rootwatch-collector: configuration error: " + e.getMessage());
            return CONFIG_ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (IOException | RuntimeException e) {
            LOGGER.error("collector failed", e);
            err.println("rootwatch-collector: " + e);
            return 1;
        }
    }

    /** Runs until {@code shutdown} is requested, then drains and closes everything. */
    static int serve(Config config, GracefulShutdown shutdown) throws IOException, InterruptedException {
        PrometheusMeterRegistry registry = newRegistry();
        Topics topics = Topics.withPrefix(config.get(Settings.KAFKA_TOPIC_PREFIX));
        ServiceRuntime.createTopicsIfConfigured(config, config.get(Settings.KAFKA_BOOTSTRAP_SERVERS), topics);
        CollectorMetrics metrics = new CollectorMetrics(registry);
        OpsServer http = null;
        try (KafkaPublisher publisher = new KafkaPublisher(config.get(Settings.KAFKA_BOOTSTRAP_SERVERS), topics, "rootwatch-collector");
             AwsClients aws = AwsClients.fromConfig(config, 64)) {
            PosturePolling posture = PostureHook.start(config, aws, publisher, registry);
            try {
                LiveCollector collector = LiveCollector.create(config, aws, publisher, metrics, posture, Clock.systemUTC());
                int port = config.get(Settings.HTTP_PORT);
                if (port >= 0) {
                    http = OpsServer.start(config.get(Settings.HTTP_BIND_ADDRESS), port, registry, collector::isRunning);
                }
                collector.start();
                LOGGER.info("collector running source={}", collector.describe());
                shutdown.awaitStopRequest();
                LOGGER.info("collector stopping: no new work, draining in-flight messages");
                collector.stop();
            } finally {
                posture.close();
            }
            flushQuietly(publisher);
        } finally {
            if (http != null) {
                http.close();
            }
            shutdown.finished();
        }
        LOGGER.info("collector stopped");
        return 0;
    }

    /** Waits for what is still in flight (posture records); an earlier failure was already handled per message. */
    static void flushQuietly(Publisher publisher) {
        try {
            publisher.flush();
        } catch (IllegalStateException e) {
            LOGGER.warn("an earlier record was not acknowledged (its message was left for redelivery) error={}", e.getMessage());
        }
    }

    static PrometheusMeterRegistry newRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        return registry;
    }
}
