package dev.rootwatch.collector.live;

import dev.rootwatch.collector.AccountScope;
import dev.rootwatch.collector.CollectorMetrics;
import dev.rootwatch.collector.EventIntake;
import dev.rootwatch.collector.PostureRefreshRequests;
import dev.rootwatch.collector.Publisher;
import dev.rootwatch.collector.aws.AwsClients;
import dev.rootwatch.collector.lookup.LookupCheckpoint;
import dev.rootwatch.collector.lookup.LookupSettings;
import dev.rootwatch.collector.lookup.LookupSource;
import dev.rootwatch.collector.s3.TrailObjectReader;
import dev.rootwatch.collector.sqs.MessageProcessor;
import dev.rootwatch.collector.sqs.SqsSettings;
import dev.rootwatch.collector.sqs.SqsSource;
import dev.rootwatch.common.cloudtrail.InputLimits;
import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.ConfigException;
import dev.rootwatch.common.config.SourceSettings;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's live CloudTrail source, chosen from the configuration: the SQS receivers when
 * {@code collector.sqs.queueUrls} lists queues (EventBridge events and notifications of log files
 * in S3), else the LookupEvents poller. Everything is validated when it is created.
 */
public final class LiveCollector {

    private static final Logger LOGGER = LoggerFactory.getLogger(LiveCollector.class);

    private final LiveSource source;
    private final Duration drainTimeout;

    public LiveCollector(LiveSource source, Duration drainTimeout) {
        this.source = source;
        this.drainTimeout = drainTimeout;
    }

    /**
     * @param aws       the process's AWS clients
     * @param publisher where events and dead letters go
     * @param refresh   the posture poller's refresh requests ({@link PosturePolling#NONE} when none runs)
     */
    public static LiveCollector create(Config config, AwsClients aws, Publisher publisher, CollectorMetrics metrics,
                                       PostureRefreshRequests refresh, Clock clock) {
        InputLimits limits = InputLimits.from(config);
        AccountScope scope = AccountScope.from(config);
        Duration drainTimeout = config.get(SourceSettings.DRAIN_TIMEOUT);
        if (drainTimeout.isNegative() || drainTimeout.isZero()) {
            throw new ConfigException(SourceSettings.DRAIN_TIMEOUT.key() + " must be positive");
        }
        EventIntake intake = new EventIntake(publisher, metrics, clock, scope, refresh, false);
        SqsSettings sqs = SqsSettings.from(config);
        LiveSource source;
        if (!sqs.queueUrls().isEmpty()) {
            TrailObjectReader objects = new TrailObjectReader(aws.s3(), limits, intake, scope, metrics);
            MessageProcessor processor = new MessageProcessor(limits, intake, objects, sqs.maxReceives(), sqs.ackTimeout(), metrics);
            source = new SqsSource(sqs, aws::sqsFor, processor, metrics, clock);
        } else {
            LookupSettings lookup = LookupSettings.from(config, aws::defaultRegion);
            source = new LookupSource(lookup, aws::cloudTrail, limits, intake, LookupCheckpoint.open(lookup.checkpointFile()),
                    metrics, clock);
        }
        if (!scope.isEverything()) {
            LOGGER.info("account scope allow={} deny={}", scope.allow().size(), scope.deny().size());
        }
        return new LiveCollector(source, drainTimeout);
    }

    public String describe() {
        return source.name();
    }

    public void start() {
        source.start();
    }

    public boolean isRunning() {
        return source.isRunning();
    }

    /** Stops receiving and drains what is in flight, for at most {@code collector.drainTimeout}; true when all of it finished. */
    public boolean stop() throws InterruptedException {
        return source.stop(drainTimeout);
    }

    public Duration drainTimeout() {
        return drainTimeout;
    }
}
