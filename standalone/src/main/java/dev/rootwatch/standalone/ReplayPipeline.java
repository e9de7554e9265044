package dev.rootwatch.standalone;

import dev.rootwatch.collector.KafkaPublisher;
import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.Settings;
import dev.rootwatch.common.kafka.Topics;
import dev.rootwatch.common.runtime.DataDirectory;
import dev.rootwatch.kafka.embedded.EmbeddedKafkaBroker;
import dev.rootwatch.notifier.JsonLinesFileSink;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * What a replay runs on: a private embedded broker with rootwatch's topics, the collector's
 * publisher, the evaluator and the notifier. Started on its own thread while the input is being
 * read, so the broker's and the evaluator's start-up do not add to the replay's time; the
 * evaluator evaluates while the input is still being written. The publisher writes posture between
 * the events, on the events topic's one partition, so the evaluator takes everything strictly in
 * input order however far behind the reading it is: the result depends on the input alone.
 */
final class ReplayPipeline implements AutoCloseable {

    static final int REPLAY_PARTITIONS = 1;
    /** See {@link #batchCommits}: long enough that a replay commits about once, at its end. */
    static final Duration BATCH_COMMIT_INTERVAL = Duration.ofMinutes(1);

    private final DataDirectory data;
    private final EmbeddedKafkaBroker broker;
    private final Admin admin;
    private final KafkaPublisher publisher;
    private final Services services;
    private boolean servicesStopped;

    private ReplayPipeline(DataDirectory data, EmbeddedKafkaBroker broker, Admin admin, KafkaPublisher publisher, Services services) {
        this.data = data;
        this.broker = broker;
        this.admin = admin;
        this.publisher = publisher;
        this.services = services;
    }

    static ReplayPipeline start(Config config, Topics topics, MeterRegistry registry, Path alertsOut) throws Exception {
        // the broker's log and the evaluator's state in one temporary directory, deleted on close (or, after a kill,
        // by the next rootwatch process)
        DataDirectory data = DataDirectory.temporary();
        EmbeddedKafkaBroker broker;
        try {
            // nothing to hand over when this one-node broker stops: its data is deleted right after
            broker = EmbeddedKafkaBroker.start(Map.of("controlled.shutdown.enable", "false"), data.kafka());
        } catch (RuntimeException e) {
            data.close();
            throw e;
        }
        Admin admin = null;
        KafkaPublisher publisher = null;
        try {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
            // one partition per topic: a replay's private broker serves one evaluator thread, and each
            // partition more means more state stores and changelogs to open before evaluating anything
            TopicAdmin.createMissing(admin, topics, REPLAY_PARTITIONS, (short) 1);
            publisher = KafkaPublisher.inputOrdered(broker.bootstrapServers(), topics, "rootwatch-replay");
            // the file is forced to disk once, when the replay ends, not after every line: a replay is re-run, not resumed
            Config servicesConfig = batchCommits(DataLayout.withStateDir(config, data.evaluatorState()));
            Services services = Services.start(broker.bootstrapServers(), topics, servicesConfig,
                    List.of(new JsonLinesFileSink("file", alertsOut, false)), registry, false);
            return new ReplayPipeline(data, broker, admin, publisher, services);
        } catch (Exception e) {
            closeQuietly(publisher);
            closeQuietly(admin);
            broker.close();
            data.close();
            throw e;
        }
    }

    /**
     * A replay's evaluator commits when the input ends (the end-of-input mark asks for it) rather than every
     * {@code evaluator.commitInterval}: each commit flushes the state stores, and a failed replay is run
     * again from the start, never resumed from a commit.
     */
    static Config batchCommits(Config config) {
        return config.with(Settings.EVALUATOR_COMMIT_INTERVAL, BATCH_COMMIT_INTERVAL);
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    Admin admin() {
        return admin;
    }

    KafkaPublisher publisher() {
        return publisher;
    }

    Services services() {
        return services;
    }

    /**
     * Once everything is evaluated and delivered: stops the publisher and both services at once (the
     * notifier forces the alert file to disk); the broker stays up.
     */
    synchronized void stopDrained() {
        if (servicesStopped) {
            return;
        }
        servicesStopped = true;
        closeQuietly(publisher);
        services.stopDrained();
    }

    @Override
    public void close() {
        try {
            synchronized (this) {
                if (!servicesStopped) {
                    servicesStopped = true;
                    closeQuietly(publisher);
                    services.close();
                }
            }
        } finally {
            closeQuietly(admin);
            try {
                broker.close();
            } finally {
                data.close();
            }
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // closing on the way out of a failure: the failure is what gets reported
        }
    }
}
