package dev.rootwatch.common.runtime;

import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.ConfigException;
import dev.rootwatch.common.config.ConfigLoader;
import dev.rootwatch.common.config.Settings;
import dev.rootwatch.common.http.OpsServer;
import dev.rootwatch.common.kafka.TopicAdmin;
import dev.rootwatch.common.kafka.Topics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every rootwatch service process does around its own work: read the configuration
 * ({@code --config FILE} or {@code ROOTWATCH_CONFIG}), tag its metrics with the service name,
 * serve /metrics /healthz /readyz, and stop cleanly on SIGTERM.
 */
public final class ServiceRuntime {

    private static final Logger LOGGER = LoggerFactory.getLogger(ServiceRuntime.class);

    private ServiceRuntime() {
    }

    /** The configuration named by {@code --config FILE} in {@code args}, or by {@code ROOTWATCH_CONFIG}, or defaults. */
    public static Config config(String[] args, Map<String, String> environment) {
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            if ("--config".equals(args[i]) && i + 1 < args.length) {
                file = Path.of(args[++i]);
            } else if (args[i].startsWith("--config=")) {
                file = Path.of(args[i].substring("--config=".length()));
            } else {
                throw new ConfigException("unknown argument '" + args[i] + "' (the only argument is --config FILE)");
            }
        }
        if (file == null && environment.get("ROOTWATCH_CONFIG") != null && !environment.get("ROOTWATCH_CONFIG").isBlank()) {
            file = Path.of(environment.get("ROOTWATCH_CONFIG"));
        }
        return ConfigLoader.load(file, environment);
    }

    /** A Prometheus registry with JVM and process metrics, every meter tagged {@code service=<name>}. */
    public static PrometheusMeterRegistry registry(String service) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("service", service);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }

    /** Starts the HTTP server unless {@code http.port} is -1; returns null then. */
    public static OpsServer http(Config config, PrometheusMeterRegistry registry, BooleanSupplier ready) throws IOException {
        int port = config.get(Settings.HTTP_PORT);
        return port < 0 ? null : OpsServer.start(config.get(Settings.HTTP_BIND_ADDRESS), port, registry, ready);
    }

    /** The Kafka bootstrap servers, which a service run on its own must be given. */
    public static String requireBootstrapServers(Config config, String service) {
        String servers = config.get(Settings.KAFKA_BOOTSTRAP_SERVERS);
        if (servers == null || servers.isBlank()) {
            throw new ConfigException("the " + service + " service needs kafka.bootstrapServers (ROOTWATCH_KAFKA_BOOTSTRAP_SERVERS)");
        }
        return servers;
    }

    /**
     * Creates rootwatch's missing topics when {@code kafka.createTopics} is on, so whichever
     * service starts first finds them (the broker should not auto-create topics).
     */
    public static void createTopicsIfConfigured(Config config, String bootstrapServers, Topics topics)
            throws InterruptedException {
        if (!config.get(Settings.KAFKA_CREATE_TOPICS)) {
            return;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            TopicAdmin.createMissing(admin, topics, config.get(Settings.KAFKA_PARTITIONS),
                    config.get(Settings.KAFKA_REPLICATION_FACTOR).shortValue());
        } catch (ExecutionException e) {
            // another service created them at the same moment: fine; anything else stops start-up
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create rootwatch's topics: " + e.getCause(), e);
            }
        }
    }

    /**
     * Blocks until the JVM is asked to stop (SIGTERM, SIGINT), then runs {@code stop} on the
     * shutdown hook thread and lets the JVM exit once it returned.
     */
    public static void runUntilStopped(String service, AutoCloseable stop) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOGGER.info("stopping service={}", service);
            try {
                stop.close();
            } catch (Exception e) {
                LOGGER.error("error while stopping service={}", service, e);
            } finally {
                stopped.countDown();
                LOGGER.info("stopped service={}", service);
            }
        }, service + "-shutdown"));
        stopped.await();
    }
}
