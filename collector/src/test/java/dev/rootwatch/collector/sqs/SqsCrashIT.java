package dev.rootwatch.collector.sqs;

import static dev.rootwatch.collector.CollectorMetrics.count;
import static dev.rootwatch.collector.testing.CloudTrail.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rootwatch.collector.AccountScope;
import dev.rootwatch.collector.KafkaPublisher;
import dev.rootwatch.collector.PostureRefreshRequests;
import dev.rootwatch.collector.testing.CloudTrail;
import dev.rootwatch.collector.testing.KafkaTopics;
import dev.rootwatch.collector.testing.LiveServers;
import dev.rootwatch.kafka.embedded.EmbeddedKafkaBroker;
import dev.rootwatch.collector.testing.RecordingPublisher;
import dev.rootwatch.common.model.TrailEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Nothing is lost when the collector dies between receiving a message and Kafka acknowledging
 * what it produced: the message is not deleted, comes back after its visibility timeout, and a
 * restarted collector brings every event to Kafka.
 */
class SqsCrashIT {

    private static final String BUCKET = "crash-test-trail";
    private static final Duration VISIBILITY = Duration.ofSeconds(3);

    @RegisterExtension
    static final LiveServers SERVERS = new LiveServers();

    @Test
    void aCollectorStoppedBeforeKafkaAcknowledgedLeavesTheMessageAndItsRestartDeliversEveryEvent() throws Exception {
        // Given a log file with three root events, named by a message on a queue with a 3 s visibility timeout
        String queue = SERVERS.sqs().createQueue("crash-" + UUID.randomUUID().toString().substring(0, 8), VISIBILITY);
        String key = CloudTrail.logKey(ACCOUNT, "crashcrashcrash1");
        List<String> eventIds = List.of(CloudTrail.newId(), CloudTrail.newId(), CloudTrail.newId());
        SERVERS.s3().put(BUCKET, key, CloudTrail.logFile(eventIds.stream().map(id -> CloudTrail.rootLoginRecord(ACCOUNT, id)).toList()));
        SERVERS.sqs().send(queue, CloudTrail.s3Notification(BUCKET, key));
        SqsSettings settings = new SqsSettings(List.of(queue), 2, Duration.ofSeconds(1), VISIBILITY, 5, Duration.ofMinutes(5));

        // When a collector whose Kafka never acknowledges has read and sent all three events...
        RecordingPublisher stalled = RecordingPublisher.stalling();
        SimpleMeterRegistry firstMetrics = new SimpleMeterRegistry();
        try (SqsTestBed bed = new SqsTestBed(SERVERS.sqs(), SERVERS.s3())) {
            SqsSource first = bed.source(settings, stalled, firstMetrics, AccountScope.ALL, PostureRefreshRequests.NONE);
            first.start();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(stalled.events).hasSize(3));
            // ...and is stopped (it cannot finish: the acknowledgements never come)
            assertThat(first.stop(Duration.ofMillis(500))).as("drained").isFalse();
        }

        // Then the message was not deleted
        assertThat(count(firstMetrics, "rootwatch.collector.sqs.messages.deleted")).isZero();
        assertThat(SERVERS.sqs().messagesLeft(queue)).isEqualTo(1);

        // When a collector with a working Kafka starts
        KafkaTopics kafka = KafkaTopics.create(SERVERS.broker().bootstrapServers());
        SimpleMeterRegistry secondMetrics = new SimpleMeterRegistry();
        try (SqsTestBed bed = new SqsTestBed(SERVERS.sqs(), SERVERS.s3());
             KafkaPublisher publisher = new KafkaPublisher(SERVERS.broker().bootstrapServers(), kafka.topics(), "it-crash")) {
            SqsSource second = bed.source(settings, publisher, secondMetrics, AccountScope.ALL, PostureRefreshRequests.NONE);
            second.start();

            // Then the message comes back after its visibility timeout, every event reaches Kafka, and only then is it deleted
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(SERVERS.sqs().messagesLeft(queue)).isZero());
            assertThat(kafka.events()).extracting(TrailEvent::eventId).containsExactlyInAnyOrderElementsOf(eventIds);
            assertThat(count(secondMetrics, "rootwatch.collector.sqs.messages.received")).isEqualTo(1);
            assertThat(count(secondMetrics, "rootwatch.collector.sqs.messages.deleted")).isEqualTo(1);
            second.stop(Duration.ofSeconds(10));
        }
    }

    @Test
    void aBrokerThatIsGoneFailsTheMessageInsteadOfDeletingIt() throws Exception {
        // Given a collector whose Kafka broker has stopped
        String queue = SERVERS.sqs().createQueue("brokerless-" + UUID.randomUUID().toString().substring(0, 8), VISIBILITY);
        EmbeddedKafkaBroker doomed = EmbeddedKafkaBroker.start();
        KafkaTopics kafka = KafkaTopics.create(doomed.bootstrapServers());
        String bootstrap = doomed.bootstrapServers();
        doomed.close();
        SERVERS.sqs().send(queue, CloudTrail.eventBridgeRootLogin(ACCOUNT, CloudTrail.newId()));
        SqsSettings settings = new SqsSettings(List.of(queue), 1, Duration.ofSeconds(1), Duration.ofSeconds(30), 5,
                Duration.ofSeconds(2));
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();

        // When it receives the message
        try (SqsTestBed bed = new SqsTestBed(SERVERS.sqs(), SERVERS.s3());
             KafkaPublisher publisher = new KafkaPublisher(bootstrap, kafka.topics(), "it-brokerless", Map.of(
                     ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000,
                     ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2000))) {
            SqsSource source = bed.source(settings, publisher, metrics, AccountScope.ALL, PostureRefreshRequests.NONE);
            source.start();

            // Then its processing fails for want of acknowledgements and the message stays in the queue
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(count(metrics, "rootwatch.collector.sqs.messages.failed")).isEqualTo(1));
            assertThat(count(metrics, "rootwatch.collector.sqs.messages.deleted")).isZero();
            assertThat(SERVERS.sqs().messagesLeft(queue)).isEqualTo(1);
            source.stop(Duration.ofSeconds(5));
        }
    }
}
