package dev.rootwatch.collector.live;

import dev.rootwatch.collector.Publisher;
import dev.rootwatch.collector.aws.AwsClients;
import dev.rootwatch.collector.posture.PostureClients;
import dev.rootwatch.collector.posture.PosturePoller;
import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.PostureSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/**
 * The one place where a live process ({@code rootwatch run} and the collector service,
 * {@link dev.rootwatch.collector.CollectorMain}) starts the IAM posture poller. It is called
 * after the publisher exists and before the CloudTrail sources start; what it returns receives
 * every posture refresh request of the sources, and is closed after the sources drained and
 * before the publisher is flushed.
 */
public final class PostureHook {

    private PostureHook() {
    }

    /**
     * Starts the posture poller unless {@code posture.enabled} is false.
     *
     * @param config    the validated configuration (PostureSettings)
     * @param aws       the process's CloudTrail clients (the poller builds its IAM, STS and Organizations clients itself)
     * @param publisher where posture records go (rootwatch.posture, acks=all)
     * @param registry  for the posture metrics
     */
    public static PosturePolling start(Config config, AwsClients aws, Publisher publisher, MeterRegistry registry) {
        PostureSettings settings = PostureSettings.from(config);
        if (!settings.enabled()) {
            return PosturePolling.NONE;
        }
        PostureClients clients = PostureClients.create(settings);
        PosturePoller poller = new PosturePoller(settings, clients, publisher, registry, Clock.systemUTC());
        poller.start();
        return new PosturePolling() {
            @Override
            public void refresh(String accountId) {
                poller.refresh(accountId);
            }

            @Override
            public void close() {
                try {
                    poller.close();
                } finally {
                    clients.close();
                }
            }
        };
    }
}
