package dev.rootwatch.collector.sqs;

import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.ConfigException;
import dev.rootwatch.common.config.SourceSettings;
import java.time.Duration;
import java.util.List;

/**
 * The SQS source's configuration, validated at start-up.
 *
 * @param queueUrls         {@code collector.sqs.queueUrls}
 * @param concurrency       {@code collector.sqs.concurrency}: messages processed at once
 * @param waitTime          {@code collector.sqs.waitTime}: long-poll wait (1 to 20 s)
 * @param visibilityTimeout {@code collector.sqs.visibilityTimeout}: asked for each message and renewed when a third of it has passed
 * @param maxReceives       {@code collector.sqs.maxReceives}
 * @param ackTimeout        {@code collector.ackTimeout}: the wait for Kafka's acknowledgements of one message
 */
public record SqsSettings(List<String> queueUrls, int concurrency, Duration waitTime, Duration visibilityTimeout, int maxReceives,
                          Duration ackTimeout) {

    /** ReceiveMessage returns at most 10 messages. */
    static final int BATCH = 10;
    /** Workers one long-polling receiver keeps busy. */
    static final int WORKERS_PER_RECEIVER = 4;

    public SqsSettings {
        queueUrls = List.copyOf(queueUrls);
        for (String url : queueUrls) {
            if (!url.startsWith("https://") && !url.startsWith("http://")) {
                throw new ConfigException(SourceSettings.SQS_QUEUE_URLS.key() + " holds '" + url + "', which is not a queue URL");
            }
        }
        if (queueUrls.stream().distinct().count() != queueUrls.size()) {
            throw new ConfigException(SourceSettings.SQS_QUEUE_URLS.key() + " names a queue twice");
        }
        if (concurrency < 1 || concurrency > 256) {
            throw new ConfigException(SourceSettings.SQS_CONCURRENCY.key() + " must be between 1 and 256");
        }
        if (waitTime.compareTo(Duration.ofSeconds(1)) < 0 || waitTime.compareTo(Duration.ofSeconds(20)) > 0) {
            throw new ConfigException(SourceSettings.SQS_WAIT_TIME.key() + " must be between 1s and 20s (SQS long polling)");
        }
        if (visibilityTimeout.compareTo(Duration.ofSeconds(2)) < 0 || visibilityTimeout.compareTo(Duration.ofHours(12)) > 0) {
            throw new ConfigException(SourceSettings.SQS_VISIBILITY_TIMEOUT.key() + " must be between 2s and 12h");
        }
        if (maxReceives < 1) {
            throw new ConfigException(SourceSettings.SQS_MAX_RECEIVES.key() + " must be at least 1");
        }
        if (ackTimeout.isNegative() || ackTimeout.isZero()) {
            throw new ConfigException(SourceSettings.ACK_TIMEOUT.key() + " must be positive");
        }
    }

    public static SqsSettings from(Config config) {
        return new SqsSettings(config.get(SourceSettings.SQS_QUEUE_URLS), config.get(SourceSettings.SQS_CONCURRENCY),
                config.get(SourceSettings.SQS_WAIT_TIME), config.get(SourceSettings.SQS_VISIBILITY_TIMEOUT),
                config.get(SourceSettings.SQS_MAX_RECEIVES), config.get(SourceSettings.ACK_TIMEOUT));
    }

    /**
     * Messages received but not finished, at most: every worker busy and a full batch for every
     * receiver, so each receive can ask for ten messages (a receive asking for one or two costs
     * as much as one asking for ten).
     */
    int maxInFlight() {
        return concurrency + BATCH * receiversPerQueue() * queueUrls.size();
    }

    /** Long-polling receivers per queue: one per {@value #WORKERS_PER_RECEIVER} workers, at least one. */
    int receiversPerQueue() {
        return Math.max(1, (concurrency + WORKERS_PER_RECEIVER - 1) / WORKERS_PER_RECEIVER);
    }
}
