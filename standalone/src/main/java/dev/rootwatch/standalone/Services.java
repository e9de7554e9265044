package dev.rootwatch.standalone;

import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.kafka.Topics;
import dev.rootwatch.evaluator.EvaluatorService;
import dev.rootwatch.evaluator.EvaluatorSettings;
import dev.rootwatch.evaluator.StreamsOptions;
import dev.rootwatch.notifier.AlertSink;
import dev.rootwatch.notifier.NotifierService;
import dev.rootwatch.notifier.NotifierSettings;
import dev.rootwatch.notifier.PendingDeliveries;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evaluator and the notifier of one JVM, started together and stopped in order (the
 * evaluator first, so the notifier can deliver what it committed last).
 */
final class Services implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(Services.class);

    /** How long the evaluator may take to commit and close. */
    static final Duration EVALUATOR_CLOSE_TIMEOUT = Duration.ofSeconds(15);

    private final EvaluatorService evaluator;
    private final NotifierService notifier;
    private final StreamsOptions streamsOptions;
    private final NotifierSettings notifierSettings;
    private final Topics topics;

    private Services(EvaluatorService evaluator, NotifierService notifier, StreamsOptions streamsOptions,
                     NotifierSettings notifierSettings, Topics topics) {
        this.evaluator = evaluator;
        this.notifier = notifier;
        this.streamsOptions = streamsOptions;
        this.notifierSettings = notifierSettings;
        this.topics = topics;
    }

    /** Live services: the evaluator's windows also close by wall clock. */
    static Services start(String bootstrapServers, Topics topics, Config config, List<AlertSink> sinks, MeterRegistry registry) {
        return start(bootstrapServers, topics, config, sinks, registry, true);
    }

    /**
     * Live services that are the same members of their consumer groups across restarts.
     *
     * @param instanceId the data directory's id ({@link dev.rootwatch.common.runtime.DataDirectory#instanceId()})
     */
    static Services startLive(String bootstrapServers, Topics topics, Config config, List<AlertSink> sinks, MeterRegistry registry,
                              String instanceId) {
        return start(bootstrapServers, topics, config, sinks, registry, true, instanceId);
    }

    /**
     * @param live false for batch input (replay, demo): event time alone moves the evaluator's
     *             windows, and the input ends with {@link dev.rootwatch.collector.KafkaPublisher#endOfInput()}
     */
    static Services start(String bootstrapServers, Topics topics, Config config, List<AlertSink> sinks, MeterRegistry registry,
                          boolean live) {
        return start(bootstrapServers, topics, config, sinks, registry, live, "");
    }

    private static Services start(String bootstrapServers, Topics topics, Config config, List<AlertSink> sinks,
                                  MeterRegistry registry, boolean live, String instanceId) {
        StreamsOptions streamsOptions = StreamsOptions.from(config);
        if (!instanceId.isEmpty()) {
            streamsOptions = streamsOptions.withInstanceId("evaluator-" + instanceId);
        }
        NotifierSettings notifierSettings = NotifierSettings.from(config);
        EvaluatorService evaluator = new EvaluatorService(bootstrapServers, topics, EvaluatorSettings.from(config),
                streamsOptions, registry, live);
        NotifierService notifier = new NotifierService(bootstrapServers, topics, notifierSettings.groupId(), sinks, registry,
                notifierSettings.deliveryPolicy(), notifierSettings.drainTimeout(), instanceId.isEmpty() ? "" : "notifier-" + instanceId);
        evaluator.start();
        notifier.start();
        return new Services(evaluator, notifier, streamsOptions, notifierSettings, topics);
    }

    boolean running() {
        return evaluator.isRunning() && notifier.isRunning();
    }

    /** Whether an event arriving now is evaluated and its alert delivered: the evaluator RUNNING, every sink's consumer assigned. */
    boolean ready() {
        return evaluator.isReady() && notifier.isReady();
    }

    /** The notifier, for what it delivered. */
    NotifierService notifier() {
        return notifier;
    }

    /** Waits until everything on the events and posture topics is evaluated and every resulting alert delivered. */
    void awaitDrained(Admin admin, Duration timeout) throws InterruptedException, TimeoutException, ExecutionException {
        awaitDrained(admin, timeout, () -> false);
    }

    /**
     * {@link #awaitDrained(Admin, Duration)}, giving up with {@link StopRequestedException} once {@code stopRequested}
     * says so.
     */
    void awaitDrained(Admin admin, Duration timeout, BooleanSupplier stopRequested)
            throws InterruptedException, TimeoutException, ExecutionException {
        BooleanSupplier alive = () -> {
            if (stopRequested.getAsBoolean()) {
                throw new StopRequestedException();
            }
            return running();
        };
        ProgressProbe probe = new ProgressProbe(admin);
        ProgressProbe.await("evaluator", timeout, alive,
                () -> probe.caughtUp(streamsOptions.applicationId(), List.of(topics.events().name(), topics.posture().name())));
        for (String group : notifier.groupIds()) {
            ProgressProbe.await("notifier", timeout, alive, () -> probe.caughtUp(group, List.of(topics.alerts().name())));
        }
    }

    /**
     * Stops the evaluator (committing what it evaluated), then the notifier, which goes on delivering
     * for its drain timeout and leaves the rest uncommitted.
     *
     * @return what the notifier left undelivered
     */
    PendingDeliveries stop() {
        try {
            evaluator.close(EVALUATOR_CLOSE_TIMEOUT);
        } catch (RuntimeException e) {
            LOGGER.warn("evaluator did not close cleanly; what it had not committed is evaluated again at the next start error={}",
                    e.toString());
        }
        return notifier.stop();
    }

    /**
     * Stops the evaluator and the notifier at the same time: after {@link #awaitDrained} every alert is
     * evaluated and delivered, so the notifier has nothing left to wait for from the evaluator.
     */
    void stopDrained() {
        Thread evaluatorClose = new Thread(() -> {
            try {
                evaluator.close(EVALUATOR_CLOSE_TIMEOUT);
            } catch (RuntimeException e) {
                LOGGER.warn("evaluator did not close cleanly error={}", e.toString());
            }
        }, "rootwatch-evaluator-close");
        evaluatorClose.start();
        notifier.stop();
        try {
            evaluatorClose.join(EVALUATOR_CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** A stop was requested while waiting for the services to catch up. */
    static final class StopRequestedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StopRequestedException() {
            super("stop requested", null, false, false);
        }
    }
}
