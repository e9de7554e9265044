package dev.rootwatch.collector.sqs;

import static dev.rootwatch.collector.CollectorMetrics.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rootwatch.collector.AccountScope;
import dev.rootwatch.collector.KafkaPublisher;
import dev.rootwatch.collector.testing.CloudTrail;
import dev.rootwatch.collector.testing.KafkaTopics;
import dev.rootwatch.collector.testing.LiveServers;
import dev.rootwatch.common.json.Json;
import dev.rootwatch.common.model.DeadLetter;
import dev.rootwatch.common.model.DeadLetterReason;
import dev.rootwatch.common.model.TrailEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The live path under hostile input: the bodies and files that once blinded a replay, sent as SQS
 * messages (ElasticMQ, the real SqsClient) and served as S3 log files (WireMock in S3's wire format),
 * between good ones. The collector keeps running, the good messages and files produce their events,
 * each bad one is dead-lettered with its reason, and every message is received once and deleted:
 * nothing is left to come back forever.
 */
class HostileMessagesIT {

    private static final String BUCKET = "org-cloudtrail-logs";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final LiveServers SERVERS = new LiveServers();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private KafkaTopics kafka;
    private KafkaPublisher publisher;
    private SqsTestBed bed;
    private SqsSource source;
    private String queue;

    @BeforeEach
    void freshTopicsAndQueue() {
        SERVERS.s3().reset();
        kafka = KafkaTopics.create(SERVERS.broker().bootstrapServers());
        publisher = new KafkaPublisher(SERVERS.broker().bootstrapServers(), kafka.topics(), "it-hostile");
        queue = SERVERS.sqs().createQueue("hostile-" + UUID.randomUUID().toString().substring(0, 8), Duration.ofSeconds(5));
    }

    @AfterEach
    void stopSource() throws InterruptedException {
        if (source != null) {
            source.stop(Duration.ofSeconds(10));
        }
        publisher.close();
        if (bed != null) {
            bed.close();
        }
    }

    /** A source as the live collector builds it, reading the test's queue (maxReceives 3). */
    private void start() {
        bed = new SqsTestBed(SERVERS.sqs(), SERVERS.s3());
        source = bed.source(SqsTestBed.settings(List.of(queue), Duration.ofSeconds(5), 3), publisher, registry, AccountScope.ALL,
                account -> { });
        source.start();
    }

    /** An EventBridge root sign-in without MFA, its CloudTrail event changed by {@code change}. */
    private static String eventBridgeLogin(String eventId, java.util.function.Consumer<ObjectNode> change) {
        ObjectNode envelope;
        try {
            envelope = (ObjectNode) Json.mapper().readTree(CloudTrail.eventBridgeRootLogin(CloudTrail.ACCOUNT, eventId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        change.accept((ObjectNode) envelope.get("detail"));
        return envelope.toString();
    }

    @Test
    void hostileBodiesAreDeadLetteredOnceAndTheMessagesAroundThemStillAlert() {
        // Given good root sign-ins around bodies that once stopped or blinded rootwatch
        List<String> bodies = new ArrayList<>();
        bodies.add(CloudTrail.eventBridgeRootLogin(CloudTrail.ACCOUNT, "good-1"));
        bodies.add(eventBridgeLogin("max", d -> d.put("eventTime", "+1000000000-12-31T23:59:59.999999999Z")));
        bodies.add(eventBridgeLogin("min", d -> d.put("eventTime", "-1000000000-01-01T00:00:00Z")));
        bodies.add(eventBridgeLogin("forged", d -> d.put("recipientAccountId", "200000000047\n[FAKE LOG LINE] \u001b[31mred")));
        bodies.add(eventBridgeLogin("short", d -> d.put("recipientAccountId", "12345")));
        bodies.add(eventBridgeLogin("twice", d -> { }).replace("\"eventTime\"", "\"userIdentity\":{\"type\":\"IAMUser\"},\"eventTime\""));
        bodies.add("[".repeat(100_000) + "]".repeat(100_000));
        bodies.add("{\"Records\":[" + "1,".repeat(60_000) + "1]}");
        bodies.add("not JSON at all"); // SQS itself refuses raw control characters in a body
        bodies.add(CloudTrail.eventBridgeRootLogin(CloudTrail.ACCOUNT, "hidden") + "\n" + CloudTrail.eventBridgeRootLogin(CloudTrail.ACCOUNT, "x"));
        bodies.add(CloudTrail.eventBridgeRootLogin(CloudTrail.ACCOUNT, "good-2"));
        bodies.forEach(body -> SERVERS.sqs().send(queue, body));

        // When the collector runs
        start();

        // Then both good sign-ins are published, every bad body is a dead letter, and every message is gone, received once
        awaitQueueEmpty();
        await().atMost(WAIT).untilAsserted(() -> assertThat(kafka.events()).extracting(TrailEvent::eventId)
                .containsExactlyInAnyOrder("good-1", "good-2"));
        List<DeadLetter> dead = kafka.deadLetters();
        assertThat(dead.stream().mapToLong(DeadLetter::count).sum()).isEqualTo(60_001 + 8);
        assertThat(dead).extracting(DeadLetter::reason).contains(DeadLetterReason.INVALID_EVENT, DeadLetterReason.MALFORMED_JSON,
                DeadLetterReason.UNEXPECTED_SHAPE);
        assertThat(count(registry, "rootwatch.collector.sqs.messages.received")).isEqualTo(bodies.size());
        assertThat(count(registry, "rootwatch.collector.sqs.messages.deleted")).isEqualTo(bodies.size());
        assertThat(count(registry, "rootwatch.collector.sqs.messages.failed")).isZero();
        assertThat(source.isRunning()).isTrue();
    }

    @Test
    void hostileLogFilesAreDeadLetteredAndTheFilesNamedBesideThemStillRead() {
        // Given one notification naming a good log file, then hostile ones, then another good one
        List<String> keys = new ArrayList<>();
        keys.add(put("good-a", logFile(CloudTrail.rootLoginRecord(CloudTrail.ACCOUNT, "file-good-1").toString())));
        ObjectNode future = CloudTrail.rootLoginRecord(CloudTrail.ACCOUNT, "file-max");
        future.put("eventTime", "+1000000000-12-31T23:59:59.999999999Z");
        keys.add(put("max", logFile(future.toString())));
        String twice = CloudTrail.rootLoginRecord(CloudTrail.ACCOUNT, "file-twice").toString()
                .replace("\"eventTime\"", "\"userIdentity\":{\"type\":\"IAMUser\"},\"eventTime\"");
        keys.add(put("twice", logFile(CloudTrail.rootLoginRecord(CloudTrail.ACCOUNT, "file-beside-twice").toString() + "," + twice)));
        keys.add(put("tokens", gzip("{\"Records\":[{\"eventName\":\"x\",\"eventSource\":\"y\",\"big\":[" + "1,".repeat(12_000_000)
                + "1]}," + CloudTrail.rootLoginRecord(CloudTrail.ACCOUNT, "file-after-big") + "]}")));
        keys.add(put("junk", gzip(CloudTrail.rootLoginRecord(CloudTrail.ACCOUNT, "file-junk-first") + "\n"
                + "junk \u001b[31m line\n".repeat(50_000))));
        keys.add(put("good-b", logFile(CloudTrail.rootLoginRecord(CloudTrail.ACCOUNT, "file-good-2").toString())));
        SERVERS.sqs().send(queue, CloudTrail.cloudTrailSnsNotification(BUCKET, keys));

        // When the collector runs
        start();

        // Then every good record is published, each bad one dead-lettered, and the message deleted after one receive
        awaitQueueEmpty();
        await().atMost(WAIT).untilAsserted(() -> assertThat(kafka.events()).extracting(TrailEvent::eventId)
                .containsExactlyInAnyOrder("file-good-1", "file-beside-twice", "file-after-big", "file-junk-first", "file-good-2"));
        List<DeadLetter> dead = kafka.deadLetters();
        assertThat(dead).extracting(DeadLetter::reason).contains(DeadLetterReason.INVALID_EVENT, DeadLetterReason.MALFORMED_JSON,
                DeadLetterReason.OVERSIZED);
        assertThat(dead.stream().mapToLong(DeadLetter::count).sum()).isEqualTo(3 + 50_000);
        assertThat(count(registry, "rootwatch.collector.sqs.messages.received")).isEqualTo(1);
        assertThat(count(registry, "rootwatch.collector.s3.objects.fetched")).isEqualTo(keys.size());
        assertThat(source.isRunning()).isTrue();
    }

    private String put(String name, byte[] body) {
        String key = CloudTrail.logKey(CloudTrail.ACCOUNT, (name + "0000000000000000").substring(0, 16));
        SERVERS.s3().put(BUCKET, key, body);
        return key;
    }

    private static byte[] logFile(String records) {
        return gzip("{\"Records\":[" + records + "]}");
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private void awaitQueueEmpty() {
        await().atMost(WAIT).untilAsserted(() -> assertThat(SERVERS.sqs().messagesLeft(queue)).isZero());
    }
}
