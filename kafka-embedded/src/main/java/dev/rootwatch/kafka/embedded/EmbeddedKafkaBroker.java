package dev.rootwatch.kafka.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker and KRaft controller in this JVM, built from Kafka's own (non-test)
 * jars: the one-JVM mode's broker and the integration tests' broker. It is the only class of
 * rootwatch that touches Kafka's broker internals; everything else talks to it through
 * {@link #bootstrapServers()} like to any other cluster.
 *
 * <p>Both listeners bind to 127.0.0.1 on ports picked free before start-up (the controller's
 * voter entry cannot use port 0); when another process takes a port in between, start-up is
 * tried once more with new ports. Without a data directory the broker lives in a temporary
 * directory that {@link #close()} deletes.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private static final String LOOPBACK = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final int START_ATTEMPTS = 2;

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path dataDirectory;
    private final boolean deleteOnClose;
    private final Duration startupTime;
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers, Path dataDirectory,
                                boolean deleteOnClose, Duration startupTime) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.dataDirectory = dataDirectory;
        this.deleteOnClose = deleteOnClose;
        this.startupTime = startupTime;
    }

    /** Starts a broker with rootwatch's single-node defaults in a temporary directory. */
    public static EmbeddedKafkaBroker start() {
        return start(Map.of());
    }

    /**
     * Starts a broker in a temporary directory.
     *
     * @param overrides broker properties applied over the single-node defaults (listener,
     *                  node and directory settings are the broker's own and cannot be overridden)
     */
    public static EmbeddedKafkaBroker start(Map<String, String> overrides) {
        return start(overrides, null);
    }

    /**
     * Starts a broker whose logs live in {@code dataDirectory}, which is formatted on first use and
     * kept on close, so topics and committed offsets survive a restart. Null: a temporary directory,
     * deleted on close.
     */
    public static EmbeddedKafkaBroker start(Map<String, String> overrides, Path dataDirectory) {
        Objects.requireNonNull(overrides, "overrides");
        long started = System.nanoTime();
        boolean temporary = dataDirectory == null;
        Path directory = temporary ? createTempDirectory() : dataDirectory.toAbsolutePath();
        try {
            for (int attempt = 1; ; attempt++) {
                int brokerPort = freeLoopbackPort();
                int controllerPort = freeLoopbackPort();
                try {
                    KafkaRaftServer server = startServer(directory, brokerPort, controllerPort, overrides);
                    Duration startupTime = Duration.ofNanos(System.nanoTime() - started);
                    String bootstrap = LOOPBACK + ":" + brokerPort;
                    LOGGER.info("embedded kafka started bootstrap={} startupMillis={} dataDir={} temporary={}",
                            bootstrap, startupTime.toMillis(), directory, temporary);
                    return new EmbeddedKafkaBroker(server, bootstrap, directory, temporary, startupTime);
                } catch (RuntimeException e) {
                    if (attempt < START_ATTEMPTS && lostPortRace(e)) {
                        LOGGER.warn("embedded kafka lost a race for its ports, retrying brokerPort={} controllerPort={}",
                                brokerPort, controllerPort);
                        continue;
                    }
                    throw e;
                }
            }
        } catch (RuntimeException e) {
            if (temporary) {
                deleteRecursively(directory);
            }
            throw e;
        }
    }

    /** {@code host:port} of the PLAINTEXT listener, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** How long formatting the storage and starting the broker took, until the broker was unfenced. */
    public Duration startupTime() {
        return startupTime;
    }

    /** The directory holding the broker's logs and metadata. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Stops the broker, waits until it has stopped, and deletes its directory when it was temporary. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long started = System.nanoTime();
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            if (deleteOnClose) {
                deleteRecursively(dataDirectory);
            }
        }
        LOGGER.info("embedded kafka stopped bootstrap={} shutdownMillis={}", bootstrapServers,
                Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    private static KafkaRaftServer startServer(Path directory, int brokerPort, int controllerPort,
                                               Map<String, String> overrides) {
        Properties props = properties(directory, brokerPort, controllerPort, overrides);
        KafkaConfig config = KafkaConfig.fromProps(props, false);
        format(directory);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
            return server;
        } catch (RuntimeException e) {
            stopQuietly(server, e);
            throw e;
        }
    }

    static Properties properties(Path directory, int brokerPort, int controllerPort, Map<String, String> overrides) {
        Map<String, String> settings = new LinkedHashMap<>();
        // small single-node defaults; a caller may override these
        settings.put("num.partitions", "1");
        settings.put("auto.create.topics.enable", "false");
        settings.put("group.initial.rebalance.delay.ms", "0");
        settings.put("offsets.topic.num.partitions", "5");
        settings.put("transaction.state.log.num.partitions", "5");
        // the default dedupe buffer (128 MiB) would cost its whole size in resident memory
        settings.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        settings.putAll(overrides);
        // without these, consumer groups and transactions hang on one node
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("transaction.state.log.replication.factor", "1");
        settings.put("transaction.state.log.min.isr", "1");
        settings.put("share.coordinator.state.topic.replication.factor", "1");
        settings.put("share.coordinator.state.topic.min.isr", "1");
        // identity, listeners and storage belong to this class
        settings.put("process.roles", "broker,controller");
        settings.put("node.id", Integer.toString(NODE_ID));
        settings.put("controller.quorum.voters", NODE_ID + "@" + LOOPBACK + ":" + controllerPort);
        settings.put("listeners", BROKER_LISTENER + "://" + LOOPBACK + ":" + brokerPort + ","
                + CONTROLLER_LISTENER + "://" + LOOPBACK + ":" + controllerPort);
        settings.put("advertised.listeners", BROKER_LISTENER + "://" + LOOPBACK + ":" + brokerPort);
        settings.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        settings.put("controller.listener.names", CONTROLLER_LISTENER);
        settings.put("inter.broker.listener.name", BROKER_LISTENER);
        settings.put("log.dirs", logDirectory(directory));
        Properties props = new Properties();
        props.putAll(settings);
        return props;
    }

    private static void format(Path directory) {
        Path logDirectory = Path.of(logDirectory(directory));
        if (Files.exists(logDirectory.resolve("meta.properties"))) {
            // a kept data directory is formatted once and reused with its cluster id
            LOGGER.debug("embedded kafka storage already formatted dir={}", logDirectory);
            return;
        }
        // formatted beside its place and moved there whole: a process killed while formatting leaves no half-formatted
        // log directory (the broker never started on it, so nothing in it was acknowledged; it is formatted again)
        Path formatting = logDirectory.resolveSibling(logDirectory.getFileName() + ".formatting");
        deleteRecursively(formatting);
        deleteRecursively(logDirectory);
        try (PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(sink)
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .addDirectory(formatting.toString())
                    .setMetadataLogDirectory(formatting.toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setWriteBootstrapSnapshot(true)
                    .run();
            Files.move(formatting, logDirectory, StandardCopyOption.ATOMIC_MOVE);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot format embedded kafka storage in " + logDirectory, e);
        }
    }

    private static String logDirectory(Path directory) {
        return directory.resolve("kraft-logs").toString();
    }

    private static boolean lostPortRace(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static void stopQuietly(KafkaRaftServer server, RuntimeException failure) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("rootwatch-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for embedded kafka", e);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            List<Path> deepestFirst = paths.sorted(Comparator.reverseOrder()).toList();
            for (Path path : deepestFirst) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOGGER.warn("cannot delete embedded kafka directory dir={} error={}", directory, e.toString());
        }
    }
}
