package dev.rootwatch.collector.lookup;

import static dev.rootwatch.collector.CollectorMetrics.count;
import static dev.rootwatch.collector.testing.CloudTrail.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rootwatch.collector.AccountScope;
import dev.rootwatch.collector.CollectorMetrics;
import dev.rootwatch.collector.EventIntake;
import dev.rootwatch.collector.KafkaPublisher;
import dev.rootwatch.collector.PostureRefreshRequests;
import dev.rootwatch.collector.Publisher;
import dev.rootwatch.collector.testing.CloudTrail;
import dev.rootwatch.collector.testing.Fixture;
import dev.rootwatch.collector.testing.KafkaTopics;
import dev.rootwatch.collector.testing.MutableClock;
import dev.rootwatch.collector.testing.RecordingPublisher;
import dev.rootwatch.collector.testing.StubCloudTrail;
import dev.rootwatch.common.cloudtrail.InputLimits;
import dev.rootwatch.common.model.IngestSource;
import dev.rootwatch.common.model.TrailEvent;
import dev.rootwatch.kafka.embedded.EmbeddedKafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;

/** The LookupEvents source against CloudTrail's JSON protocol served by WireMock, through the real CloudTrailClient. */
class LookupSourceIT {

    private static StubCloudTrail cloudTrail;
    private static CloudTrailClient client;

    @TempDir
    Path dir;

    private SimpleMeterRegistry registry;

    @BeforeAll
    static void startStub() {
        cloudTrail = StubCloudTrail.start();
        client = cloudTrail.client();
    }

    @AfterAll
    static void stopStub() {
        client.close();
        cloudTrail.close();
    }

    @BeforeEach
    void reset() {
        cloudTrail.reset();
        registry = new SimpleMeterRegistry();
    }

    private LookupSettings settings(List<String> names, Duration ackTimeout) {
        return settings(names, false, ackTimeout);
    }

    private LookupSettings settings(List<String> names, boolean rootCalls, Duration ackTimeout) {
        return new LookupSettings(List.of(Region.US_EAST_1), names, rootCalls, Duration.ofSeconds(1), Duration.ofMinutes(15),
                Duration.ofHours(1), 2, dir.resolve("checkpoint.json"), ackTimeout);
    }

    private LookupSource source(LookupSettings settings, Publisher publisher, Clock clock) {
        CollectorMetrics metrics = new CollectorMetrics(registry);
        EventIntake intake = new EventIntake(publisher, metrics, clock, AccountScope.ALL, PostureRefreshRequests.NONE, false);
        return new LookupSource(settings, r -> client, InputLimits.defaults(), intake, LookupCheckpoint.open(settings.checkpointFile()),
                metrics, clock);
    }

    private static ObjectNode iamUserLogin() {
        ObjectNode e = CloudTrail.rootLoginRecord(ACCOUNT, CloudTrail.newId());
        ((ObjectNode) e.get("userIdentity")).put("type", "IAMUser").put("arn", "arn:aws:iam::" + ACCOUNT + ":user/alice")
                .put("userName", "alice");
        return e;
    }

    private static ObjectNode rootDeactivation() {
        return (ObjectNode) Fixture.load("eventbridge-root-deactivate-mfa.json").with("ENVELOPE_ID", "x").with("ACCOUNT", ACCOUNT)
                .with("EVENT_TIME", CloudTrail.eventTime()).with("EVENT_ID", CloudTrail.newId()).json().get("detail");
    }

    @Test
    void pollsOneEventNamePerCallFollowsPagesAndPublishesTheRelevantEvents() {
        // Given two pages of ConsoleLogin (two root logins, one IAM user's) and one DeactivateMFADevice
        ObjectNode firstLogin = CloudTrail.rootLoginRecord(ACCOUNT, CloudTrail.newId());
        ObjectNode secondLogin = CloudTrail.rootLoginRecord(ACCOUNT, CloudTrail.newId());
        ObjectNode deactivation = rootDeactivation();
        cloudTrail.page("ConsoleLogin", null, List.of(firstLogin, iamUserLogin()), "page-2");
        cloudTrail.page("ConsoleLogin", "page-2", List.of(secondLogin), null);
        cloudTrail.page("DeactivateMFADevice", null, List.of(deactivation), null);
        RecordingPublisher publisher = RecordingPublisher.acknowledging();

        // When one poll runs
        source(settings(List.of("ConsoleLogin", "DeactivateMFADevice"), Duration.ofSeconds(5)), publisher, Clock.systemUTC())
                .pollOnce();

        // Then the three relevant events are published as LookupEvents events, the CloudTrailEvent strings parsed
        assertThat(publisher.events).extracting(TrailEvent::eventId).containsExactlyInAnyOrder(
                firstLogin.get("eventID").asText(), secondLogin.get("eventID").asText(), deactivation.get("eventID").asText());
        assertThat(publisher.events).allSatisfy(e -> assertThat(e.ingest().source()).isEqualTo(IngestSource.LOOKUP));
        assertThat(count(registry, "rootwatch.collector.records", "source", "lookup")).isEqualTo(4);
        // and every call asked for exactly one event name, the second page by its token
        List<JsonNode> requests = cloudTrail.requests();
        assertThat(requests).hasSize(3);
        assertThat(requests).allSatisfy(r -> {
            assertThat(r.get("LookupAttributes")).hasSize(1);
            assertThat(r.at("/LookupAttributes/0/AttributeKey").asText()).isEqualTo("EventName");
        });
        assertThat(requests.get(1).get("NextToken").asText()).isEqualTo("page-2");
        assertThat(count(registry, "rootwatch.collector.lookup.requests", "outcome", "success")).isEqualTo(3);
        assertThat(registry.find("rootwatch.collector.last.success.timestamp").tag("source", "lookup").gauge().value()).isPositive();
    }

    @Test
    void callsArePacedToTwoPerSecondAndRegion() {
        // Given four pages to read
        cloudTrail.page("ConsoleLogin", null, List.of(), "2");
        cloudTrail.page("ConsoleLogin", "2", List.of(), "3");
        cloudTrail.page("ConsoleLogin", "3", List.of(), "4");
        cloudTrail.page("ConsoleLogin", "4", List.of(), null);

        // When one poll reads them
        source(settings(List.of("ConsoleLogin"), Duration.ofSeconds(5)), RecordingPublisher.acknowledging(), Clock.systemUTC())
                .pollOnce();

        // Then consecutive calls are about half a second apart (as the stub saw them arrive), 1.5 s for all four
        List<Instant> times = cloudTrail.requestTimes();
        assertThat(times).hasSize(4);
        for (int i = 1; i < times.size(); i++) {
            assertThat(Duration.between(times.get(i - 1), times.get(i))).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        }
        assertThat(Duration.between(times.get(0), times.get(3))).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
    }

    @Test
    void waitsHalfASecondAfterEachAnswerSoCallsArriveNoCloserThanThat() {
        // Given three pages that CloudTrail takes 700 ms each to answer
        cloudTrail.page("ConsoleLogin", null, List.of(), "2", 700);
        cloudTrail.page("ConsoleLogin", "2", List.of(), "3", 700);
        cloudTrail.page("ConsoleLogin", "3", List.of(), null, 700);

        // When one poll reads them
        source(settings(List.of("ConsoleLogin"), Duration.ofSeconds(5)), RecordingPublisher.acknowledging(), Clock.systemUTC())
                .pollOnce();

        // Then each call arrived half a second after the previous one was answered, not half a second after it started
        List<Instant> times = cloudTrail.requestTimes();
        assertThat(times).hasSize(3);
        for (int i = 1; i < times.size(); i++) {
            assertThat(Duration.between(times.get(i - 1), times.get(i))).isGreaterThanOrEqualTo(Duration.ofMillis(1150));
        }
    }

    @Test
    void findsEveryRootCallWhateverItsNameByTheUserNameRoot() {
        // Given root's DescribeInstances in the event history, which no event name lookup asks for
        ObjectNode describe = CloudTrail.rootLoginRecord(ACCOUNT, CloudTrail.newId());
        describe.put("eventSource", "ec2.amazonaws.com").put("eventName", "DescribeInstances").put("eventType", "AwsApiCall");
        describe.remove("additionalEventData");
        describe.remove("responseElements");
        cloudTrail.page("root", null, List.of(describe), null);
        RecordingPublisher publisher = RecordingPublisher.acknowledging();

        // When one poll runs with the root lookup on
        source(settings(List.of("ConsoleLogin"), true, Duration.ofSeconds(5)), publisher, Clock.systemUTC()).pollOnce();

        // Then it asked for the user name root, once, after the event names, and published root's call
        List<JsonNode> requests = cloudTrail.requests();
        assertThat(requests).extracting(r -> r.at("/LookupAttributes/0/AttributeKey").asText() + "=" + r.at("/LookupAttributes/0/AttributeValue").asText())
                .containsExactly("EventName=ConsoleLogin", "Username=root");
        assertThat(publisher.events).extracting(TrailEvent::eventName).containsExactly("DescribeInstances");
    }

    @Test
    void aRestartResumesFromTheCheckpointMinusTheOverlapAndSendsNoEventTwice() throws Exception {
        // Given a first collector that read one root login and checkpointed
        MutableClock clock = new MutableClock(Instant.parse("2026-03-14T12:00:00Z"));
        ObjectNode old = CloudTrail.rootLoginRecord(ACCOUNT, CloudTrail.newId()).put("eventTime", "2026-03-14T11:58:00Z");
        cloudTrail.page("ConsoleLogin", null, List.of(old), null);
        RecordingPublisher first = RecordingPublisher.acknowledging();
        source(settings(List.of("ConsoleLogin"), Duration.ofSeconds(5)), first, clock).pollOnce();
        assertThat(first.events).hasSize(1);
        assertThat(Files.readString(dir.resolve("checkpoint.json"))).contains(old.get("eventID").asText());

        // When a new collector starts ten minutes later, and the history now also holds a newer login
        clock.advance(Duration.ofMinutes(10));
        ObjectNode newer = CloudTrail.rootLoginRecord(ACCOUNT, CloudTrail.newId()).put("eventTime", "2026-03-14T12:08:00Z");
        cloudTrail.reset();
        cloudTrail.page("ConsoleLogin", null, List.of(newer, old), null);
        RecordingPublisher second = RecordingPublisher.acknowledging();
        source(settings(List.of("ConsoleLogin"), Duration.ofSeconds(5)), second, clock).pollOnce();

        // Then it read from the first poll's end minus the 15 min overlap, and sent only the newer login
        JsonNode request = cloudTrail.requests().get(0);
        assertThat(Instant.ofEpochMilli((long) (request.get("StartTime").asDouble() * 1000)))
                .isEqualTo(Instant.parse("2026-03-14T11:45:00Z"));
        assertThat(Instant.ofEpochMilli((long) (request.get("EndTime").asDouble() * 1000)))
                .isEqualTo(Instant.parse("2026-03-14T12:10:00Z"));
        assertThat(second.events).extracting(TrailEvent::eventId).containsExactly(newer.get("eventID").asText());
    }

    @Test
    void aPollKafkaDidNotAcknowledgeDoesNotMoveTheCheckpointAndIsReadAgain() {
        // Given a root login in the history and a Kafka that never acknowledges
        ObjectNode login = CloudTrail.rootLoginRecord(ACCOUNT, CloudTrail.newId());
        cloudTrail.page("ConsoleLogin", null, List.of(login), null);
        LookupSettings settings = settings(List.of("ConsoleLogin"), Duration.ofMillis(300));
        source(settings, RecordingPublisher.stalling(), Clock.systemUTC()).pollOnce();

        // Then no checkpoint was written
        assertThat(dir.resolve("checkpoint.json")).doesNotExist();

        // When the next poll runs with a working Kafka
        RecordingPublisher working = RecordingPublisher.acknowledging();
        source(settings, working, Clock.systemUTC()).pollOnce();

        // Then the same event is sent again, and now checkpointed
        assertThat(working.events).extracting(TrailEvent::eventId).containsExactly(login.get("eventID").asText());
        assertThat(dir.resolve("checkpoint.json")).exists();
    }

    @Test
    void anApiErrorIsCountedAndLeavesTheCheckpoint() {
        // Given a CloudTrail that refuses every call
        cloudTrail.failAll(400, "InvalidLookupAttributesException");

        // When a poll runs
        source(settings(List.of("ConsoleLogin"), Duration.ofSeconds(5)), RecordingPublisher.acknowledging(), Clock.systemUTC())
                .pollOnce();

        // Then the failure is counted and nothing is checkpointed
        assertThat(count(registry, "rootwatch.collector.lookup.requests", "outcome", "failure")).isEqualTo(1);
        assertThat(dir.resolve("checkpoint.json")).doesNotExist();
    }

    @Test
    void runningOnItsScheduleItPublishesToKafka() throws Exception {
        // Given a root MFA deactivation in the history, and the embedded broker
        ObjectNode deactivation = rootDeactivation();
        cloudTrail.page("DeactivateMFADevice", null, List.of(deactivation), null);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            KafkaTopics kafka = KafkaTopics.create(broker.bootstrapServers());
            try (KafkaPublisher publisher = new KafkaPublisher(broker.bootstrapServers(), kafka.topics(), "it-lookup")) {
                LookupSource source = source(settings(List.of("DeactivateMFADevice"), Duration.ofSeconds(10)), publisher,
                        Clock.systemUTC());

                // When the source runs on its own threads
                source.start();

                // Then the event reaches Kafka once, however many polls ran
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(kafka.events()).hasSize(1));
                await().atMost(Duration.ofSeconds(10)).until(() -> cloudTrail.requests().size() >= 3);
                assertThat(source.stop(Duration.ofSeconds(10))).isTrue();
                assertThat(kafka.events()).extracting(TrailEvent::eventId).containsExactly(deactivation.get("eventID").asText());
            }
        }
    }
}
