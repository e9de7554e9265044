package dev.rootwatch.standalone;

import dev.rootwatch.collector.aws.AwsClients;
import dev.rootwatch.common.runtime.GracefulShutdown;
import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.SourceSettings;
import dev.rootwatch.notifier.NotifierSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rootwatch run [--config FILE]}: live CloudTrail (SQS when {@code collector.sqs.queueUrls}
 * lists queues, else LookupEvents), the posture poller, the evaluator and the notifier in one
 * JVM, on an embedded broker unless {@code kafka.bootstrapServers} is set, its data in {@code data.dir}.
 * Runs until SIGTERM or SIGINT, then stops intake, drains for a bounded time, keeps what is left
 * for the next start and exits 0.
 */
@Command(name = "run", description = "Runs rootwatch on live CloudTrail until stopped: SQS when collector.sqs.queueUrls lists"
        + " queues, else LookupEvents polling; an embedded Kafka broker unless kafka.bootstrapServers is set, its log and the"
        + " evaluator's state in data.dir. SIGTERM stops intake, delivers for notifier.drainTimeout, keeps the rest for the"
        + " next start and exits 0.")
final class RunCommand implements Callable<Integer> {

    /** Beyond the collector's and the notifier's drains: the evaluator committing, the broker closing. */
    private static final Duration STOP_MARGIN = Services.EVALUATOR_CLOSE_TIMEOUT.plusSeconds(20);

    private final Rootwatch root;

    @Option(names = "--config", description = "YAML configuration file")
    Path config;

    RunCommand(Rootwatch root) {
        this.root = root;
    }

    @Override
    public Integer call() throws Exception {
        Config cfg = root.loadConfig(config);
        NotifierSettings notifier = NotifierSettings.from(cfg, root.environment());
        GracefulShutdown shutdown = GracefulShutdown.onSignal(cfg.get(SourceSettings.DRAIN_TIMEOUT)
                .plus(notifier.drainTimeout()).plus(STOP_MARGIN));
        try (AwsClients aws = AwsClients.fromConfig(cfg, 64)) {
            return new LiveRunner(cfg, Rootwatch.newRegistry(), notifier.createSinks(), aws).run(shutdown);
        } finally {
            shutdown.finished(); // also when it failed before running: the exit status then stands
        }
    }
}
