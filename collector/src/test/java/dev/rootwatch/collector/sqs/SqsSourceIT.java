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
import dev.rootwatch.common.model.DeadLetter;
import dev.rootwatch.common.model.DeadLetterReason;
import dev.rootwatch.common.model.IngestSource;
import dev.rootwatch.common.model.TrailEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SQS source end to end: ElasticMQ in this JVM and the real SqsClient, S3 GetObject served
 * by WireMock in S3's wire format, the embedded Kafka SERVERS.broker(). Every message format of
 * cloudtrail-facts.md section 1 goes in as an SQS body.
 */
class SqsSourceIT {

    private static final String BUCKET = "org-cloudtrail-logs";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final LiveServers SERVERS = new LiveServers();

    private SqsTestBed bed;
    private KafkaTopics kafka;
    private KafkaPublisher publisher;
    private SimpleMeterRegistry registry;
    private SqsSource source;
    private String queue;
    private final List<String> refreshed = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        SERVERS.s3().reset();
        bed = new SqsTestBed(SERVERS.sqs(), SERVERS.s3());
        kafka = KafkaTopics.create(SERVERS.broker().bootstrapServers());
        publisher = new KafkaPublisher(SERVERS.broker().bootstrapServers(), kafka.topics(), "it-sqs");
        registry = new SimpleMeterRegistry();
        queue = SERVERS.sqs().createQueue("cloudtrail-" + UUID.randomUUID().toString().substring(0, 8), Duration.ofSeconds(30));
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (source != null) {
            source.stop(Duration.ofSeconds(10));
        }
        publisher.close();
        bed.close();
    }

    private void start(SqsSettings settings, AccountScope scope) {
        PostureRefreshRequests refresh = refreshed::add;
        source = bed.source(settings, publisher, registry, scope, refresh);
        source.start();
    }

    private void start() {
        start(SqsTestBed.settings(List.of(queue), Duration.ofSeconds(30), 3), AccountScope.ALL);
    }

    private void awaitQueueEmpty(String url) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(SERVERS.sqs().messagesLeft(url)).isZero());
    }

    @Test
    void eventBridgeRootSignInReachesKafkaAndTheMessageIsDeleted() {
        // Given an EventBridge "AWS Console Sign In via CloudTrail" event of a root login without MFA
        String eventId = CloudTrail.newId();
        String messageId = SERVERS.sqs().send(queue, CloudTrail.eventBridgeRootLogin(ACCOUNT, eventId));

        // When the collector runs
        start();

        // Then the event is on the events topic, as received through EventBridge, and the message is gone
        await().atMost(WAIT).untilAsserted(() -> assertThat(kafka.events()).hasSize(1));
        TrailEvent event = kafka.events().get(0);
        assertThat(event.eventId()).isEqualTo(eventId);
        assertThat(event.eventName()).isEqualTo("ConsoleLogin");
        assertThat(event.mfaUsed()).isFalse();
        assertThat(event.ingest().source()).isEqualTo(IngestSource.EVENTBRIDGE);
        assertThat(event.ingest().ref()).isEqualTo(messageId);
        awaitQueueEmpty(queue);
        assertThat(count(registry, "rootwatch.collector.sqs.messages.deleted")).isEqualTo(1);
        assertThat(registry.find("rootwatch.collector.delivery.lag").tag("source", "eventbridge").timer().count()).isEqualTo(1);
        assertThat(refreshed).as("a sign-in changes no posture").isEmpty();
    }

    @Test
    void rootMfaDeactivationAsksForAPostureRefresh() {
        // Given an EventBridge "AWS API Call via CloudTrail" event: root deactivates its MFA device
        SERVERS.sqs().send(queue, CloudTrail.eventBridgeRootDeactivateMfa(ACCOUNT, CloudTrail.newId()));

        // When the collector runs
        start();

        // Then the event is published and the posture poller is asked to read the account again
        await().atMost(WAIT).untilAsserted(() -> assertThat(kafka.events()).extracting(TrailEvent::eventName)
                .containsExactly("DeactivateMFADevice"));
        assertThat(refreshed).containsExactly(ACCOUNT);
        awaitQueueEmpty(queue);
    }

    static Stream<Arguments> logFileNotifications() {
        return Stream.of(
                Arguments.of("S3 notification, direct or SNS raw delivery",
                        (BiFunction<String, String, String>) CloudTrail::s3Notification),
                Arguments.of("S3 notification wrapped by SNS (Message is a JSON string)",
                        (BiFunction<String, String, String>) CloudTrail::snsWrappedS3Notification),
                Arguments.of("CloudTrail's own SNS notification (s3ObjectKey list)",
                        (BiFunction<String, String, String>) (bucket, key) -> CloudTrail.cloudTrailSnsNotification(bucket, List.of(key))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("logFileNotifications")
    void logFileNamedByANotificationIsFetchedFromS3AndItsRelevantEventsPublished(String kind,
                                                                                BiFunction<String, String, String> body) {
        // Given a gzip log file in S3 with one root login among irrelevant records
        String key = CloudTrail.logKey(ACCOUNT, UUID.randomUUID().toString().substring(0, 16));
        String eventId = CloudTrail.newId();
        SERVERS.s3().put(BUCKET, key, CloudTrail.logFile(List.of(CloudTrail.noiseRecord(ACCOUNT), CloudTrail.rootLoginRecord(ACCOUNT, eventId),
                CloudTrail.noiseRecord(ACCOUNT))));
        SERVERS.sqs().send(queue, body.apply(BUCKET, key));

        // When the collector runs
        start();

        // Then the root login is published with the object as its reference, and the message deleted
        await().atMost(WAIT).untilAsserted(() -> assertThat(kafka.events()).hasSize(1));
        TrailEvent event = kafka.events().get(0);
        assertThat(event.eventId()).isEqualTo(eventId);
        assertThat(event.ingest().source()).isEqualTo(IngestSource.S3);
        assertThat(event.ingest().ref()).isEqualTo("s3://" + BUCKET + "/" + key);
        awaitQueueEmpty(queue);
        assertThat(SERVERS.s3().requestsFor(BUCKET, key)).isEqualTo(1);
        assertThat(count(registry, "rootwatch.collector.records", "source", "s3")).isEqualTo(3);
        assertThat(count(registry, "rootwatch.collector.s3.objects.fetched")).isEqualTo(1);
        assertThat(count(registry, "rootwatch.collector.s3.fetched")).isPositive();
        assertThat(registry.find("rootwatch.collector.last.success.timestamp").tag("source", "sqs").gauge().value()).isPositive();
    }

    @Test
    void cloudTrailNotificationNamingSeveralFilesReadsEachAndSkipsDigestsAndInsightsByKey() {
        // Given CloudTrail's SNS notification naming two log files, a digest and an Insights file
        String first = CloudTrail.logKey(ACCOUNT, "aaaaaaaaaaaaaaaa");
        String second = CloudTrail.logKey(ACCOUNT, "bbbbbbbbbbbbbbbb");
        SERVERS.s3().put(BUCKET, first, CloudTrail.logFile(List.of(CloudTrail.rootLoginRecord(ACCOUNT, CloudTrail.newId()))));
        SERVERS.s3().put(BUCKET, second, CloudTrail.logFile(List.of(CloudTrail.rootLoginRecord(ACCOUNT, CloudTrail.newId()))));
        SERVERS.sqs().send(queue, CloudTrail.cloudTrailSnsNotification(BUCKET, List.of(first, CloudTrail.digestKey(ACCOUNT),
                CloudTrail.insightKey(ACCOUNT), second)));

        // When the collector runs
        start();

        // Then both log files are read; the digest and the Insights file are never downloaded
        await().atMost(WAIT).untilAsserted(() -> assertThat(kafka.events()).hasSize(2));
        awaitQueueEmpty(queue);
        assertThat(SERVERS.s3().requestsUnder(BUCKET)).isEqualTo(2);
        assertThat(count(registry, "rootwatch.collector.s3.objects.skipped", "reason", "digest")).isEqualTo(1);
        assertThat(count(registry, "rootwatch.collector.s3.objects.skipped", "reason", "insight")).isEqualTo(1);
    }

    @Test
    void urlEncodedKeysAreDecodedBeforeTheDownload() {
        // Given a log file whose key has a space and a colon, named by an S3 notification (key URL-encoded, space as '+')
        String key = "custom prefix/AWSLogs/" + ACCOUNT + "/CloudTrail/eu-west-1/2026/03/14/" + ACCOUNT
                + "_CloudTrail_eu-west-1_20260314T1205Z_a:b c.json.gz";
        SERVERS.s3().put(BUCKET, key, CloudTrail.logFile(List.of(CloudTrail.rootLoginRecord(ACCOUNT, CloudTrail.newId()))));
        String body = CloudTrail.s3Notification(BUCKET, key);
        assertThat(body).contains("custom+prefix").contains("a%3Ab+c.json.gz");
        SERVERS.sqs().send(queue, body);

        // When the collector runs
        start();

        // Then the object is fetched under its real key
        await().atMost(WAIT).untilAsserted(() -> assertThat(kafka.events()).hasSize(1));
        assertThat(SERVERS.s3().requestsFor(BUCKET, key)).isEqualTo(1);
        awaitQueueEmpty(queue);
    }

    @Test
    void s3TestEventIsSkippedAndDeleted() {
        // Given the one-off s3:TestEvent S3 posts when a notification is configured
        SERVERS.sqs().send(queue, CloudTrail.s3TestEvent(BUCKET));

        // When the collector runs
        start();

        // Then it is counted as skipped and deleted, with nothing published and nothing downloaded
        awaitQueueEmpty(queue);
        assertThat(count(registry, "rootwatch.collector.skipped", "reason", "s3_test_event")).isEqualTo(1);
        assertThat(kafka.events()).isEmpty();
        assertThat(kafka.deadLetters()).isEmpty();
        assertThat(SERVERS.s3().requestsUnder(BUCKET)).isZero();
    }

    @Test
    void snsSubscriptionConfirmationIsSkippedCountedAndNeverConfirmed() {
        // Given an SNS SubscriptionConfirmation whose SubscribeURL points at a local server
        String subscribeUrl = SERVERS.s3().server().baseUrl() + "/confirm-subscription?Token=secret-token";
        SERVERS.sqs().send(queue, CloudTrail.subscriptionConfirmation(subscribeUrl));

        // When the collector runs
        start();

        // Then it is skipped and counted; the SubscribeURL is never visited
        awaitQueueEmpty(queue);
        assertThat(count(registry, "rootwatch.collector.skipped", "reason", "sns_confirmation")).isEqualTo(1);
        assertThat(SERVERS.s3().server().getAllServeEvents()).isEmpty();
        assertThat(kafka.deadLetters()).isEmpty();
    }

    @Test
    void organizationTrailKeysOfUnwatchedAccountsAreNotDownloaded() {
        // Given an organization trail's files for a watched and an unwatched account, and an allow list
        String watched = "444455556666";
        String unwatched = "777788889999";
        String watchedKey = CloudTrail.orgLogKey("o-a1b2c3d4e5", watched, "cccccccccccccccc");
        String unwatchedKey = CloudTrail.orgLogKey("o-a1b2c3d4e5", unwatched, "dddddddddddddddd");
        SERVERS.s3().put(BUCKET, watchedKey, CloudTrail.logFile(List.of(CloudTrail.rootLoginRecord(watched, CloudTrail.newId()))));
        SERVERS.s3().put(BUCKET, unwatchedKey, CloudTrail.logFile(List.of(CloudTrail.rootLoginRecord(unwatched, CloudTrail.newId()))));
        SERVERS.sqs().send(queue, CloudTrail.s3Notification(BUCKET, unwatchedKey));
        SERVERS.sqs().send(queue, CloudTrail.s3Notification(BUCKET, watchedKey));
        // and an EventBridge event of the unwatched account, which only the event itself can tell
        SERVERS.sqs().send(queue, CloudTrail.eventBridgeRootLogin(unwatched, CloudTrail.newId()));

        // When the collector runs with collector.accounts.allow = [watched]
        start(SqsTestBed.settings(List.of(queue), Duration.ofSeconds(30), 3), new AccountScope(Set.of(watched), Set.of()));

        // Then only the watched account's file is downloaded and only its event published
        awaitQueueEmpty(queue);
        await().atMost(WAIT).untilAsserted(() -> assertThat(kafka.events()).extracting(TrailEvent::accountId).containsExactly(watched));
        assertThat(SERVERS.s3().requestsFor(BUCKET, unwatchedKey)).isZero();
        assertThat(count(registry, "rootwatch.collector.out.of.scope", "stage", "key")).isEqualTo(1);
        assertThat(count(registry, "rootwatch.collector.out.of.scope", "stage", "event")).isEqualTo(1);
    }

    @Test
    void unreadableBodiesAndDamagedFilesAreDeadLetteredAndDeleted() {
        // Given a body that is not JSON and a notification of a truncated gzip file
        String key = CloudTrail.logKey(ACCOUNT, "eeeeeeeeeeeeeeee");
        byte[] file = CloudTrail.logFile(List.of(CloudTrail.rootLoginRecord(ACCOUNT, CloudTrail.newId())));
        SERVERS.s3().put(BUCKET, key, java.util.Arrays.copyOf(file, file.length / 2));
        SERVERS.sqs().send(queue, "this is not { json");
        SERVERS.sqs().send(queue, CloudTrail.s3Notification(BUCKET, key));

        // When the collector runs
        start();

        // Then each becomes a dead letter with its reason, and both messages are deleted (retrying cannot help)
        awaitQueueEmpty(queue);
        await().atMost(WAIT).untilAsserted(() -> assertThat(kafka.deadLetters()).extracting(DeadLetter::reason)
                .containsExactlyInAnyOrder(DeadLetterReason.MALFORMED_JSON, DeadLetterReason.UNREADABLE));
    }

    @Test
    void aFileThatCannotBeFetchedIsRetriedThenDeadLetteredWithItsReason() {
        // Given a notification of a file S3 keeps failing to serve, a short visibility timeout and maxReceives 2
        String key = CloudTrail.logKey(ACCOUNT, "ffffffffffffffff");
        SERVERS.s3().fail(BUCKET, key, 403, "AccessDenied");
        String messageId = SERVERS.sqs().send(queue, CloudTrail.s3Notification(BUCKET, key));

        // When the collector runs
        start(SqsTestBed.settings(List.of(queue), Duration.ofSeconds(2), 2), AccountScope.ALL);

        // Then it is left for redelivery twice, and on the third receive dead-lettered with the S3 error, then deleted
        awaitQueueEmpty(queue);
        assertThat(count(registry, "rootwatch.collector.sqs.messages.failed")).isEqualTo(2);
        assertThat(count(registry, "rootwatch.collector.sqs.messages.received")).isEqualTo(3);
        assertThat(count(registry, "rootwatch.collector.sqs.messages.dead.lettered", "reason", "unreadable")).isEqualTo(1);
        List<DeadLetter> dead = kafka.deadLetters();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).ref()).isEqualTo("sqs://" + queueName() + "/" + messageId);
        assertThat(dead.get(0).detail()).contains("AccessDenied").contains("received 3 times");
        assertThat(dead.get(0).excerpt()).contains("ObjectCreated:Put");
    }

    @Test
    void visibilityIsRenewedWhileALargeFileIsProcessed() {
        // Given a file that takes 9 s to arrive and a visibility timeout of 4 s
        String key = CloudTrail.logKey(ACCOUNT, "gggggggggggggggg");
        SERVERS.s3().putSlow(BUCKET, key, CloudTrail.logFile(List.of(CloudTrail.rootLoginRecord(ACCOUNT, CloudTrail.newId()))), 9_000);
        SERVERS.sqs().send(queue, CloudTrail.s3Notification(BUCKET, key));

        // When the collector runs
        start(SqsTestBed.settings(List.of(queue), Duration.ofSeconds(4), 3), AccountScope.ALL);

        // Then the message never became visible to a second receive: it was received once, renewed, and deleted
        awaitQueueEmpty(queue);
        assertThat(kafka.events()).hasSize(1);
        assertThat(count(registry, "rootwatch.collector.sqs.messages.received")).isEqualTo(1);
        assertThat(count(registry, "rootwatch.collector.sqs.visibility.extensions")).isGreaterThanOrEqualTo(2);
        assertThat(SERVERS.s3().requestsFor(BUCKET, key)).isEqualTo(1);
    }

    @Test
    void severalQueuesAreReadConcurrently() {
        // Given two queues with 15 EventBridge events each
        String other = SERVERS.sqs().createQueue("eventbridge-" + UUID.randomUUID().toString().substring(0, 8), Duration.ofSeconds(30));
        IntStream.range(0, 15).forEach(i -> {
            SERVERS.sqs().send(queue, CloudTrail.eventBridgeRootLogin(ACCOUNT, CloudTrail.newId()));
            SERVERS.sqs().send(other, CloudTrail.eventBridgeRootLogin(ACCOUNT, CloudTrail.newId()));
        });

        // When one collector reads both with 2 workers
        start(SqsTestBed.settings(List.of(queue, other), Duration.ofSeconds(30), 3), AccountScope.ALL);

        // Then all 30 events arrive and both queues are emptied
        await().atMost(WAIT).untilAsserted(() -> assertThat(kafka.events()).hasSize(30));
        awaitQueueEmpty(queue);
        awaitQueueEmpty(other);
    }

    @Test
    void aBurstIsDeletedOnceKafkaHasItAndLeavesNoVisibilityRenewalsBehind() {
        // Given 60 EventBridge events waiting in the queue
        IntStream.range(0, 60).forEach(i -> SERVERS.sqs().send(queue, CloudTrail.eventBridgeRootLogin(ACCOUNT, CloudTrail.newId())));

        // When the collector reads them with its default workers and receivers
        start(new SqsSettings(List.of(queue), 16, Duration.ofSeconds(1), Duration.ofSeconds(30), 3, Duration.ofSeconds(30)),
                AccountScope.ALL);

        // Then every event is in Kafka, every message deleted (in batches), and no renewal of a finished message stays scheduled
        await().atMost(WAIT).untilAsserted(() -> assertThat(kafka.events()).hasSize(60));
        awaitQueueEmpty(queue);
        await().atMost(WAIT).untilAsserted(() -> assertThat(count(registry, "rootwatch.collector.sqs.messages.deleted")).isEqualTo(60));
        assertThat(source.scheduledRenewals()).isZero();
    }

    @Test
    void renewalsOfManyMessagesKeepUpWhenEachRenewalCallIsSlow() {
        // Given 30 notifications, each naming a log file that takes 8 s to arrive, a visibility timeout of 6 s,
        // and an SQS client whose visibility changes take a second each (a loaded machine, a slow network)
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String key = CloudTrail.logKey(ACCOUNT, String.format("slow%012d", i));
            SERVERS.s3().putSlow(BUCKET, key, CloudTrail.logFile(List.of(CloudTrail.rootLoginRecord(ACCOUNT, CloudTrail.newId()))), 8_000);
            SERVERS.sqs().send(queue, CloudTrail.s3Notification(BUCKET, key));
            keys.add(key);
        }
        SqsSettings settings = new SqsSettings(List.of(queue), 30, Duration.ofSeconds(1), Duration.ofSeconds(6), 3,
                Duration.ofSeconds(30));
        AtomicInteger visibilityCalls = new AtomicInteger();

        // When the collector works on all of them at once
        source = bed.source(settings, publisher, registry, AccountScope.ALL, refreshed::add,
                client -> SlowCalls.of(client, "changeMessageVisibility", Duration.ofSeconds(1), visibilityCalls));
        source.start();

        // Then no message became visible to a second reader: each file was read once, each message received once
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> assertThat(kafka.events()).hasSize(30));
        awaitQueueEmpty(queue);
        assertThat(keys).allSatisfy(key -> assertThat(SERVERS.s3().requestsFor(BUCKET, key)).as(key).isEqualTo(1));
        assertThat(count(registry, "rootwatch.collector.sqs.messages.received")).isEqualTo(30);
        // renewed ten to a call, a few calls at once: a call per message, one after the other (30 s a round), could not
        // have kept up
        assertThat(count(registry, "rootwatch.collector.sqs.visibility.extensions")).isGreaterThanOrEqualTo(30);
        assertThat(visibilityCalls.get()).isLessThan((int) count(registry, "rootwatch.collector.sqs.visibility.extensions"));
    }

    private String queueName() {
        return queue.substring(queue.lastIndexOf('/') + 1);
    }
}
