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
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every rootwatch service process (collector, evaluator, notifier) does around its own work,
 * the same way: read the configuration ({@code --config FILE}, else {@code ROOTWATCH_CONFIG}, then
 * {@code ROOTWATCH_*} variables), require {@code kafka.bootstrapServers}, create missing topics, tag
 * every meter with {@code service=<name>}, serve {@code /metrics}, {@code /healthz} (the process is
 * up) and {@code /readyz} (the service can do its work, and is not stopping), and on SIGTERM stop the
 * service, which drains within its own bounds, and exit 0.
 *
 * <p>Exit codes: 0 after a stop by signal or for {@code --help}; 1 when the service fails; 2 for an
 * unknown argument or a configuration error, with a message naming it.
 */
public final class ServiceRuntime {

    /** Exit code of an unknown argument or a configuration error. */
    public static final int CONFIG_ERROR = 2;

    /** Starts a service's own work. */
    @FunctionalInterface
    public interface Starter {
        RunningService start(ServiceContext context) throws Exception;
    }

    /**
     * Runs a service until SIGTERM (or SIGINT) and returns its exit code.
     *
     * @param service     its name: the {@code service} tag of its meters, {@code rootwatch-<service>} in messages
     * @param stopTimeout how long a stop may take, from the configuration; past it the process exits 1
     */
    public static int main(String service, String[] args, Map<String, String> environment, PrintStream out, PrintStream err,
                           Function<Config, Duration> stopTimeout, Starter starter) {
        String command = "rootwatch-" + service;
        Config config;
        try {
            if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
                out.println("usage: " + command + " [--config FILE]");
                out.println("The configuration file may also be named by ROOTWATCH_CONFIG; ROOTWATCH_* variables override it."
                        + " kafka.bootstrapServers is required.");
                return 0;
            }
            config = config(args, environment);
            requireBootstrapServers(config, service);
        } catch (ConfigException e) {
            err.println(command + ": configuration error: " + e.getMessage());
            return CONFIG_ERROR;
        }
        GracefulShutdown shutdown = GracefulShutdown.onSignal(stopTimeout.apply(config));
        OpsServer http = null;
        try {
            String bootstrap = config.get(Settings.KAFKA_BOOTSTRAP_SERVERS);
            Topics topics = Topics.withPrefix(config.get(Settings.KAFKA_TOPIC_PREFIX));
            createTopicsIfConfigured(config, bootstrap, topics);
            PrometheusMeterRegistry registry = registry(service);
            RunningService running = starter.start(new ServiceContext(config, bootstrap, topics, registry));
            try {
                http = http(config, registry, () -> !shutdown.isStopRequested() && running.ready());
                LOGGER.info("service running service={}", service);
                shutdown.awaitStopRequest();
                LOGGER.info("stopping service={}", service);
            } finally {
                running.stop();
            }
            LOGGER.info("stopped service={}", service);
            return 0;
        } catch (ConfigException e) {
            err.println(command + ": configuration error: " + e.getMessage());
            return CONFIG_ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (Exception e) {
            LOGGER.error("service failed service={}", service, e);
            err.println(command + ": " + e);
            return 1;
        } finally {
            if (http != null) {
                http.close();
            }
            shutdown.finished();
        }
    }

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
                throw new ConfigException("unknown argument '" + args[i] + "' (the only argument is --config FILE; try --help)");
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
            throw new ConfigException("kafka.bootstrapServers is required by the " + service
                    + " service (ROOTWATCH_KAFKA_BOOTSTRAP_SERVERS)");
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
}
