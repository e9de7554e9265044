package dev.rootwatch.collector;

import dev.rootwatch.collector.aws.AwsClients;
import dev.rootwatch.collector.live.LiveCollector;
import dev.rootwatch.collector.live.PostureHook;
import dev.rootwatch.collector.live.PosturePolling;
import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.SourceSettings;
import dev.rootwatch.common.runtime.RunningService;
import dev.rootwatch.common.runtime.ServiceContext;
import dev.rootwatch.common.runtime.ServiceRuntime;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector as its own service: {@code java -cp rootwatch.jar dev.rootwatch.collector.CollectorMain [--config FILE]}.
 * Runs the live CloudTrail source (SQS or LookupEvents) and the posture poller (through
 * {@link PostureHook}), producing to Kafka; ready while the source runs. A stop lets in-flight
 * messages finish and be acknowledged ({@code collector.drainTimeout}). No evaluator, no notifier.
 */
public final class CollectorMain {

    private static final Logger LOGGER = LoggerFactory.getLogger(CollectorMain.class);
    /** Beyond the drain itself: closing the poller, the publisher and the clients. */
    private static final Duration CLOSE_MARGIN = Duration.ofSeconds(30);

    private CollectorMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        return ServiceRuntime.main("collector", args, environment, out, err,
                config -> config.get(SourceSettings.DRAIN_TIMEOUT).plus(CLOSE_MARGIN), CollectorMain::start);
    }

    static RunningService start(ServiceContext context) {
        Config config = context.config();
        KafkaPublisher publisher = new KafkaPublisher(context.bootstrapServers(), context.topics(), "rootwatch-collector");
        publisher.bindMetrics(context.registry());
        AwsClients aws = AwsClients.fromConfig(config, 64);
        PosturePolling posture = PostureHook.start(config, aws, publisher, context.registry());
        LiveCollector collector;
        try {
            collector = LiveCollector.create(config, aws, publisher, new CollectorMetrics(context.registry()), posture,
                    Clock.systemUTC());
            collector.start();
        } catch (RuntimeException e) {
            posture.close();
            publisher.close();
            aws.close();
            throw e;
        }
        LOGGER.info("collector running source={}", collector.describe());
        return new RunningService() {
            @Override
            public boolean ready() {
                return collector.isRunning();
            }

            @Override
            public void stop() throws InterruptedException {
                try {
                    LOGGER.info("collector stopping: no new work, draining in-flight messages");
                    collector.stop();
                } finally {
                    posture.close();
                    flushQuietly(publisher);
                    publisher.close();
                    aws.close();
                }
            }
        };
    }

    /** Waits for what is still in flight (posture records); an earlier failure was already handled per message. */
    static void flushQuietly(Publisher publisher) {
        try {
            publisher.flush();
        } catch (IllegalStateException e) {
            LOGGER.warn("an earlier record was not acknowledged (its message was left for redelivery) error={}", e.getMessage());
        }
    }
}
