package dev.rootwatch.standalone;

import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.kafka.Topics;
import dev.rootwatch.evaluator.EvaluatorService;
import dev.rootwatch.evaluator.EvaluatorSettings;
import dev.rootwatch.evaluator.StreamsOptions;
import dev.rootwatch.notifier.AlertSink;
import dev.rootwatch.notifier.NotifierService;
import dev.rootwatch.notifier.NotifierSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;

/**
 * The evaluator and the notifier of one JVM, started together and stopped in order (the
 * evaluator first, so the notifier can deliver what it committed last).
 */
final class Services implements AutoCloseable {

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
     * @param live false for batch input (replay, demo): event time alone moves the evaluator's
     *             windows, and the input ends with {@link EndOfInput}
     */
    static Services start(String bootstrapServers, Topics topics, Config config, List<AlertSink> sinks, MeterRegistry registry,
                          boolean live) {
        return start(bootstrapServers, topics, config, sinks, registry, live, false);
    }

    /**
     * @param paused start the evaluator without evaluating until {@link #resume()}: it gets ready
     *               (group joined, state opened) while its input is still being written
     */
    static Services start(String bootstrapServers, Topics topics, Config config, List<AlertSink> sinks, MeterRegistry registry,
                          boolean live, boolean paused) {
        StreamsOptions streamsOptions = StreamsOptions.from(config);
        NotifierSettings notifierSettings = NotifierSettings.from(config);
        EvaluatorService evaluator = new EvaluatorService(bootstrapServers, topics, EvaluatorSettings.from(config),
                streamsOptions, registry, live);
        NotifierService notifier = new NotifierService(bootstrapServers, topics, notifierSettings.groupId(), sinks, registry,
                notifierSettings.deliveryPolicy());
        if (paused) {
            evaluator.pause();
        }
        evaluator.start();
        notifier.start();
        return new Services(evaluator, notifier, streamsOptions, notifierSettings, topics);
    }

    /** Lets a paused evaluator evaluate. */
    void resume() {
        evaluator.resume();
    }

    boolean running() {
        return evaluator.isRunning() && notifier.isRunning();
    }

    /** Waits until everything on the events and posture topics is evaluated and every resulting alert delivered. */
    void awaitDrained(Admin admin, Duration timeout) throws InterruptedException, TimeoutException, ExecutionException {
        ProgressProbe probe = new ProgressProbe(admin);
        ProgressProbe.await("evaluator", timeout, this::running,
                () -> probe.caughtUp(streamsOptions.applicationId(), List.of(topics.events().name(), topics.posture().name())));
        ProgressProbe.await("notifier", timeout, this::running,
                () -> probe.caughtUp(notifierSettings.groupId(), List.of(topics.alerts().name())));
    }

    @Override
    public void close() {
        try {
            evaluator.close(Duration.ofSeconds(30));
        } finally {
            notifier.close();
        }
    }
}
