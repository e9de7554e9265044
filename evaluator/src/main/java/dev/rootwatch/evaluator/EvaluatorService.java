package dev.rootwatch.evaluator;

import dev.rootwatch.common.kafka.Topics;
import dev.rootwatch.common.model.AlertType;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Objects;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evaluator as a running service: {@link EvaluatorTopology} in a {@link KafkaStreams} with
 * exactly-once v2, {@code acks=all}, dead-lettering of unreadable input, and Kafka Streams' client
 * metrics bound to the given registry.
 */
public final class EvaluatorService implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(EvaluatorService.class);
    private static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** A batch run's fetches: answered once this much input is there, or after {@link #BATCH_FETCH_MAX_WAIT_MS}. */
    static final int BATCH_FETCH_MIN_BYTES = 1 << 20;
    static final int BATCH_FETCH_MAX_WAIT_MS = 100;

    private final StreamsOptions options;
    private final Path stateDir;
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;
    private final MeterRegistry registry;
    private final boolean live;

    /**
     * The evaluator in live mode (wall-clock windows, re-notification, TELEMETRY_SILENT).
     *
     * @param bootstrapServers Kafka brokers, {@code host:port,...}
     * @param topics           the rootwatch topics
     * @param settings         what to detect
     * @param options          how to run (application id, commit interval, state dir, standby replicas)
     * @param registry         where the evaluator's and Kafka Streams' meters go
     */
    public EvaluatorService(String bootstrapServers, Topics topics, EvaluatorSettings settings, StreamsOptions options,
                            MeterRegistry registry) {
        this(bootstrapServers, topics, settings, options, registry, true);
    }

    /**
     * @param live true for live mode; false for a replay, whose result depends on its input alone
     *             (no wall clock; the input ends with {@link dev.rootwatch.common.model.Watermark#endOfInput()}
     *             on every partition of the events topic)
     * @see EvaluatorTopology
     */
    public EvaluatorService(String bootstrapServers, Topics topics, EvaluatorSettings settings, StreamsOptions options,
                            MeterRegistry registry, boolean live) {
        this(bootstrapServers, topics, settings, options, registry, Clock.systemUTC(), live);
    }

    EvaluatorService(String bootstrapServers, Topics topics, EvaluatorSettings settings, StreamsOptions options,
                     MeterRegistry registry, Clock clock, boolean live) {
        this(bootstrapServers, topics, settings, options, registry, clock, live, live);
    }

    /**
     * @param durable exactly once with changelogged state, as live mode always runs; false for a batch run,
     *                which is run again rather than resumed (at least once, no changelogs)
     */
    EvaluatorService(String bootstrapServers, Topics topics, EvaluatorSettings settings, StreamsOptions options,
                     MeterRegistry registry, Clock clock, boolean live, boolean durable) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        this.options = Objects.requireNonNull(options, "options");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.live = live;
        this.stateDir = options.temporaryStateDir() ? temporaryStateDir() : Path.of(options.stateDir());
        if (settings.enabled(AlertType.PIPELINE_TAMPERING)) {
            LOGGER.info(settings.pipeline().describe());
        }
        Topology topology = EvaluatorTopology.build(topics, settings, registry, clock, live, durable);
        this.streams = new KafkaStreams(topology, properties(bootstrapServers, topics, options, stateDir, registry, durable));
        this.streams.setUncaughtExceptionHandler(exception -> {
            LOGGER.error("evaluator stream thread failed, shutting the evaluator down applicationId={}",
                    options.applicationId(), exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        this.streams.setStateListener((next, previous) ->
                LOGGER.info("evaluator state changed applicationId={} from={} to={}", options.applicationId(), previous, next));
        this.streamsMetrics = new KafkaStreamsMetrics(streams);
    }

    /**
     * The Kafka Streams configuration the service runs with. Live: exactly once, so that a crash or a
     * rebalance never evaluates an input twice into a second page. A batch run (replay, demo) has one
     * instance on a private broker and ends in failure if anything fails, so it has nothing to recover
     * and runs at least once, without a transaction per commit.
     */
    static Properties properties(String bootstrapServers, Topics topics, StreamsOptions options, Path stateDir,
                                 MeterRegistry registry, boolean durable) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, options.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, durable ? StreamsConfig.EXACTLY_ONCE_V2 : StreamsConfig.AT_LEAST_ONCE);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, options.commitInterval().toMillis());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, options.standbyReplicas());
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedStateMemory.class);
        props.put(BoundedStateMemory.MEMORY_BYTES_CONFIG, options.stateMemoryBytes());
        props.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        props.put(DeadLetterDeserializationHandler.DEAD_LETTER_TOPIC_CONFIG, topics.deadLetter().name());
        props.put(DeadLetterDeserializationHandler.METER_REGISTRY_CONFIG, registry);
        if (!durable) {
            // a batch run's input arrives as fast as it is read: fetching it in batches of up to 100 ms (rather than each
            // record as it lands) spares the evaluator and the broker a round trip per record; the last batch, with the
            // end-of-input mark, waits at most that long
            props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MIN_BYTES_CONFIG), BATCH_FETCH_MIN_BYTES);
            props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), BATCH_FETCH_MAX_WAIT_MS);
        }
        if (!options.instanceId().isEmpty()) {
            // Kafka Streams adds each stream thread's number to it
            props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), options.instanceId());
        }
        return props;
    }

    /** Starts processing; returns at once (the evaluator joins its group in the background). */
    public void start() {
        streamsMetrics.bindTo(registry);
        LOGGER.info("evaluator starting applicationId={} stateDir={} live={}", options.applicationId(), stateDir, live);
        streams.start();
    }

    /** True while the evaluator is running or rebalancing (alive). */
    public boolean isRunning() {
        return streams.state().isRunningOrRebalancing();
    }

    /** True when the evaluator is RUNNING: its tasks assigned and their state restored, so an event arriving now is evaluated. */
    public boolean isReady() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    /** Stops processing, committing what was processed, within {@code timeout}. */
    public void close(Duration timeout) {
        boolean closed = streams.close(timeout);
        streamsMetrics.close();
        if (!closed) {
            LOGGER.warn("evaluator did not close in time applicationId={} timeout={}", options.applicationId(), timeout);
            return;
        }
        if (options.temporaryStateDir()) {
            deleteQuietly(stateDir);
        }
        LOGGER.info("evaluator closed applicationId={}", options.applicationId());
    }

    /** Where the local state stores live. */
    Path stateDir() {
        return stateDir;
    }

    @Override
    public void close() {
        close(DEFAULT_CLOSE_TIMEOUT);
    }

    private static Path temporaryStateDir() {
        try {
            return Files.createTempDirectory("rootwatch-evaluator-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary state directory for the evaluator", e);
        }
    }

    /** Removes the temporary state directory this service created (Kafka Streams leaves a lock and metadata file). */
    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            // the OS cleans its temp space; a leftover is harmless
            LOGGER.debug("temporary state directory left behind path={} error={}", dir, e.getClass().getSimpleName());
        }
    }
}
