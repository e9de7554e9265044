package dev.rootwatch.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rootwatch.collector.testing.CloudTrail;
import dev.rootwatch.collector.testing.Fixture;
import dev.rootwatch.collector.testing.RecordingPublisher;
import dev.rootwatch.common.model.DeadLetterReason;
import dev.rootwatch.common.model.IngestSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class EventIntakeTest {

    private static final String ACCOUNT = CloudTrail.ACCOUNT;

    private final RecordingPublisher publisher = RecordingPublisher.acknowledging();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<String> refreshed = new ArrayList<>();

    private EventIntake intake(AccountScope scope, Clock clock) {
        return new EventIntake(publisher, new CollectorMetrics(registry), clock, scope, refreshed::add, false);
    }

    private static ObjectNode deactivation(String account, String userType) {
        ObjectNode e = (ObjectNode) Fixture.load("eventbridge-root-deactivate-mfa.json").with("ENVELOPE_ID", "x").with("ACCOUNT", account)
                .with("EVENT_TIME", "2026-03-14T12:00:00Z").with("EVENT_ID", CloudTrail.newId()).json().get("detail");
        ((ObjectNode) e.get("userIdentity")).put("type", userType);
        return e;
    }

    @Test
    void publishesRelevantEventsOnlyAndReturnsTheirAcknowledgement() {
        // Given an intake
        EventIntake intake = intake(AccountScope.ALL, Clock.systemUTC());

        // When a root login and an IAM user's DescribeInstances pass
        CompletableFuture<Void> root = intake.event(CloudTrail.rootLoginRecord(ACCOUNT, "e-1"), null, IngestSource.S3, "s3://b/k", "loc");
        CompletableFuture<Void> noise = intake.event(CloudTrail.noiseRecord(ACCOUNT), null, IngestSource.S3, "s3://b/k", "loc");

        // Then only the root login is published; both are counted as scanned
        assertThat(publisher.events).extracting(e -> e.eventId()).containsExactly("e-1");
        assertThat(root).isDone();
        assertThat(noise).isDone();
        assertThat(CollectorMetrics.count(registry, "rootwatch.collector.records", "source", "s3")).isEqualTo(2);
        assertThat(CollectorMetrics.count(registry, "rootwatch.collector.relevant.events", "source", "s3")).isEqualTo(1);
    }

    @Test
    void asksForAPostureRefreshAfterAnMfaDeviceCallWhoeverMadeIt() {
        EventIntake intake = intake(AccountScope.ALL, Clock.systemUTC());

        intake.event(deactivation("111111111111", "Root"), null, IngestSource.SQS, "m", "loc");
        intake.event(deactivation("222222222222", "IAMUser"), null, IngestSource.SQS, "m", "loc");
        intake.event(CloudTrail.rootLoginRecord(ACCOUNT, "login"), null, IngestSource.SQS, "m", "loc");

        assertThat(refreshed).containsExactly("111111111111", "222222222222");
    }

    @Test
    void aFailedCallAsksForNoRefresh() {
        ObjectNode failed = deactivation(ACCOUNT, "Root").put("errorCode", "AccessDenied").put("errorMessage", "denied");

        intake(AccountScope.ALL, Clock.systemUTC()).event(failed, null, IngestSource.SQS, "m", "loc");

        assertThat(publisher.events).hasSize(1);
        assertThat(refreshed).isEmpty();
    }

    @Test
    void eventsOfUnwatchedAccountsAreCountedNotPublished() {
        EventIntake intake = intake(new AccountScope(Set.of(), Set.of(ACCOUNT)), Clock.systemUTC());

        intake.event(CloudTrail.rootLoginRecord(ACCOUNT, "e-1"), null, IngestSource.EVENTBRIDGE, "m", "loc");

        assertThat(publisher.events).isEmpty();
        assertThat(CollectorMetrics.count(registry, "rootwatch.collector.out.of.scope", "stage", "event")).isEqualTo(1);
    }

    @Test
    void aRelevantEventWithoutItsTimeIsDeadLettered() {
        ObjectNode broken = CloudTrail.rootLoginRecord(ACCOUNT, "e-1");
        broken.remove("eventTime");

        intake(AccountScope.ALL, Clock.systemUTC()).event(broken, null, IngestSource.SQS, "m", "sqs://q/m");

        assertThat(publisher.events).isEmpty();
        assertThat(publisher.deadLetters).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo(DeadLetterReason.INVALID_EVENT);
            assertThat(d.source()).isEqualTo("sqs");
            assertThat(d.ref()).isEqualTo("sqs://q/m");
        });
    }

    @Test
    void recordsTheDeliveryLagOfLiveSourcesOnly() {
        // Given a clock 7 minutes after the events' time
        ObjectNode event = CloudTrail.rootLoginRecord(ACCOUNT, "e-1").put("eventTime", "2026-03-14T12:00:00Z");
        Clock clock = Clock.fixed(Instant.parse("2026-03-14T12:07:00Z"), ZoneOffset.UTC);
        EventIntake intake = intake(AccountScope.ALL, clock);

        // When the same event comes from S3 and from a replayed file
        intake.event(event, null, IngestSource.S3, "s3://b/k", "loc");
        intake.event(event, null, IngestSource.FILE, "f", "loc");

        // Then the lag is recorded once, for S3, as 7 minutes, in the histogram's 10-minute bucket
        var timer = registry.find("rootwatch.collector.delivery.lag").tag("source", "s3").timer();
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.totalTime(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(420.0);
        assertThat(registry.find("rootwatch.collector.delivery.lag").tag("source", "file").timer()).isNull();
        assertThat(CollectorMetrics.LAG_SLOS).contains(Duration.ofMinutes(10));
    }
}
